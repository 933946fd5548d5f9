import { describe, expect, test } from 'vitest'
import { reportFromLogs } from '../src/pipeline.js'
import { readBaseline, toEntry, type BaselineEntry } from '../src/baseline/entry.js'
import { outputsOf } from '../src/report/outputs.js'
import { renderSummary } from '../src/summary/markdown.js'
import { cacheCostWarning } from '../src/summary/cache-benefit.js'
import type { Report } from '../src/report/report.js'
import type { MinutePrice } from '../src/billing/billing.js'
import { FIXTURES } from './helpers.js'

const NOW = new Date('2026-11-28T12:00:00Z')
const PRICE: MinutePrice = { usdPerMinute: 0.006, sku: 'linux_2_core', source: 'table', asOf: '2026-01-01' }

async function report(rel: string, baseline?: readonly BaselineEntry[]): Promise<Report> {
  return reportFromLogs(
    [rel],
    { thresholds: {}, now: NOW, cwd: FIXTURES },
    {
      baseline,
      billing: { runner: { environment: 'github-hosted', os: 'linux', arch: 'x64', labels: ['ubuntu-latest'], cores: 2 }, price: PRICE }
    }
  )
}

const output = (r: Report, name: string) => outputsOf(r, 'r.json').find(([n]) => n === name)?.[1]
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)

describe('time saved and the net benefit of the cache', () => {
  test('against a cold baseline, the time saved is the baseline times of the steps now cached (mode=max, imported after a prune)', async () => {
    const cold = await report('cacheexport/docker28-cacheexport-max-export.rawjson.log')
    const warm = await report('cacheexport/docker28-cacheexport-max-import.rawjson.log', [toEntry(cold)])
    const b = warm.cacheBenefit
    const coldSteps = cold.builds[0]?.steps ?? []
    expect(b).toMatchObject({ cachedSteps: 7, knownSteps: 7 })
    expect(b?.timeSaved).toBeCloseTo(sum(coldSteps.map((s) => s.seconds)), 3)
    // the import is all the overhead: nothing is exported
    const imported = warm.builds[0]?.cacheTransfer?.imports[0]?.seconds ?? 0
    expect(imported).toBeGreaterThan(0)
    expect(b?.overhead).toBe(imported)
    expect(b?.net).toBeCloseTo((b?.timeSaved ?? 0) - imported, 3)
    expect(b?.netMinutes).toBeCloseTo((b?.net ?? 0) / 60, 4)
    expect(b?.netCost).toBeCloseTo(((b?.net ?? 0) / 60) * 0.006, 4)
    expect(b?.steps[0]).toMatchObject({ stage: 'deps', text: expect.stringMatching(/^RUN sleep 0\.5/) as unknown, ranAt: cold.generatedAt })
    expect(output(warm, 'time-saved')).toBe((b?.timeSaved ?? 0).toFixed(1))
    expect(output(warm, 'cache-overhead')).toBe('0.0')
  })

  test('a changed source: only the steps still cached count, each at its baseline time', async () => {
    const cold = await report('cacheexport/docker28-cacheexport-max-export.rawjson.log')
    const now = await report('cacheexport/docker28-cacheexport-max-import-source.rawjson.log', [toEntry(cold)])
    const cachedTexts = new Set(now.builds[0]?.steps.filter((s) => s.cached).map((s) => `${s.stage} ${s.text}`))
    expect(cachedTexts.size).toBe(4)
    const expected = sum(cold.builds[0]?.steps.filter((s) => cachedTexts.has(`${s.stage} ${s.text}`)).map((s) => s.seconds) ?? [])
    expect(now.cacheBenefit?.timeSaved).toBeCloseTo(expected, 3)
    expect(now.cacheBenefit?.knownSteps).toBe(4)
  })

  test('a warm build that pushes and exports its cache: saved against the cold run, less the export; a step cached in both is not known', async () => {
    const cold = await report('timeline/docker28-timeline-cold.rawjson.log')
    const warm = await report('timeline/docker28-timeline-warm.rawjson.log', [toEntry(cold)])
    const b = warm.cacheBenefit
    // `WORKDIR /out` was cached in the cold run too: it never ran in the window
    expect(b).toMatchObject({ cachedSteps: 6, knownSteps: 5 })
    expect(b?.timeSaved).toBeCloseTo(sum(cold.builds[0]?.steps.filter((s) => !s.cached).map((s) => s.seconds) ?? []), 3)
    expect(b?.overhead).toBe(warm.builds[0]?.cacheTransfer?.exports[0]?.seconds)
    expect(b?.net).toBeGreaterThan(3)
    expect(cacheCostWarning(warm)).toBe('')
    const md = renderSummary(warm)
    expect(md).toContain('### What the cache saved')
    expect(md).toContain('1 more cached step never ran in the baseline window')
  })

  test('a cache exported on every run and never used: a warning once the window shows it costs more than it saves', async () => {
    const warm = toEntry(await report('timeline/docker28-timeline-warm.rawjson.log'))
    // the cold runs run everything (--no-cache): their cache export is all cost
    const first = await report('timeline/docker28-timeline-cold.rawjson.log', [warm])
    expect(first.cacheBenefit).toMatchObject({ timeSaved: 0, knownSteps: 0 })
    expect(first.cacheBenefit?.window?.runs).toBe(1)
    expect(cacheCostWarning(first)).toBe('')
    const second = await report('timeline/docker28-timeline-cold.rawjson.log', [warm, toEntry(first)])
    expect(second.cacheBenefit?.window).toMatchObject({ runs: 2, timeSaved: 0 })
    expect(second.cacheBenefit?.window?.net).toBeLessThan(-2)
    expect(cacheCostWarning(second)).toMatch(
      /^Over the last 2 runs the cache took 2\.4s to import and export and saved 0 ms of steps: it costs more than it saves/
    )
    expect(renderSummary(second)).toContain('> [!WARNING]\n> Over the last 2 runs the cache took')
  })

  test('without a baseline only the overhead is known: time-saved is empty, cache-overhead is set', async () => {
    const r = await report('cacheexport/docker28-cacheexport-max-export.rawjson.log')
    expect(r.cacheBenefit?.timeSaved).toBeUndefined()
    expect(r.cacheBenefit?.overhead).toBe(r.builds[0]?.cacheTransfer?.exports[0]?.seconds)
    expect(output(r, 'time-saved')).toBe('')
    expect(output(r, 'cache-overhead')).toBe((r.cacheBenefit?.overhead ?? 0).toFixed(1))
    expect(renderSummary(r)).toContain('Importing and exporting cache took **187 ms** in this run. No step was cached.')
    const warm = await report('cacheexport/docker28-cacheexport-max-import.rawjson.log')
    expect(renderSummary(warm)).toContain('Importing and exporting cache took **9 ms** in this run. What the 7 cached steps saved is known with a baseline')
  })

  test('plain logs: the overhead is the import and export vertexes’ DONE times', async () => {
    const r = await report('timeline/docker28-timeline-cold.plain.log')
    // `#12 exporting cache to client directory` ... `#12 DONE 1.6s`
    expect(r.cacheBenefit?.overhead).toBe(1.6)
  })

  test('a baseline entry keeps what its run saved and cost, and reads them back', async () => {
    const cold = await report('cacheexport/docker28-cacheexport-max-export.rawjson.log')
    const warm = await report('cacheexport/docker28-cacheexport-max-import.rawjson.log', [toEntry(cold)])
    const entry = toEntry(warm)
    expect(entry.timeSaved).toBe(warm.cacheBenefit?.timeSaved)
    expect(entry.cacheOverhead).toBe(warm.cacheBenefit?.overhead)
    const read = readBaseline(JSON.parse(JSON.stringify({ schemaVersion: 1, entries: [entry, { ...entry, timeSaved: -1, cacheOverhead: 'x' }] })))
    expect(read.entries[0]).toMatchObject({ timeSaved: entry.timeSaved, cacheOverhead: entry.cacheOverhead })
    // a figure no run can have is left out, the entry kept
    expect(read.entries[1]?.timeSaved).toBeUndefined()
    expect(read.entries[1]?.cacheOverhead).toBeUndefined()
  })
})
