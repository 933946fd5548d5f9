import { expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { ProgressReader } from '../src/progress/detect.js'
import { reportFromBuilds } from '../src/pipeline.js'
import { renderSummary } from '../src/summary/markdown.js'
import { outputsOf } from '../src/report/outputs.js'
import { readBaseline, toEntry, WINDOW } from '../src/baseline/entry.js'
import type { RawBuild } from '../src/progress/vertex.js'
import { fixture } from './helpers.js'

// Spreading 130,000 items into a call overflowed the stack (`push(...x)`, `Math.max(...x)`).
// 200,000 builds of a real log, each given a stage of its own (`[2/3]` → `[s7 2/3]`), so that
// there are 200,000 builds, 200,000 stages and 400,000 steps, through everything after parsing.
const N = 200_000

function many(one: RawBuild, n: number): RawBuild[] {
  const builds: RawBuild[] = []
  for (let i = 0; i < n; i++) {
    builds.push({ ...one, file: 'many.log', vertexes: one.vertexes.map((v) => ({ ...v, name: v.name.replace(/^\[(\d)/, `[s${i} $1`) })) })
  }
  return builds
}

/** Everything after parsing, for n copies of one build: report, summary, outputs, baseline window and a report against it. */
function through(one: RawBuild, n: number): number {
  const t0 = performance.now()
  const builds = many(one, n)
  const report = reportFromBuilds(builds, ['many.log'], [], { thresholds: { 'min-cache-hit-rate': 50, 'max-duration': 1e9 }, now: new Date(0) })
  expect(report.totals).toMatchObject({ builds: n, steps: 2 * n, cached: 0 })
  expect(report.stages).toHaveLength(n)
  expect(report.gate.verdict).toBe('fail')
  const md = renderSummary(report)
  expect(Buffer.byteLength(md)).toBeLessThanOrEqual(1000 * 1024)
  expect(outputsOf(report, 'r.json').find(([name]) => name === 'total-steps')).toEqual(['total-steps', String(2 * n)])
  // a baseline history of n entries: the window is its newest WINDOW
  const entry = toEntry(report)
  const read = readBaseline({ schemaVersion: 1, entries: Array.from({ length: n }, () => entry) })
  expect(read.entries).toHaveLength(WINDOW)
  const withBaseline = reportFromBuilds(
    builds,
    ['many.log'],
    [],
    { thresholds: { 'max-cache-hit-rate-drop': 5 }, now: new Date(0) },
    { baseline: read.entries }
  )
  expect(withBaseline.deltas?.stages).toHaveLength(n)
  expect(withBaseline.gate.verdict).toBe('pass')
  return performance.now() - t0
}

test('200,000 builds, stages and steps: no stack overflow, and linear', () => {
  const reader = new ProgressReader('one.log')
  reader.push(readFileSync(fixture('cacheimport/docker28-cacheimport-local.plain.log'), 'utf8'))
  const [one] = reader.end().builds
  if (!one) throw new Error('the fixture has a build')
  // linear is judged against the same work on a tenth of the builds, on the same machine at the
  // same moment: a loaded machine slows both, and a quadratic step takes 100 times as long, not 10
  const tenth = through(one, N / 10)
  const all = through(one, N)
  console.log(`scale: ${String(N / 10)} builds ${tenth.toFixed(0)} ms, ${String(N)} builds ${all.toFixed(0)} ms (${(all / tenth).toFixed(1)}×)`)
  expect(all).toBeLessThan(40 * tenth)
  expect(all).toBeLessThan(240_000)
}, 360_000)
