import { describe, expect, test } from 'vitest'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { cli } from '../src/cli.js'
import { ROOT, fixture } from './helpers.js'

async function runCli(args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await cli(
    args,
    (s) => out.push(s),
    (s) => err.push(s),
    new Date('2026-11-28T12:00:00Z')
  )
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('build-insights CLI', () => {
  test('prints the same markdown the action writes to the job summary', async () => {
    const r = await runCli([fixture('multistage/docker28-multistage-partial.plain.log')])
    expect(r.code).toBe(0)
    expect(r.out).toContain('**Cache hit rate 68.8%** · 11 of 16 steps cached')
    expect(r.out).toContain('### Cache breaks')
  })

  test('--json prints the report', async () => {
    const r = await runCli(['--json', fixture('multistage/docker28-multistage-warm.rawjson.log')])
    const report = JSON.parse(r.out) as { schemaVersion: number; totals: { hitRate: number; steps: number } }
    expect(report.schemaVersion).toBe(1)
    expect(report.totals).toMatchObject({ hitRate: 100, steps: 16 })
  })

  test('a failing gate exits 1 with the threshold and the measured value', async () => {
    const r = await runCli(['--min-cache-hit-rate', '80', fixture('multistage/docker28-multistage-partial.rawjson.log')])
    expect(r.code).toBe(1)
    expect(r.err).toContain('cache hit rate 68.8% is below min-cache-hit-rate 80%')
  })

  test('usage errors exit 2', async () => {
    expect((await runCli([])).code).toBe(2)
    expect((await runCli(['--nope', 'x.log'])).code).toBe(2)
    expect((await runCli(['--min-cache-hit-rate', 'abc', 'x.log'])).err).toContain('min-cache-hit-rate: "abc" is not a number between 0 and 100')
  })

  test('a missing file is a warning on stderr, not a crash', async () => {
    const r = await runCli(['no-such.log'])
    expect(r.code).toBe(0)
    expect(r.err).toContain('warning: no-such.log: no such file')
  })

  test('the committed bin runs the bundled CLI on a shipped log', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'build-insights.js'), 'test/fixtures/buildkit/multistage/docker28-multistage-cascade.plain.log'], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('**Cache hit rate 12.5%** · 2 of 16 steps cached')
  })
})
