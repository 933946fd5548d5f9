import { describe, expect, test } from 'vitest'
import { readLogFile } from '../src/sources/log-files.js'
import { modelBuilds } from '../src/pipeline.js'
import { analyse } from '../src/analysis/analyse.js'
import { fixture } from './helpers.js'

async function read(rel: string) {
  const r = await readLogFile(fixture(rel))
  expect(r.problems).toEqual([])
  return modelBuilds(r.builds)
}

describe('a failed or canceled step keeps its time (failtime: `broken` fails after 3 s, `slow` is canceled)', () => {
  const rels = ['failtime/docker28-failtime-fail.plain.log', 'failtime/docker28-failtime-fail.rawjson.log']

  test('plain reads the last elapsed figure of the step output, rawjson its interval, within 0.2 s', async () => {
    const [plain, raw] = await Promise.all(rels.map(read))
    const times = (builds: typeof plain) =>
      Object.fromEntries(
        (builds ?? []).flatMap((b) => b.steps.filter((s) => s.status === 'error' || s.status === 'canceled').map((s) => [`${s.stage} ${s.status}`, s.seconds]))
      )
    const p = times(plain)
    const r = times(raw)
    expect(Object.keys(p).sort()).toEqual(['broken error', 'slow canceled'])
    expect(Object.keys(r).sort()).toEqual(Object.keys(p).sort())
    // the output lines say `#5 3.095 boom` and `#6 3.117 slow tick 4`
    expect(p['broken error']).toBe(3.095)
    expect(p['slow canceled']).toBe(3.117)
    for (const k of Object.keys(p)) {
      expect(r[k]).toBeGreaterThan(3)
      expect(Math.abs((p[k] ?? 0) - (r[k] ?? 0))).toBeLessThanOrEqual(0.2)
    }
  })

  test.each(rels)('%s: the build duration and the slowest steps include them', async (rel) => {
    const builds = await read(rel)
    expect(builds[0]?.status).toBe('failed')
    expect(builds[0]?.duration).toBeGreaterThan(3)
    const a = analyse(builds)
    expect(
      a.slowest
        .slice(0, 2)
        .map((s) => s.status)
        .sort()
    ).toEqual(['canceled', 'error'])
  })
})

describe('a build that fails before its first Dockerfile step is a failed build with its error', () => {
  test.each(['earlyfail/docker28-earlyfail-fail.plain.log', 'earlyfail/docker28-earlyfail-fail.rawjson.log'])('%s', async (rel) => {
    const builds = await read(rel)
    expect(builds.map((b) => ({ status: b.status, steps: b.steps.length }))).toEqual([{ status: 'failed', steps: 0 }])
    expect(builds[0]?.error).toMatch(/^failed to build: failed to solve: buildkit-test\/does-not-exist: failed to resolve source metadata/)
  })

  test('the summary shows its error', async () => {
    const { reportFromLogs } = await import('../src/pipeline.js')
    const { renderSummary } = await import('../src/summary/markdown.js')
    const report = await reportFromLogs([fixture('earlyfail/docker28-earlyfail-fail.plain.log')], { thresholds: {}, now: new Date(0) })
    expect(report.totals.failed).toBe(1)
    const md = renderSummary(report)
    expect(md).toContain('0 of 0 steps cached')
    expect(md).toContain('**failed**')
    expect(md).toContain('Error: <code>failed to build: failed to solve: buildkit-test/does-not-exist: failed to resolve source metadata')
    // and in the headline, where a user looks first
    expect(md.split('### ')[0]).toContain('❌ The build failed before its first step: <code>failed to build: failed to solve: buildkit-test/does-not-exist')
  })
})

describe('an error line belongs to the build it ends (good, refused, good in one log)', () => {
  const rels = ['syntax', 'missing', 'context'].flatMap((kind) => ['plain', 'rawjson'].map((fmt) => `refused/docker28-refused-${kind}.${fmt}.log`))
  const why: Record<string, RegExp> = {
    syntax: /dockerfile parse error on line 2: unknown instruction: RUNN/,
    missing: /failed to read dockerfile: open Dockerfile\.missing: no such file or directory/,
    context: /unable to prepare context: path "\.\/no-such-context" not found/
  }
  test.each(rels)('%s', async (rel) => {
    const builds = await read(rel)
    expect(builds.map((b) => ({ status: b.status, steps: b.steps.length }))).toEqual([
      { status: 'success', steps: 2 },
      { status: 'failed', steps: 0 },
      { status: 'success', steps: 2 }
    ])
    expect(analyse(builds).totals).toMatchObject({ builds: 3, failed: 1 })
    const kind = /refused-(\w+)\./.exec(rel)?.[1] ?? ''
    expect(builds[1]?.error).toMatch(why[kind] ?? /never/)
    expect(builds[0]?.error).toBeUndefined()
  })
})
