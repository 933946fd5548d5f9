import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { readLogFiles } from '../src/sources/log-files.js'
import { modelBuilds } from '../src/pipeline.js'
import { analyse } from '../src/analysis/analyse.js'
import { rootCauses, type CauseInputs } from '../src/analysis/root-causes.js'
import { baselineSteps, toEntry } from '../src/baseline/entry.js'
import { parseDockerfile } from '../src/dockerfile/parse.js'
import { SCHEMA_VERSION } from '../src/report/schema.js'
import { fixture } from './helpers.js'

async function builds(rel: string) {
  return modelBuilds((await readLogFiles([fixture(rel)])).builds)
}

async function baselineOf(rel: string): Promise<NonNullable<CauseInputs['baseline']>> {
  const entry = toEntry({ ...analyse(await builds(rel)), generatedAt: '2026-11-29T00:00:00Z', schemaVersion: SCHEMA_VERSION })
  return baselineSteps(entry)
}

const multistage = parseDockerfile(readFileSync(fixture('multistage/Dockerfile'), 'utf8'), 'Dockerfile')
const row = (c: ReturnType<typeof rootCauses>[number]) => `${c.code} ${c.step.stage} ${String(c.step.index)} ${c.step.instruction} +${String(c.cascade.length)}`

describe('root causes on the multistage fixtures', () => {
  test.each(['plain', 'rawjson'])('cascade (%s): base.txt changed; one root drags base, deps and build along', async (format) => {
    const [b] = await builds(`multistage/docker28-multistage-cascade.${format}.log`)
    if (!b) throw new Error('no build')
    const causes = rootCauses(b, 1, { baseline: await baselineOf(`multistage/docker28-multistage-warm.${format}.log`), dockerfile: () => multistage })
    expect(causes.map(row)).toEqual(['files-changed base 3 COPY +13'])
    const [c] = causes
    expect(c?.line).toBe(4)
    expect(c?.cascade.map((s) => `${s.stage} ${String(s.index)}`).sort()).toEqual(
      ['base 4', 'deps 1', 'deps 2', ...Array.from({ length: 10 }, (_, i) => `build ${String(i + 1)}`)].sort()
    )
    // every step that ran is counted once, under its root
    const ran = b.steps.filter((s) => !s.cached)
    expect(c?.seconds).toBeCloseTo(
      ran.reduce((t, s) => t + s.seconds, 0),
      0
    )
  })

  test.each(['plain', 'rawjson'])(
    'partial (%s): src/main.txt changed; COPY src/ is the root of the last three steps and the runtime copy of their output',
    async (format) => {
      const [b] = await builds(`multistage/docker28-multistage-partial.${format}.log`)
      if (!b) throw new Error('no build')
      const causes = rootCauses(b, 1, { baseline: await baselineOf(`multistage/docker28-multistage-warm.${format}.log`), dockerfile: () => multistage })
      expect(causes.map(row)).toEqual(['files-changed build 7 COPY +4'])
      expect(causes[0]?.line).toBe(19)
    }
  )

  test.each(['plain', 'rawjson'])('cold (%s) without a baseline: the cache was not available, from each stage built on an image', async (format) => {
    const [b] = await builds(`multistage/docker28-multistage-cold.${format}.log`)
    if (!b) throw new Error('no build')
    const causes = rootCauses(b, 1, { dockerfile: () => multistage })
    expect(causes.every((c) => c.code === 'cache-not-available')).toBe(true)
    expect(causes.reduce((t, c) => t + 1 + c.cascade.length, 0)).toBe(b.steps.length)
  })

  test.each(['plain', 'rawjson'])('warm (%s): no root cause', async (format) => {
    const [b] = await builds(`multistage/docker28-multistage-warm.${format}.log`)
    if (!b) throw new Error('no build')
    expect(rootCauses(b, 1, { dockerfile: () => multistage })).toEqual([])
  })
})
