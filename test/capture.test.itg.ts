import { beforeAll, describe, expect, test } from 'vitest'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixture } from './helpers.js'
import { runAction, type RunResult } from './runner.js'
import { buildx, pruneBuildCache, requireDaemon } from './daemon.js'

// Each build runs once, in run mode; its saved progress log (log-files) and its build record
// (build-refs) are then read the two other ways, and all three must agree.
const live = requireDaemon()

interface Counts {
  rate: string
  cached: string
  total: string
}

function counts(r: RunResult): Counts {
  return { rate: r.outputs['cache-hit-rate'] ?? '?', cached: r.outputs['cached-steps'] ?? '?', total: r.outputs['total-steps'] ?? '?' }
}

function report(r: RunResult): { files: string[]; builds: { ref?: string }[] } {
  return JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8')) as { files: string[]; builds: { ref?: string }[] }
}

/** Runs `docker buildx build <args> .` in run mode, then reads the same build as a log file and as a build record. */
function threeWays(ctx: string, args: string) {
  const run = runAction({ run: `docker buildx build --network=none ${args} .` }, { cwd: ctx })
  expect(run.status, run.stdout).toBe(0)
  const rep = report(run)
  const log = rep.files[0] ?? ''
  const ref = rep.builds[0]?.ref ?? ''
  expect(ref).toMatch(/^[\w.-]+\/[\w.-]+\/[a-z0-9]+$/)
  const fromLog = runAction({ 'log-files': log }, { cwd: ctx })
  const fromRecord = runAction({ 'build-refs': ref }, { cwd: ctx })
  return { run: counts(run), log: counts(fromLog), record: counts(fromRecord), ref, stdout: run.stdout }
}

describe.runIf(live)('three ways into one build: run mode, its log file, its build record', () => {
  const ctx = mkdtempSync(join(tmpdir(), 'build-insights-capture-'))
  const results: Record<string, ReturnType<typeof threeWays>> = {}
  beforeAll(() => {
    cpSync(fixture('multistage'), ctx, { recursive: true, filter: (src) => !/\.(log|gz)$/.test(src) })
    pruneBuildCache()
    results.cold = threeWays(ctx, '-t bi-capture')
    results.warm = threeWays(ctx, '-t bi-capture')
    writeFileSync(join(ctx, 'src', 'main.txt'), 'main v3\n')
    results.change = threeWays(ctx, '-t bi-capture')
  }, 300_000)

  test.each([
    ['cold', { rate: '0.0', cached: '0', total: '16' }],
    ['warm', { rate: '100.0', cached: '16', total: '16' }],
    ['change', { rate: '68.8', cached: '11', total: '16' }]
  ])('%s', (name, want) => {
    const r = results[name]
    expect(r?.run).toEqual(want)
    expect(r?.log).toEqual(want)
    expect(r?.record).toEqual(want)
    console.log(`${name}: run mode ${JSON.stringify(r?.run)} · log file ${JSON.stringify(r?.log)} · build record ${JSON.stringify(r?.record)}`)
  })

  test('run mode shows readable progress in a group with workflow commands stopped', () => {
    const out = results.warm?.stdout ?? ''
    expect(out).toMatch(/^::group::docker buildx build --progress=rawjson --metadata-file \S+ --network=none -t bi-capture \.$/m)
    expect(out).toMatch(/^::stop-commands::[0-9a-f-]{36}$/m)
    expect(out).toMatch(/^#\d+ \[build 10\/10\] RUN sleep 0\.3 && ls -la \/app\/dist$/m)
    expect(out).toMatch(/^#\d+ CACHED$/m)
    expect(out).toMatch(/^::endgroup::$/m)
  })
})

describe.runIf(live)('cache round trip through a local cache export, as a CI runner with a remote cache sees it', () => {
  test('export with mode=max, prune, import: every step a cache hit, the three ways agree', () => {
    const ctx = mkdtempSync(join(tmpdir(), 'build-insights-roundtrip-'))
    cpSync(fixture('multistage'), ctx, { recursive: true, filter: (src) => !/\.(log|gz)$/.test(src) })
    const cache = join(ctx, '.cache-export')
    pruneBuildCache()
    const exported = threeWays(ctx, `--cache-to type=local,dest=${cache},mode=max`)
    expect(exported.run).toEqual({ rate: '0.0', cached: '0', total: '16' })
    pruneBuildCache()
    const imported = threeWays(ctx, `--cache-from type=local,src=${cache}`)
    console.log(
      `round trip import: run mode ${JSON.stringify(imported.run)} · log file ${JSON.stringify(imported.log)} · build record ${JSON.stringify(imported.record)}`
    )
    expect(imported.run).toEqual({ rate: '100.0', cached: '16', total: '16' })
    expect(imported.log).toEqual(imported.run)
    expect(imported.record).toEqual(imported.run)
  }, 300_000)
})

describe.runIf(live)('zero config: the pre step records the job start, main reads the builds made since', () => {
  test('no inputs: the records of builds made after pre', () => {
    const ctx = mkdtempSync(join(tmpdir(), 'build-insights-zero-'))
    cpSync(fixture('parallel'), ctx, { recursive: true, filter: (src) => !/\.(log|gz)$/.test(src) })
    const pre = runAction({}, { entry: 'pre' })
    expect(pre.status).toBe(0)
    expect(Date.parse(pre.state['job-started-at'] ?? '')).toBeGreaterThan(Date.now() - 60_000)
    pruneBuildCache()
    expect(buildx(['--progress=quiet', '.'], ctx).status).toBe(0)
    expect(buildx(['--progress=quiet', '.'], ctx).status).toBe(0)
    const main = runAction({}, { cwd: ctx, state: pre.state })
    expect(main.status, main.stdout).toBe(0)
    expect(main.outputs).toMatchObject({ builds: '2', 'total-steps': '16', 'cached-steps': '8' })
    expect(main.stdout).toContain('found 2 build record(s) of this job')
  })
})

describe.runIf(live)('run mode passes a failed build through', () => {
  test('the report is written, then the step fails with the build error', () => {
    const ctx = mkdtempSync(join(tmpdir(), 'build-insights-fail-'))
    cpSync(fixture('failing'), ctx, { recursive: true, filter: (src) => !/\.(log|gz)$/.test(src) })
    const r = runAction({ run: 'docker buildx build --network=none .' }, { cwd: ctx })
    expect(r.status).toBe(1)
    expect(r.outputs).toMatchObject({ 'total-steps': '4', 'cached-steps': '0', builds: '1' })
    expect(r.summary).toContain('**failed**')
    expect(r.stdout).toMatch(/::error::the build failed \(exit code 1\): ERROR: failed to build: failed to solve: process/)
  })
})
