import { describe, expect, test } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { reportFromLogs } from '../src/pipeline.js'
import { fixture } from './helpers.js'
import { judge } from '../src/gates/policy.js'
import { problem } from '../src/problems.js'
import { cli } from '../src/cli.js'

const now = new Date('2026-11-28T12:00:00Z')

/** A plain log of one stage `app`: WORKDIR cached, then `copy` and `run` ran. */
function log(copy: string, run: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'build-insights-gates-'))
  const file = join(dir, 'build.log')
  writeFileSync(
    file,
    [
      '#1 [internal] load build definition from Dockerfile',
      '#1 DONE 0.0s',
      '#2 [app 1/4] FROM docker.io/library/node:24@sha256:0000000000000000000000000000000000000000000000000000000000000000',
      '#2 DONE 0.1s',
      '#3 [app 2/4] WORKDIR /app',
      '#3 CACHED',
      `#4 [app 3/4] ${copy}`,
      '#4 DONE 0.2s',
      `#5 [app 4/4] ${run}`,
      '#5 DONE 5.0s',
      ''
    ].join('\n')
  )
  return file
}

const failure = async (file: string, thresholds: Record<string, number>) => {
  const r = await reportFromLogs([file], { thresholds, now })
  return r.gate.checks.filter((c) => c.verdict === 'fail').map((c) => c.message)
}

describe('a failed gate says where the cache broke and what to do', () => {
  test("today's text first, then the first cache break from the report's breaks and a remedy", async () => {
    const [m] = await failure(fixture('multistage/docker28-multistage-partial.plain.log'), { 'min-cache-hit-rate': 80 })
    expect(m).toBe(
      'cache hit rate 68.8% is below min-cache-hit-rate 80%; first cache miss: stage `build`, step 7/10 `COPY src/ ./src/`; the copied files changed: copy what changes often after the slow steps, not before them'
    )
  })

  test('`COPY . .` before a dependency install: install from the manifests first', async () => {
    const [m] = await failure(log('COPY . .', 'RUN npm ci'), { 'min-cache-hit-rate': 80 })
    expect(m).toMatch(/^cache hit rate 33\.3% is below min-cache-hit-rate 80%; first cache miss: stage `app`, step 3\/4 `COPY \. \.`; /)
    expect(m).toContain('copy the dependency manifests and install before copying the rest')
  })

  test('`COPY . .` with no install after it: .dockerignore', async () => {
    const [m] = await failure(log('COPY . .', 'RUN make'), { 'min-cache-hit-rate': 80 })
    expect(m).toContain('a file in the build context changed: copy only what this step needs, and keep the rest out with .dockerignore')
  })

  test('every failed gate carries it; a passing one does not', async () => {
    const msgs = await failure(log('COPY . .', 'RUN npm ci'), { 'min-cache-hit-rate': 80, 'max-duration': 1 })
    expect(msgs).toHaveLength(2)
    expect(msgs[1]).toMatch(/^build duration 5\.3s is above max-duration 1s; first cache miss: /)
    const r = await reportFromLogs([log('COPY . .', 'RUN npm ci')], { thresholds: { 'min-cache-hit-rate': 10 }, now })
    expect(r.gate.checks[0]?.message).toBe('cache hit rate 33.3% meets min-cache-hit-rate 10%')
  })

  test('a cold build has no break: import a cache', async () => {
    const [m] = await failure(fixture('multistage/docker28-multistage-cold.plain.log'), { 'min-cache-hit-rate': 80 })
    expect(m).toMatch(/^cache hit rate 0\.0% is below min-cache-hit-rate 80%; no step was cached: import a build cache/)
  })
})

describe('fail-on-empty: a threshold over no Dockerfile step', () => {
  const empty = {
    verdict: 'none' as const,
    checks: [{ gate: 'min-cache-hit-rate', threshold: 80, measured: null, verdict: 'none' as const, message: 'not evaluated' }]
  }
  const read = { steps: 0, inputs: ['log-files'], problems: [problem('file-missing', 'no such file', { file: 'bulid.log' })], sources: ['bulid.log'] }

  test('fails the step, naming the input and what it gave', () => {
    expect(judge(empty, 'fail', [], undefined, { ...read, failOnEmpty: true }).failures).toEqual([
      'no Dockerfile step was read from log-files (bulid.log: no such file), so min-cache-hit-rate judged nothing (set fail-on-empty: false to let this pass)'
    ])
  })

  test('false: the warning of today; gate: warn: a warning; no threshold: nothing', () => {
    const off = judge(empty, 'fail', [], undefined, { ...read, failOnEmpty: false })
    expect(off.failures).toEqual([])
    expect(off.messages).toEqual([{ severity: 'warning', text: 'not evaluated' }])
    const warn = judge(empty, 'warn', [], undefined, { ...read, failOnEmpty: true })
    expect(warn.failures).toEqual([])
    expect(warn.messages.map((m) => m.text)[1]).toMatch(/^no Dockerfile step was read from log-files/)
    expect(judge({ verdict: 'none', checks: [] }, 'fail', [], undefined, { ...read, failOnEmpty: true }).failures).toEqual([])
  })

  test('the CLI fails too: a mistyped path with a threshold exits 1', async () => {
    const err: string[] = []
    const code = await cli(
      ['--min-cache-hit-rate', '80', 'no-such.log'],
      () => undefined,
      (s) => err.push(s),
      now
    )
    expect(code).toBe(1)
    expect(err.join('\n')).toContain('no Dockerfile step was read from the logs (no-such.log: no such file)')
  })
})
