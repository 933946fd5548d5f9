import { describe, expect, test } from 'vitest'
import { readLogFiles } from '../src/sources/log-files.js'
import { modelBuilds } from '../src/pipeline.js'
import { analyse } from '../src/analysis/analyse.js'
import { parseStepName } from '../src/model/step-name.js'
import { buildName } from '../src/model/identity.js'
import { modelBuilds as modelRawBuild } from '../src/model/build.js'
import type { RawBuild, Vertex } from '../src/progress/vertex.js'
import { fixture } from './helpers.js'

async function analysed(rel: string) {
  const read = await readLogFiles([fixture(rel)])
  expect(read.problems).toEqual([])
  return analyse(modelBuilds(read.builds))
}

const brief = (a: Awaited<ReturnType<typeof analysed>>) =>
  a.builds.map((b) => ({ name: buildName(b), steps: b.steps.length, cached: b.steps.filter((s) => s.cached).length, stages: b.stages.map((s) => s.name) }))

// Counts taken with grep/jq (test/fixtures/README.md), not with the parser.
describe('builds named by what they built', () => {
  test.each(['plain', 'rawjson'])('three images in one log (%s): named by image, stages per build in order', async (format) => {
    const a = await analysed(`threeimages/docker28-threeimages-cold.${format}.log`)
    expect(brief(a)).toEqual([
      { name: 'acme/api:ci', steps: 5, cached: 2, stages: ['build', 'stage-1'] },
      { name: 'acme/worker:ci', steps: 3, cached: 1, stages: ['stage-0'] },
      { name: 'acme/web:ci', steps: 4, cached: 1, stages: ['stage-0'] }
    ])
    expect(a.builds.map((b) => b.dockerfile)).toEqual(['api.Dockerfile', 'worker.Dockerfile', 'web.Dockerfile'])
    expect(a.totals).toMatchObject({ builds: 3, steps: 12, cached: 4 })
  })
})

describe('bake targets', () => {
  test.each(['plain', 'rawjson'])('two targets sharing a stage, cold (%s): each step once, under the target that ran it', async (format) => {
    const a = await analysed(`bake/docker28-bake-cold.${format}.log`)
    expect(a.builds.map((b) => [b.target, b.images, b.steps.length, b.steps.filter((s) => s.cached).length])).toEqual([
      // the shared WORKDIR, found cached once for both, goes with the name BuildKit printed first:
      // `[api base 2/4]` in plain, `[worker base 2/4]` in rawjson (the same digest, sent under both)
      ['api', ['acme/api:ci'], 4, format === 'plain' ? 1 : 0],
      ['worker', ['acme/worker:ci'], 3, format === 'plain' ? 0 : 1]
    ])
    // the shared RUN ran once and is counted once, not cached, under the name it ran with: plain
    // prints it `#10 [worker base 4/4]` (and a CACHED `#12 [api base 4/4]`); rawjson first sends
    // that digest as `[api base 4/4]` (later as `[worker base 4/4]`): BuildKit's choice, not ours
    const run = a.builds.flatMap((b) => b.steps.filter((s) => s.stage === 'base' && s.index === 4).map((s) => [b.target, s.cached]))
    expect(run).toEqual([[format === 'plain' ? 'worker' : 'api', false]])
    // 9 step vertexes; the two CACHED copies of base 3/4 and base 4/4 (run once for both) are left out
    expect(a.totals).toMatchObject({ builds: 2, steps: 7, cached: 1 })
    const texts = a.builds.flatMap((b) => b.steps.map((s) => `${s.stage} ${s.index}/${s.count} ${s.text}`)).sort()
    expect(new Set(texts).size).toBe(7)
    for (const b of a.builds) expect(b.status).toBe('success')
  })

  test.each(['plain', 'rawjson'])('warm (%s): every step cached, each once', async (format) => {
    const a = await analysed(`bake/docker28-bake-warm.${format}.log`)
    expect(a.totals).toMatchObject({ builds: 2, steps: 7, cached: 7 })
    expect(a.builds.map((b) => b.target).sort()).toEqual(['api', 'worker'])
    // a stage that did not run has no wall span
    for (const b of a.builds) for (const st of b.stages) expect(st.wall).toBeUndefined()
  })

  test('names with a target first, as buildx prints them in a bake', () => {
    expect(parseStepName('[api base 3/4] COPY shared.txt ./', true)).toMatchObject({
      target: 'api',
      stage: 'base',
      index: 3,
      count: 4,
      text: 'COPY shared.txt ./'
    })
    expect(parseStepName('[worker worker 2/2] RUN true', true)).toMatchObject({ target: 'worker', stage: 'worker', index: 2 })
    // compose: a service whose Dockerfile has one unnamed stage
    expect(parseStepName('[jobs 3/4] COPY . .', true)).toMatchObject({ target: 'jobs', stage: 'stage-0', index: 3, count: 4 })
    expect(parseStepName('[api linux/amd64 base 2/2] RUN x', true)).toMatchObject({ target: 'api', platform: 'linux/amd64', stage: 'base' })
    expect(parseStepName('[worker internal] load build context', true)).toBeUndefined()
    expect(parseStepName('[api] exporting to image', true)).toBeUndefined()
    // outside a bake the first word is a stage, and two words are nothing
    expect(parseStepName('[api base 3/4] COPY x', false)).toBeUndefined()
  })
})

describe('compose build', () => {
  test.each([
    ['cold', 2],
    ['warm', 6]
  ])('two services (%s): the service stands where a stage name would; each its own build', async (phase, cached) => {
    const a = await analysed(`compose/docker28-compose-${phase}.plain.log`)
    expect(a.builds.map((b) => [b.target, b.images, b.steps.length]).sort()).toEqual([
      ['api', ['acme/api:compose'], 3],
      ['jobs', ['acme/jobs:compose'], 3]
    ])
    // `[api 3/4] COPY . .` and `[jobs 3/4] COPY . .` are two steps (two contexts), cached or not
    expect(a.totals).toMatchObject({ builds: 2, steps: 6, cached })
    expect(a.builds.flatMap((b) => b.stages.map((s) => s.name))).toEqual(['stage-0', 'stage-0'])
  })
})

describe('a cache hit whose layers were pulled later', () => {
  // No captured log has it: it needs a docker-container builder (moby/buildkit image, no network
  // here). BUILDKIT-FORMATS.md records it from real CI logs: `#12 CACHED`, later layer downloads
  // and `#12 DONE 15.6s`. This is the model's rule on such a vertex, not a parser test.
  test('stays cached, its pull time apart, never among the slowest', () => {
    const vertex = (key: string, name: string, over: Partial<Vertex>): Vertex => ({
      key,
      name,
      started: true,
      cached: false,
      done: true,
      error: undefined,
      canceled: false,
      seconds: 0,
      intervals: [],
      pulled: false,
      order: Number(key.slice(1)),
      ...over
    })
    const raw: RawBuild = {
      file: 'ci.log',
      format: 'plain',
      vertexes: [
        vertex('#11', '[build 6/7] RUN npm ci', { cached: true, seconds: 15.6, pulled: true }),
        vertex('#12', '[build 7/7] RUN npm run build', { seconds: 3.2 })
      ],
      errors: [],
      warnings: []
    }
    const [b] = modelRawBuild(raw, 1)
    expect(b?.steps.map((s) => [s.index, s.status, s.seconds, s.pullSeconds])).toEqual([
      [6, 'cached', 0, 15.6],
      [7, 'done', 3.2, undefined]
    ])
    const a = analyse(b ? [b] : [])
    expect(a.slowest.map((s) => s.index)).toEqual([7])
    expect(a.totals).toMatchObject({ steps: 2, cached: 1 })
  })
})
