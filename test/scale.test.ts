import { expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { ProgressReader } from '../src/progress/detect.js'
import { modelBuilds } from '../src/pipeline.js'
import { analyse } from '../src/analysis/analyse.js'
import { renderSummary } from '../src/summary/markdown.js'
import { buildReport } from '../src/report/report.js'
import { fixture } from './helpers.js'

// A log of a thousand real builds back to back (one CI job's log, concatenated): the work
// after parsing must stay linear. A quadratic step once took 40 s on 4,800 builds.
test('a thousand builds in one log are read, analysed and rendered in seconds', () => {
  const one = readFileSync(fixture('multistage/docker28-multistage-partial.plain.log'), 'utf8')
  const t0 = performance.now()
  const reader = new ProgressReader('many.log')
  for (let i = 0; i < 1000; i++) reader.push(one)
  const { builds } = reader.end()
  const a = analyse(modelBuilds(builds))
  const md = renderSummary(buildReport({ analysis: a, files: ['many.log'], gate: { verdict: 'none', checks: [] }, problems: [], generatedAt: new Date(0) }))
  const ms = performance.now() - t0
  expect(a.totals).toMatchObject({ builds: 1000, steps: 16_000, cached: 11_000 })
  expect(a.breaks).toHaveLength(1000)
  expect(Buffer.byteLength(md)).toBeLessThanOrEqual(1000 * 1024)
  expect(ms).toBeLessThan(5000)
})
