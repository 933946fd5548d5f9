import { describe, expect, test } from 'vitest'
import { mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { run } from '../src/main.js'
import { readLeg, type Leg } from '../src/merge/leg.js'
import { mergeLegReports } from '../src/merge/merge.js'
import { mergedOutputsOf } from '../src/merge/outputs.js'
import { readLegs } from '../src/merge/run.js'
import { renderMergedSummary } from '../src/merge/summary.js'
import { ROOT, fixture, memoryIO, noDocker } from './helpers.js'

// Each leg's report is what the action writes from a real fixture log, in a job whose runner
// variables and matrix say which leg it is: the same Dockerfile built warm on one runner and with
// a changed source on the other, as two native runners of a multi-arch matrix would.
const WARM = fixture('multistage/docker28-multistage-warm.rawjson.log')
const PARTIAL = fixture('multistage/docker28-multistage-partial.rawjson.log')
const COLD = fixture('multistage/docker28-multistage-cold.rawjson.log')
const NOW = new Date('2026-11-28T12:00:00Z')

/** Two legs' reports in a folder laid out as actions/download-artifact puts them: one folder per artifact. */
async function reportsOf(legs: [log: string, platform: string, arch: string][]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'build-insights-merge-'))
  for (const [log, platform, arch] of legs) {
    const m = memoryIO(
      { 'log-files': log, du: 'false', 'actions-cache-usage': 'false', matrix: JSON.stringify({ platform }), 'report-file': '/r.json' },
      {
        env: {
          RUNNER_TEMP: '/tmp',
          GITHUB_REPOSITORY: 'acme/shop',
          GITHUB_WORKFLOW: 'images',
          GITHUB_JOB: 'build',
          GITHUB_RUN_ID: '99',
          RUNNER_OS: 'Linux',
          RUNNER_ARCH: arch,
          RUNNER_ENVIRONMENT: 'github-hosted'
        }
      }
    )
    await run(m.io, noDocker)
    const sub = join(dir, `build-insights-${platform.replace('/', '-')}`)
    mkdirSync(sub)
    writeFileSync(join(sub, 'build-insights-report.json'), m.files['/r.json'] ?? '')
  }
  return dir
}

async function legsOf(specs: [log: string, platform: string, arch: string][]): Promise<Leg[]> {
  const dir = await reportsOf(specs)
  return (await readLegs(['**/*.json'], dir)).legs
}

const AMD = [WARM, 'linux/amd64', 'X64'] as [string, string, string]
const ARM = [PARTIAL, 'linux/arm64', 'ARM64'] as [string, string, string]

describe('a leg from its report', () => {
  test('the report records the job and its matrix values; the leg is named as GitHub names the job', async () => {
    const [l] = await legsOf([ARM])
    expect(l).toMatchObject({
      name: expect.stringMatching(/build-insights-report\.json$/) as unknown,
      job: { repository: 'acme/shop', job: 'build', matrix: { platform: 'linux/arm64' }, runner: { os: 'Linux', arch: 'ARM64' } },
      totals: { steps: 16, cached: 11, hitRate: 68.8, builds: 1, durationKind: 'wall' },
      builds: ['fixture/multistage'],
      gate: 'none'
    })
    const dir = await reportsOf([ARM])
    const json = JSON.parse(readFileSync(join(dir, 'build-insights-linux-arm64', 'build-insights-report.json'), 'utf8')) as { job: unknown }
    expect(json.job).toEqual({
      repository: 'acme/shop',
      workflow: 'images',
      job: 'build',
      runId: '99',
      matrix: { platform: 'linux/arm64' },
      runner: { os: 'Linux', arch: 'ARM64', environment: 'github-hosted' }
    })
  })

  test.each([
    ['not an object', [1, 2], 'is not a JSON object'],
    ['a merged report', { kind: 'merged', schemaVersion: 1, totals: {} }, 'is a merged report: give the reports of the legs'],
    ['no totals', { schemaVersion: 1 }, 'is not a build-insights report (no schemaVersion and totals)'],
    [
      'more cached than steps',
      { schemaVersion: 1, totals: { steps: 2, cached: 3, duration: 1 } },
      'is not a build-insights report (no schemaVersion and totals)'
    ],
    ['counts as text', { schemaVersion: 1, totals: { steps: '2', cached: '1', duration: 1 } }, 'is not a build-insights report (no schemaVersion and totals)']
  ])('%s: named, never merged', (_name, json, problem) => {
    expect(readLeg(json, 'r.json')).toEqual({ problem })
  })

  test('a hit rate in the JSON is never taken on trust: made again from the counts', () => {
    const l = readLeg({ schemaVersion: 1, totals: { steps: 4, cached: 1, hitRate: 100, duration: 2 } }, 'r.json')
    expect(l).toMatchObject({ totals: { hitRate: 25 } })
  })
})

describe('one report for a whole matrix', () => {
  test('two legs: a row each, worst first, totals over both; the whole passes and, leg by leg, the arm64 leg fails', async () => {
    const legs = await legsOf([AMD, ARM])
    const whole = mergeLegReports(legs, ['a', 'b'], [], { thresholds: { 'min-cache-hit-rate': 80 }, eachLeg: true, now: NOW })
    expect(whole.legs.map((l) => [l.name, l.totals.hitRate])).toEqual([
      ['build (linux/arm64)', 68.8],
      ['build (linux/amd64)', 100]
    ])
    expect(whole.totals).toMatchObject({ steps: 32, cached: 27, hitRate: 84.4, builds: 2 })
    expect(whole.gate.checks.map((c) => [c.verdict, c.message])).toEqual([
      ['pass', 'cache hit rate 84.4% meets min-cache-hit-rate 80%'],
      ['fail', 'leg `build (linux/arm64)`: cache hit rate 68.8% is below min-cache-hit-rate 80%'],
      ['pass', 'leg `build (linux/amd64)`: cache hit rate 100.0% meets min-cache-hit-rate 80%']
    ])
    expect(whole.gate.verdict).toBe('fail')
    await expect(renderMergedSummary(whole)).toMatchFileSnapshot('./golden/merged-two-legs.md')
  })

  test('the whole below the threshold: the failed gate names the worst leg', async () => {
    const legs = await legsOf([AMD, [COLD, 'linux/arm64', 'ARM64']])
    const whole = mergeLegReports(legs, [], [], { thresholds: { 'min-cache-hit-rate': 80, 'max-duration': 0.001 }, eachLeg: false, now: NOW })
    expect(whole.gate.checks.map((c) => c.message)).toEqual([
      'cache hit rate 50.0% is below min-cache-hit-rate 80%; worst leg `build (linux/arm64)`: 0.0% (0 of 16 steps cached)',
      expect.stringMatching(/^build duration \d+\.\ds is above max-duration 0\.001s; longest leg `build \(linux\/arm64\)`: /) as unknown
    ])
  })

  test('the outputs are the same names as a leg`s, each set', async () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { outputs: Record<string, unknown> }
    const whole = mergeLegReports(await legsOf([AMD, ARM]), [], [], { thresholds: {}, eachLeg: false, now: NOW })
    const outputs = mergedOutputsOf(whole, '/m.json')
    expect(outputs.map(([n]) => n).sort()).toEqual(Object.keys(action.outputs).sort())
    expect(Object.fromEntries(outputs)).toMatchObject({ 'cache-hit-rate': '84.4', 'cached-steps': '27', 'total-steps': '32', builds: '2', gate: 'none' })
  })

  const synthetic = (name: string, steps: number, cached: number, extra: Partial<Leg> = {}): Leg => ({
    file: `${name}.json`,
    name,
    generatedAt: '',
    totals: { steps, cached, hitRate: steps === 0 ? null : Math.round((cached / steps) * 1000) / 10, builds: 1, failed: 0, duration: 10, durationKind: 'wall' },
    platforms: [],
    stages: [],
    builds: [],
    gate: 'none',
    job: { job: 'build', matrix: { arch: name } },
    ...extra
  })

  test('against the legs` baselines: durations added, baseline hit rates weighted by steps; a leg without one leaves the whole unjudged', () => {
    const a = synthetic('a', 10, 5, {
      deltas: { runs: 3, baselineDuration: 8, baselineHitRate: 90, durationDelta: 2, durationDeltaPercent: 25, hitRateDelta: -40 }
    })
    const b = synthetic('b', 30, 30, {
      deltas: { runs: 5, baselineDuration: 12, baselineHitRate: 100, durationDelta: -2, durationDeltaPercent: -16.7, hitRateDelta: 0 }
    })
    const whole = mergeLegReports([a, b], [], [], { thresholds: { 'max-cache-hit-rate-drop': 5 }, eachLeg: false, now: NOW })
    // (90×10 + 100×30) / 40 = 97.5; the whole reads 35/40 = 87.5
    expect(whole.deltas).toMatchObject({ runs: 3, baselineDuration: 20, baselineHitRate: 97.5, hitRateDelta: -10, durationDelta: 0, durationDeltaPercent: 0 })
    expect(whole.gate.checks[0]?.verdict).toBe('fail')
    const without = mergeLegReports([a, synthetic('c', 4, 4)], [], [], { thresholds: { 'max-cache-hit-rate-drop': 5 }, eachLeg: false, now: NOW })
    expect(without.deltas).toBeUndefined()
    expect(without.gate.checks[0]?.verdict).toBe('none')
  })

  test('billable minutes and cost add up over the legs; a leg that did not know them is counted apart', () => {
    const legs = [
      synthetic('a', 1, 1, { billing: { billableMinutes: 3, cost: 0.02, monthlyMinutes: 300, monthlyCost: 1.8 } }),
      synthetic('b', 1, 1, { billing: { billableMinutes: 5, cost: 0.05, monthlyMinutes: 500, monthlyCost: 5 } })
    ]
    const whole = mergeLegReports(legs, [], [], { thresholds: {}, eachLeg: false, now: NOW })
    expect(whole.billing).toEqual({ billableMinutes: 8, minutesUnknown: 0, cost: 0.07, costUnknown: 0, monthlyMinutes: 800, monthlyCost: 6.8 })
    expect(Object.fromEntries(mergedOutputsOf(whole, ''))).toMatchObject({
      'billable-minutes': '8',
      cost: '0.07',
      'monthly-minutes': '800',
      'monthly-cost': '6.80'
    })
    const partly = mergeLegReports([...legs, synthetic('c', 1, 1)], [], [], { thresholds: {}, eachLeg: false, now: NOW })
    expect(partly.billing).toEqual({ billableMinutes: 8, minutesUnknown: 1, cost: 0.07, costUnknown: 1 })
    expect(Object.fromEntries(mergedOutputsOf(partly, ''))).toMatchObject({ 'billable-minutes': '', cost: '' })
    expect(renderMergedSummary(partly)).toContain('Runner minutes of the legs: **8 billable min** ($0.07) (1 leg unknown)')
  })

  test('legs of one name are told apart by platforms, then by file; a leg with no step is first', () => {
    const same = { job: { job: 'build' } }
    const whole = mergeLegReports(
      [
        synthetic('x', 4, 4, { ...same, platforms: ['linux/amd64'] }),
        synthetic('y', 4, 2, { ...same, platforms: ['linux/amd64'] }),
        synthetic('z', 0, 0, same)
      ],
      [],
      [],
      { thresholds: {}, eachLeg: false, now: NOW }
    )
    expect(whole.legs.map((l) => l.name)).toEqual(['build', 'build · linux/amd64 · y.json', 'build · linux/amd64 · x.json'])
  })
})

describe('merge mode in the action', () => {
  test('merge-reports: the legs` reports in, one summary, outputs and gate for the matrix out; a bad file is a warning', async () => {
    const dir = await reportsOf([AMD, ARM])
    writeFileSync(join(dir, 'notes.json'), '{"hello": "world"}')
    const m = memoryIO({ 'merge-reports': `${dir}/**/*.json`, 'min-cache-hit-rate': '80', 'gate-each-leg': 'true', 'report-file': '/merged.json' })
    await run(m.io, noDocker)
    expect(m.warnings).toEqual([`${dir}/notes.json: is not a build-insights report (no schemaVersion and totals)`])
    expect(m.outputs).toMatchObject({ 'cache-hit-rate': '84.4', 'total-steps': '32', gate: 'fail', report: '/merged.json' })
    expect(m.failed).toEqual(['leg `build (linux/arm64)`: cache hit rate 68.8% is below min-cache-hit-rate 80%'])
    expect(m.summary[0]).toContain('## Docker build insights: 2 legs')
    expect(JSON.parse(m.files['/merged.json'] ?? '{}')).toMatchObject({
      kind: 'merged',
      legs: [{ name: 'build (linux/arm64)' }, { name: 'build (linux/amd64)' }]
    })
  })

  test('a file the glob matched that is larger than any report is not read: a warning, and the legs are merged', async () => {
    const dir = await reportsOf([AMD, ARM])
    // sparse: 65 MiB on paper, nothing on disk; read whole, a file like it would take the runner's memory
    const big = join(dir, 'dump.json')
    writeFileSync(big, '')
    truncateSync(big, 65 * 1024 * 1024)
    const m = memoryIO({ 'merge-reports': `${dir}/**/*.json`, 'report-file': '/merged.json' })
    await run(m.io, noDocker)
    expect(m.warnings).toEqual([`${big}: is 65 MiB, more than the 64 MiB a report, baseline or metadata file is read up to, so it is not read`])
    expect(m.outputs).toMatchObject({ 'total-steps': '32' })
  })

  test('merge-reports that match nothing, with a threshold: the step fails naming the input (fail-on-empty)', async () => {
    const m = memoryIO({ 'merge-reports': '/nonexistent/**/*.json', 'min-cache-hit-rate': '80' })
    await run(m.io, noDocker)
    expect(m.warnings).toEqual(['no file matches /nonexistent/**/*.json', 'min-cache-hit-rate 80% not evaluated: no Dockerfile step was found in the logs'])
    expect(m.failed).toEqual([
      'no Dockerfile step was read from merge-reports (no file matches /nonexistent/**/*.json), so min-cache-hit-rate judged nothing (set fail-on-empty: false to let this pass)'
    ])
  })
})
