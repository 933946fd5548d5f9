import { describe, expect, test } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, fixture } from './helpers.js'
import { runAction } from './runner.js'

const WARM = 'test/fixtures/buildkit/multistage/docker28-multistage-warm.rawjson.log'
const PARTIAL = 'test/fixtures/buildkit/multistage/docker28-multistage-partial.plain.log'

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
    const r = runAction({ du: 'false', 'log-files': fixture('multistage/Dockerfile'), 'min-cache-hit-rate': '50' })
    expect(r.status).toBe(0)
    expect(r.outputs).toMatchObject({ 'cache-hit-rate': '', 'total-steps': '0', gate: 'none' })
    expect(r.stdout).toContain('has no BuildKit progress')
    expect(r.summary).toContain('No Dockerfile step found')
  })

  test('an unreadable threshold fails the step by name and value', () => {
    const r = runAction({ du: 'false', 'log-files': WARM, 'min-cache-hit-rate': '8O' })
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('min-cache-hit-rate: "8O" is not a number between 0 and 100')
    expect(r.outputs['cache-hit-rate']).toBe('100.0')
  })
})
