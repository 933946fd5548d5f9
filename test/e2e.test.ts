import { describe, expect, test } from 'vitest'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, fixture } from './helpers.js'
import { runAction } from './runner.js'

const WARM = 'test/fixtures/buildkit/multistage/docker28-multistage-warm.rawjson.log'
const PARTIAL = 'test/fixtures/buildkit/multistage/docker28-multistage-partial.plain.log'
const WARM_PLAIN = 'test/fixtures/buildkit/multistage/docker28-multistage-warm.plain.log'

describe('dist/index.js under the runner contract', () => {
  test('the committed bundle exists', () => {
    expect(existsSync(join(ROOT, 'dist', 'index.js'))).toBe(true)
  })

  test('warm build: 100.0, outputs and job summary written, gate passes', () => {
    const r = runAction({ du: 'false', 'log-files': WARM, 'min-cache-hit-rate': '90' })
    expect(r.status).toBe(0)
    expect(r.outputs).toMatchObject({ 'cache-hit-rate': '100.0', 'cached-steps': '16', 'total-steps': '16', builds: '1', gate: 'pass' })
    expect(Number(r.outputs.duration)).toBeGreaterThanOrEqual(0)
    const stages = JSON.parse(r.outputs.stages ?? '[]') as { name: string; steps: number; cached: number }[]
    expect(stages.find((s) => s.name === 'build')).toMatchObject({ steps: 10, cached: 10 })
    expect(r.outputs.report).toBe(join(r.runnerTemp, 'build-insights-report.json'))
    const report = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8')) as { schemaVersion: number; totals: { steps: number } }
    expect(report.schemaVersion).toBe(1)
    expect(report.totals.steps).toBe(16)
    expect(r.summary).toContain('**Cache hit rate 100.0%** · 16 of 16 steps cached')
    expect(r.summary).toContain('✅ Gate: cache hit rate 100.0% meets min-cache-hit-rate 90%')
  })

  test('below the threshold with gate fail: the step fails, naming threshold and measured rate', () => {
    const r = runAction({ du: 'false', 'log-files': PARTIAL, 'min-cache-hit-rate': '80' })
    // workflow commands encode % as %25; the runner decodes it
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('::error::cache hit rate 68.8%25 is below min-cache-hit-rate 80%25')
    expect(r.outputs).toMatchObject({ 'cache-hit-rate': '68.8', gate: 'fail' })
    expect(r.summary).toContain('### Cache breaks')
  })

  test('below the threshold with gate warn: a warning, the step passes', () => {
    const r = runAction({ du: 'false', 'log-files': PARTIAL, 'min-cache-hit-rate': '80', gate: 'warn' })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('::warning::cache hit rate 68.8%25 is below min-cache-hit-rate 80%25')
    expect(r.outputs.gate).toBe('fail')
  })

  test('a missing log and a glob: warning for the one, report for the other, no failure', () => {
    const r = runAction({ du: 'false', 'log-files': `missing.log\ntest/fixtures/buildkit/parallel/*-warm.*.log` })
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/::warning file=missing\.log::missing\.log: no such file/)
    expect(r.outputs).toMatchObject({ 'cache-hit-rate': '100.0', 'total-steps': '16', builds: '2' })
    expect(r.stdout).not.toMatch(/at .*\.js:\d+/)
  })

  test('nothing readable: warnings, empty rate, gate none, summary still written', () => {
    // fail-on-empty: false keeps today's pass with a warning; the test below has the default
    const r = runAction({ du: 'false', 'log-files': fixture('multistage/Dockerfile'), 'min-cache-hit-rate': '50', 'fail-on-empty': 'false' })
    expect(r.status).toBe(0)
    expect(r.outputs).toMatchObject({ 'cache-hit-rate': '', 'total-steps': '0', gate: 'none' })
    expect(r.stdout).toContain('has no BuildKit progress')
    expect(r.summary).toContain('No Dockerfile step found')
  })

  test('a threshold over nothing read fails the step by default, naming the input and what it gave (fail-on-empty)', () => {
    const r = runAction({ du: 'false', 'log-files': 'no-such-build.log', 'min-cache-hit-rate': '80' })
    expect(r.status).toBe(1)
    expect(r.outputs).toMatchObject({ 'total-steps': '0', gate: 'none' })
    expect(r.stdout).toContain(
      '::error::no Dockerfile step was read from log-files (no-such-build.log: no such file), so min-cache-hit-rate judged nothing (set fail-on-empty: false to let this pass)'
    )
    expect(r.summary).toContain('No Dockerfile step found')
  })

  test('an unreadable threshold fails the step by name and value', () => {
    const r = runAction({ du: 'false', 'log-files': WARM, 'min-cache-hit-rate': '8O' })
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('min-cache-hit-rate: "8O" is not a number between 0 and 100')
    expect(r.outputs['cache-hit-rate']).toBe('100.0')
  })
})

describe('a baseline file across two runs of dist/index.js', () => {
  test('warm build saved as the baseline, then a partial miss: deltas, minutes, cost, and the drop gate fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'build-insights-baseline-'))
    const baseline = join(dir, 'baseline.json')
    const started = new Date(Date.now() - 61_000).toISOString()
    const runner = { RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' }
    const first = runAction({ du: 'false', 'log-files': WARM_PLAIN, 'baseline-file': baseline, 'save-baseline': 'always' }, { env: runner })
    expect(first.status, first.stdout).toBe(0)
    expect(first.outputs.baseline).toBe('none')
    expect(first.stdout).toContain('baseline saved (save-baseline: always)')
    const second = runAction(
      {
        du: 'false',
        'log-files': PARTIAL,
        'baseline-file': baseline,
        'save-baseline': 'never',
        'max-cache-hit-rate-drop': '10',
        'minute-price': '0.006',
        'runs-per-month': '600'
      },
      { env: runner, state: { 'job-started-at': started } }
    )
    console.log(`second run outputs: ${JSON.stringify(second.outputs)}`)
    expect(second.status).toBe(1)
    expect(second.outputs).toMatchObject({
      baseline: 'found',
      'cache-hit-rate': '68.8',
      'cache-hit-rate-delta': '-31.2', // 68.8 - 100.0, rounded where made
      'billable-minutes': '2',
      gate: 'fail'
    })
    // both are plain logs: the sum of vertex times, 1.3 s now against 0.0 s for the warm build
    expect(second.outputs['duration-delta']).toBe('1.3')
    expect(second.outputs['billable-minutes-delta']).toBe('0.02')
    expect(second.outputs['cost-delta']).toBe('0.0001')
    expect(second.outputs['monthly-minutes-delta']).toBe('13.0')
    expect(second.outputs['monthly-cost-delta']).toBe('0.08')
    // the cost of every run, baseline or not: 2 billable minutes at $0.006, 600 runs a month
    expect(second.outputs).toMatchObject({ cost: '0.01', 'monthly-minutes': '1200', 'monthly-cost': '7.20' })
    expect(second.summary).toContain('**2 billable min** ($0.01) · **1200 min/month** ($7.20) at 600 runs/month')
    expect(second.stdout).toContain('::error::cache hit rate 68.8%25 is 31.2 points below the baseline median 100.0%25, more than max-cache-hit-rate-drop 10')
    expect(second.summary).toContain('(▼ 31.2 pts)')
    expect(second.summary).toContain('### New cache misses')
  })
})

describe('a gate is never skipped under the runner contract', () => {
  test('GITHUB_OUTPUT not writable: a warning, and the failed threshold still fails the step', () => {
    const r = runAction({ du: 'false', 'log-files': PARTIAL, 'min-cache-hit-rate': '80' }, { env: { GITHUB_OUTPUT: '/nonexistent/build-insights/output' } })
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('::warning::could not set the outputs: ')
    expect(r.stdout).toContain('::error::cache hit rate 68.8%25 is below min-cache-hit-rate 80%25')
  })
})
