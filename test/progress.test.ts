import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { readLogFile } from '../src/sources/log-files.js'
import { modelBuilds } from '../src/pipeline.js'
import { analyse } from '../src/analysis/analyse.js'
import { ProgressReader } from '../src/progress/detect.js'
import { expectedCounts, fixture } from './helpers.js'

const expected = Object.entries(expectedCounts())

async function counts(rel: string) {
  const read = await readLogFile(fixture(rel))
  const builds = modelBuilds(read.builds)
  const a = analyse(builds)
  return { builds: builds.length, steps: a.totals.steps, cached: a.totals.cached, problems: read.problems, list: builds }
}

describe('every captured log gives the counts taken from it independently', () => {
  test.each(expected)('%s', async (rel, want) => {
    const got = await counts(rel)
    expect(got.problems).toEqual([])
    expect({ builds: got.builds, steps: got.steps, cached: got.cached }).toEqual({ builds: want.builds, steps: want.steps, cached: want.cached })
    const failed = got.list.some((b) => b.status !== 'success')
    expect(failed).toBe(want.exitCode !== 0)
  })
})

describe('plain and rawjson of the same sequence agree', () => {
  const pairs = expected.map(([rel]) => rel).filter((rel) => rel.endsWith('.plain.log') && expectedCounts()[rel.replace('.plain.log', '.rawjson.log')])
  test.each(pairs)('%s', async (plainRel) => {
    const plain = await counts(plainRel)
    const raw = await counts(plainRel.replace('.plain.log', '.rawjson.log'))
    expect(raw.steps).toBe(plain.steps)
    expect(raw.cached).toBe(plain.cached)
    // The same steps. Not by stage: one vertex shared by two stages (the same WORKDIR on the same
    // base) is named after either stage, and which one varies from run to run (seen on Docker 26.1).
    const names = (c: typeof plain) => c.list.flatMap((b) => b.steps.map((s) => `${s.platform} ${s.text} ${s.cached}`)).sort()
    expect(names(raw)).toEqual(names(plain))
  })
})

describe("the client's WARNING lines after the build are kept in both formats", () => {
  test.each(['cacheimport/docker28-cacheimport-local', 'cacheexport/docker28-cacheexport-empty-import'])('%s', async (base) => {
    const plain = await counts(`${base}.plain.log`)
    const raw = await counts(`${base}.rawjson.log`)
    const warnings = plain.list.flatMap((b) => b.warnings)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^WARNING: local cache import at \S+ not found due to err: /)
    expect(raw.list.flatMap((b) => b.warnings)).toEqual(warnings)
  })
})

describe('reading in chunks of any size gives the same result', () => {
  const files = [
    'multistage/docker28-multistage-cold.plain.log',
    'multistage/docker28-multistage-partial.rawjson.log',
    'multistage/docker26-multistage-cold.rawjson.log',
    'history/docker28-history-cold.rawjson.log',
    'failing/docker28-failing-fail.rawjson.log',
    'failtime/docker28-failtime-fail.plain.log',
    'refused/docker28-refused-context.plain.log',
    'refused/docker28-refused-context.rawjson.log'
  ]
  test.each(files)('%s', (rel) => {
    const text = readFileSync(fixture(rel), 'utf8')
    const whole = parse(text, [text.length])
    for (const size of [1, 2, 3, 17, 100, 4096]) {
      const got = parse(
        text,
        Array.from({ length: Math.ceil(text.length / size) }, () => size)
      )
      expect(got).toEqual(whole)
    }
  })
})

function parse(text: string, sizes: number[]) {
  const r = new ProgressReader('x')
  let at = 0
  for (const n of sizes) {
    r.push(text.slice(at, at + n))
    at += n
  }
  const { builds, problems } = r.end()
  return { builds: modelBuilds(builds), problems }
}
