import { describe, expect, test } from 'vitest'
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { commandBuildArgs, commandCacheOptions, mayExportToActionsCache, prepareRunCommand } from '../src/run-mode/command.js'
import { runBuild } from '../src/run-mode/run.js'
import { RawJsonPrinter } from '../src/progress/printer.js'
import { ProgressReader } from '../src/progress/detect.js'
import { PlainParser } from '../src/progress/plain.js'
import { modelBuilds } from '../src/pipeline.js'
import { analyse } from '../src/analysis/analyse.js'
import type { Exec } from '../src/docker/exec.js'
import { fixture } from './helpers.js'

const META = '/rt/meta.json'

describe('prepareRunCommand', () => {
  test.each([
    ['docker buildx build -t app .', ['buildx', 'build', '--progress=rawjson', '--metadata-file', META, '-t', 'app', '.'], 'rawjson'],
    ['docker build -t app .', ['build', '--progress=rawjson', '--metadata-file', META, '-t', 'app', '.'], 'rawjson'],
    ['docker buildx b .', ['buildx', 'b', '--progress=rawjson', '--metadata-file', META, '.'], 'rawjson'],
    ['docker buildx --builder ci build .', ['buildx', '--builder', 'ci', 'build', '--progress=rawjson', '--metadata-file', META, '.'], 'rawjson'],
    ['docker --context remote buildx build .', ['--context', 'remote', 'buildx', 'build', '--progress=rawjson', '--metadata-file', META, '.'], 'rawjson'],
    ['docker buildx build --progress=plain .', ['buildx', 'build', '--metadata-file', META, '--progress=plain', '.'], 'plain'],
    ['docker buildx build --progress tty .', ['buildx', 'build', '--metadata-file', META, '--progress', 'tty', '.'], 'unreadable'],
    ['docker buildx build --metadata-file m.json .', ['buildx', 'build', '--progress=rawjson', '--metadata-file', 'm.json', '.'], 'rawjson'],
    [
      'docker buildx build \\\n  -t "my app:$TAG" \\\n  --build-arg A=\'$HOME\' .',
      ['buildx', 'build', '--progress=rawjson', '--metadata-file', META, '-t', 'my app:v1', '--build-arg', 'A=$HOME', '.'],
      'rawjson'
    ],
    // docker's global options, with a value and without, in every form pflag reads
    ['docker image build .', ['image', 'build', '--progress=rawjson', '--metadata-file', META, '.'], 'rawjson'],
    ['docker builder build .', ['builder', 'build', '--progress=rawjson', '--metadata-file', META, '.'], 'rawjson'],
    [
      'docker -H unix:///x buildx --builder b build .',
      ['-H', 'unix:///x', 'buildx', '--builder', 'b', 'build', '--progress=rawjson', '--metadata-file', META, '.'],
      'rawjson'
    ],
    ['docker --config=/cfg -c ctx build .', ['--config=/cfg', '-c', 'ctx', 'build', '--progress=rawjson', '--metadata-file', META, '.'], 'rawjson'],
    ['docker -Hunix:///x -H=tcp://h:2376 build .', ['-Hunix:///x', '-H=tcp://h:2376', 'build', '--progress=rawjson', '--metadata-file', META, '.'], 'rawjson'],
    [
      'docker -D --tls --tlsverify --tlscacert ca.pem --tlscert=c.pem --tlskey k.pem -l warn --log-level=debug build .',
      [
        '-D',
        '--tls',
        '--tlsverify',
        '--tlscacert',
        'ca.pem',
        '--tlscert=c.pem',
        '--tlskey',
        'k.pem',
        '-l',
        'warn',
        '--log-level=debug',
        'build',
        '--progress=rawjson',
        '--metadata-file',
        META,
        '.'
      ],
      'rawjson'
    ],
    [
      'docker --debug=true buildx -D --builder=ci b .',
      ['--debug=true', 'buildx', '-D', '--builder=ci', 'b', '--progress=rawjson', '--metadata-file', META, '.'],
      'rawjson'
    ],
    // a value that looks like a command is a value
    // with the value inline, `build` is the command and `run` its context directory
    ['docker -H=x build run', ['-H=x', 'build', '--progress=rawjson', '--metadata-file', META, 'run'], 'rawjson'],
    ['docker --context build build .', ['--context', 'build', 'build', '--progress=rawjson', '--metadata-file', META, '.'], 'rawjson'],
    ['docker buildx build -q .', ['buildx', 'build', '--metadata-file', META, '-q', '.'], 'unreadable']
  ])('%j', (run, args, progress) => {
    const r = prepareRunCommand(run, { TAG: 'v1' }, META)
    expect(r).toEqual({ command: { file: 'docker', args, kind: 'build', progress, metadataFile: args[args.indexOf('--metadata-file') + 1] } })
  })

  test.each([
    ['docker buildx bake -f x.hcl t1 t2', ['buildx', 'bake', '--progress=rawjson', '--metadata-file', META, '-f', 'x.hcl', 't1', 't2'], 'rawjson'],
    ['docker buildx bake --progress=plain --metadata-file=m.json', ['buildx', 'bake', '--progress=plain', '--metadata-file=m.json'], 'plain'],
    ['docker buildx bake --progress quiet', ['buildx', 'bake', '--metadata-file', META, '--progress', 'quiet'], 'unreadable'],
    ['docker -c ctx buildx --builder ci f', ['-c', 'ctx', 'buildx', '--builder', 'ci', 'f', '--progress=rawjson', '--metadata-file', META], 'rawjson']
  ])('bake: %j', (run, args, progress) => {
    const r = prepareRunCommand(run, {}, META)
    const m = args.findIndex((a) => a.startsWith('--metadata-file'))
    const metadataFile = args[m] === '--metadata-file' ? args[m + 1] : args[m]?.slice('--metadata-file='.length)
    expect(r).toEqual({ command: { file: 'docker', args, kind: 'bake', progress, metadataFile } })
  })

  test.each([
    ['docker buildx build . | tee log', '"|" is shell syntax'],
    ['docker buildx build . && echo done', '"&&" is shell syntax'],
    ['docker buildx build . ; rm -rf x', '";" is shell syntax'],
    ['docker buildx build $(pwd)', 'is shell syntax'],
    ['docker buildx build *.txt', '"*.txt" is shell syntax'],
    ['docker buildx bake --set *.platform=linux/amd64', '"*.platform=linux/amd64" is shell syntax (a glob), and the command runs without a shell; quote it'],
    ['docker buildx build .\ndocker push app', 'give one docker build command'],
    ['podman build .', 'expected a `docker build`, `docker buildx build` or `docker buildx bake` command, got "podman build ."'],
    ['docker run alpine', 'expected a `docker build`, `docker buildx build` or `docker buildx bake` command'],
    // `--config` takes a value: the command here is `run`
    ['docker --config build run --rm alpine', 'got "docker --config build run"'],
    ['docker -c build run --rm alpine', 'got "docker -c build run"'],
    ['docker buildx --builder build run', 'got "docker buildx --builder build run"'],
    ['docker --bogus build .', '"--bogus" is not a docker option that run mode accepts before the command'],
    ['docker -x build .', '"-x" is not a docker option'],
    ['docker -Dc ctx build .', '"-Dc" is not a docker option'],
    ['docker --tls=yes build .', '"--tls=yes" is not a docker option'],
    ['docker --version build .', '"--version" is not a docker option'],
    ['docker -- build .', '"--" is not a docker option'],
    ['docker buildx --bogus build .', '"--bogus" is not a buildx option that run mode accepts'],
    ['docker --config', 'docker option "--config" needs a value'],
    ['docker buildx --builder', 'buildx option "--builder" needs a value'],
    ['docker buildx history rm --all', 'got "docker buildx history"'],
    ['docker buildx --builder b create', 'got "docker buildx --builder b create"'],
    ['docker image ls', 'got "docker image ls"'],
    ['docker builder prune -af', 'got "docker builder prune"'],
    ['docker', 'expected a `docker build`']
  ])('refuses %j', (run, message) => {
    const r = prepareRunCommand(run, {}, META)
    expect('error' in r && r.error).toContain(message)
  })

  test('a refusal names the input, what was given and what was expected', () => {
    expect(prepareRunCommand('docker --config build run --rm alpine \\\n  sh', {}, META)).toEqual({
      error: 'run: expected a `docker build`, `docker buildx build` or `docker buildx bake` command, got "docker --config build run"',
      refusal: {
        input: 'run',
        value: 'docker --config build run --rm alpine    sh',
        expected: 'one docker build, buildx build or buildx bake command',
        message: 'run: expected a `docker build`, `docker buildx build` or `docker buildx bake` command, got "docker --config build run"'
      }
    })
    const r = prepareRunCommand('docker --bogus build .', {}, META)
    expect('refusal' in r && r.refusal.expected).toBe(
      'only the docker options --config, -c/--context, -D/--debug, -H/--host, -l/--log-level, --tls, --tlscacert, --tlscert, --tlskey, --tlsverify before the command'
    )
  })
})

describe('mayExportToActionsCache', () => {
  test.each([
    ['docker buildx build .', false],
    ['docker buildx build --cache-to type=gha,mode=max .', true],
    ['docker buildx build --cache-to=type=gha .', true],
    ['docker build --cache-to type=registry,ref=ghcr.io/o/app:cache .', false],
    ['docker buildx build --cache-to ghcr.io/o/app:cache .', false],
    ['docker buildx build --cache-to type=local,dest=/tmp/c --cache-to type=inline .', false],
    ['docker buildx build --cache-to type=local,dest=/tmp/c --cache-to type=gha .', true],
    ['docker buildx build --cache-to type=newstore,x=1 .', true],
    ['docker buildx build --cache-from type=gha .', false],
    ['docker buildx bake', true]
  ])('%s: %s', (run, want) => {
    const r = prepareRunCommand(run, {}, META)
    if ('error' in r) throw new Error(r.error)
    expect(mayExportToActionsCache(r.command, commandCacheOptions(r.command))).toBe(want)
  })
})

describe('commandBuildArgs', () => {
  test.each([
    [
      'docker buildx build --build-arg API_TOKEN=ghp_x --build-arg=URL=https://u:p@h --build-arg FROM_ENV --build-arg UNSET --build-arg EMPTY= .',
      [
        { name: 'API_TOKEN', value: 'ghp_x' },
        { name: 'URL', value: 'https://u:p@h' },
        { name: 'FROM_ENV', value: 'from-env' },
        { name: 'EMPTY', value: '' }
      ]
    ],
    ['docker build --build-arg "A=two words" -t app .', [{ name: 'A', value: 'two words' }]],
    [
      'docker buildx bake --set app.args.NPM_TOKEN=npm_x "--set=*.args.B=c=d" --set app.tags=x',
      [
        { name: 'NPM_TOKEN', value: 'npm_x' },
        { name: 'B', value: 'c=d' }
      ]
    ],
    // `--set` means nothing of the kind to build
    ['docker buildx build --set a.args.X=y .', []]
  ])('%j', (run, want) => {
    const r = prepareRunCommand(run, {}, META)
    if ('error' in r) throw new Error(r.error)
    expect(commandBuildArgs(r.command, { FROM_ENV: 'from-env' })).toEqual(want)
  })
})

describe('progress printed from rawjson as it arrives', () => {
  test.each(['multistage/docker28-multistage-partial', 'failing/docker28-failing-fail', 'multistage/docker26-multistage-cold'])(
    '%s: what is printed reads as plain progress with the same counts',
    (name) => {
      const lines: string[] = []
      const printer = new RawJsonPrinter((l) => lines.push(l))
      const reader = new ProgressReader('x', (s) => {
        printer.status(s)
      })
      reader.push(readFileSync(fixture(`${name}.rawjson.log`), 'utf8'))
      const fromJson = analyse(modelBuilds(reader.end().builds)).totals
      printer.end()
      const plain = new PlainParser('printed')
      plain.push(`${lines.join('\n')}\n`)
      const printed = analyse(modelBuilds(plain.end())).totals
      expect([printed.steps, printed.cached]).toEqual([fromJson.steps, fromJson.cached])
      expect(lines.some((l) => /^#\d+ DONE \d+\.\ds$/.test(l) || /^#\d+ CACHED$/.test(l))).toBe(true)
    }
  )

  test('step output is printed line by line under its vertex number', () => {
    const lines: string[] = []
    const printer = new RawJsonPrinter((l) => lines.push(l))
    const reader = new ProgressReader('x', (s) => {
      printer.status(s)
    })
    reader.push(readFileSync(fixture('multistage/docker28-multistage-cold.rawjson.log'), 'utf8'))
    printer.end()
    expect(lines).toContain(lines.find((l) => /^#\d+ step 4$/.test(l)))
    expect(lines.filter((l) => l.includes('x'.repeat(20_000)))).toHaveLength(1)
  })

  test('output that never ends its line: printed in 1 MiB pieces, in linear time', () => {
    // a real build's first log object, its data replaced by 16 KiB without a newline, sent 4,096 times (64 MiB)
    const first = readFileSync(fixture('multistage/docker28-multistage-cold.rawjson.log'), 'utf8')
      .split('\n')
      .map((l) => JSON.parse(l === '' ? '{}' : l) as Record<string, unknown>)
      .find((o) => Array.isArray(o.logs))
    const log = (first?.logs as Record<string, unknown>[] | undefined)?.[0]
    if (!log) throw new Error('the fixture has step output')
    const piece = { logs: [{ ...log, data: Buffer.from('y'.repeat(16 << 10)).toString('base64') }] }
    const lines: string[] = []
    const printer = new RawJsonPrinter((l) => lines.push(l))
    const t0 = performance.now()
    for (let i = 0; i < 4096; i++) printer.status(piece)
    printer.end()
    expect(performance.now() - t0).toBeLessThan(5000)
    expect(lines).toHaveLength(64)
    expect(lines.every((l) => l.length <= (1 << 20) + 8)).toBe(true)
  })
})

describe('runBuild', () => {
  const dir = mkdtempSync(join(tmpdir(), 'build-insights-run-'))

  /** A docker that prints a captured build's stderr in pieces and exits as that build did. */
  function replay(log: string, exitCode: number, metadata?: string): Exec {
    return (_cmd, args, opts) => {
      const text = readFileSync(fixture(log))
      for (let i = 0; i < text.length; i += 1000) opts?.onStderr?.(text.subarray(i, i + 1000))
      const m = args.indexOf('--metadata-file')
      if (metadata !== undefined && m >= 0) writeFileSync(args[m + 1] ?? '', readFileSync(fixture(metadata)))
      return Promise.resolve({ exitCode, stdout: '', stderr: '' })
    }
  }
  const command = (meta: string) => {
    const r = prepareRunCommand('docker buildx build .', {}, meta)
    if ('error' in r) throw new Error(r.error)
    return r.command
  }

  test('a good build: parsed as it streams, shown, logged to a file, ref from the metadata file', async () => {
    const shown: string[] = []
    let t = 0
    const out = await runBuild(command(join(dir, 'm1.json')), join(dir, 'run1.log'), {
      exec: replay('multistage/docker28-multistage-warm.rawjson.log', 0, 'history/docker28-history-warm.metadata.json'),
      writeLine: (l) => shown.push(l),
      now: () => (t += 1500)
    })
    expect(out).toMatchObject({ exitCode: 0, seconds: 1.5, ref: 'default/default/nscdnrwjm4t7bwed6zc6u2xqh', error: undefined, problems: [] })
    expect(analyse(modelBuilds(out.builds)).totals).toMatchObject({ steps: 16, cached: 16 })
    expect(readFileSync(join(dir, 'run1.log'), 'utf8')).toBe(readFileSync(fixture('multistage/docker28-multistage-warm.rawjson.log'), 'utf8'))
    expect(shown.filter((l) => l.endsWith(' CACHED'))).toHaveLength(16)
  })

  test('what the action does anyway is started once, while the build runs, not after it', async () => {
    const calls: number[] = []
    let printed = 0
    const exec: Exec = (cmd, args, opts) => {
      const wrapped = {
        ...opts,
        onStderr: (c: Buffer) => {
          printed++
          opts?.onStderr?.(c)
        }
      }
      return replay('multistage/docker28-multistage-warm.rawjson.log', 0)(cmd, args, wrapped)
    }
    await runBuild(command(join(dir, 'm3.json')), join(dir, 'run3.log'), {
      exec,
      writeLine: () => undefined,
      now: () => 0,
      whileRunning: () => calls.push(printed)
    })
    // on the first chunk the build printed, before it was read
    expect(calls).toEqual([1])
    const silent: Exec = () => Promise.resolve({ exitCode: 1, stdout: '', stderr: '' })
    await runBuild(command(join(dir, 'm4.json')), join(dir, 'run4.log'), {
      exec: silent,
      writeLine: () => undefined,
      now: () => 0,
      whileRunning: () => calls.push(-1)
    })
    expect(calls).toEqual([1])
  })

  test('a failed build: counted, and its error kept for the step failure', async () => {
    const out = await runBuild(command(join(dir, 'm2.json')), join(dir, 'run2.log'), {
      exec: replay('failing/docker28-failing-fail.rawjson.log', 1),
      writeLine: () => undefined,
      now: () => 0
    })
    expect(out.exitCode).toBe(1)
    expect(out.ref).toBeUndefined()
    expect(out.error).toMatch(/^ERROR: failed to build: failed to solve: process .* exit code: 1$/)
    expect(analyse(modelBuilds(out.builds)).totals).toMatchObject({ steps: 4, cached: 0, failed: 1 })
  })
})

describe('what the command says of the cache', () => {
  const options = (run: string) => {
    const p = prepareRunCommand(run, {}, '/tmp/meta.json')
    if ('error' in p) throw new Error(p.error)
    return commandCacheOptions(p.command)
  }
  test('--no-cache-filter in both spellings, and --cache-to / --cache-from', () => {
    expect(options('docker buildx build --no-cache-filter build --no-cache-filter=deps,test --cache-to type=gha,mode=max --cache-from=type=gha .')).toEqual({
      noCache: ['build', 'deps', 'test'],
      cacheTo: ['type=gha,mode=max'],
      cacheFrom: ['type=gha']
    })
  })
  test('--no-cache wins over filters; nothing said is nothing', () => {
    expect(options('docker build --no-cache --no-cache-filter x .').noCache).toBe(true)
    expect(options('docker buildx build .')).toEqual({ cacheTo: [], cacheFrom: [] })
  })
})
