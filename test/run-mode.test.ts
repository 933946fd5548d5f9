import { describe, expect, test } from 'vitest'
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { prepareRunCommand } from '../src/run-mode/command.js'
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
    ]
  ])('%j', (run, args, progress) => {
    const r = prepareRunCommand(run, { TAG: 'v1' }, META)
    expect(r).toEqual({ command: { file: 'docker', args, progress, metadataFile: args[args.indexOf('--metadata-file') + 1] } })
  })

  test.each([
    ['docker buildx build . | tee log', '"|" is shell syntax'],
    ['docker buildx build . && echo done', '"&&" is shell syntax'],
    ['docker buildx build $(pwd)', 'is shell syntax'],
    ['docker buildx build *.txt', '"*.txt" is shell syntax'],
    ['docker buildx build .\ndocker push app', 'give one docker build command'],
    ['podman build .', 'expected a `docker buildx build` or `docker build` command, got "podman build ."'],
    ['docker run alpine', 'expected a `docker buildx build` or `docker build` command']
  ])('refuses %j', (run, message) => {
    const r = prepareRunCommand(run, {}, META)
    expect('error' in r && r.error).toContain(message)
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
