import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { ProgressReader } from '../src/progress/detect.js'
import { modelBuilds } from '../src/pipeline.js'
import type { Build } from '../src/model/build.js'
import { phaseOf } from '../src/model/phases.js'
import { fixture } from './helpers.js'

function builds(rel: string): Build[] {
  const reader = new ProgressReader(rel)
  reader.push(readFileSync(fixture(rel), 'utf8'))
  return modelBuilds(reader.end().builds)
}

function one(rel: string): Build {
  const [b] = builds(rel)
  if (!b) throw new Error(`${rel} has a build`)
  return b
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)

// parallel stages, a local cache export (mode=max), an import after a prune, a push with a cache export
const TIMED = [
  'parallel/docker28-parallel-cold.rawjson.log',
  'parallel/docker28-parallel-warm.rawjson.log',
  'cacheexport/docker28-cacheexport-max-export.rawjson.log',
  'cacheexport/docker28-cacheexport-max-import.rawjson.log',
  'timeline/docker28-timeline-cold.rawjson.log',
  'timeline/docker28-timeline-warm.rawjson.log'
]

describe('phases', () => {
  test.each(TIMED)('%s: the phases and the time between vertexes add up to the wall time', (rel) => {
    const b = one(rel)
    const p = b.phases
    expect(b.durationKind).toBe('wall')
    expect(p?.kind).toBe('wall')
    const total = sum(p?.list.map((x) => x.seconds) ?? []) + (p?.idle ?? 0)
    expect(Math.abs(total - b.duration)).toBeLessThanOrEqual(0.05 * b.duration)
    // each phase no longer than its vertexes ran, and the steps' busy time is every step's time
    for (const x of p?.list ?? []) expect(x.seconds).toBeLessThanOrEqual(x.busy + 0.001)
    expect(p?.list.find((x) => x.phase === 'steps')?.busy).toBeCloseTo(sum(b.steps.map((s) => s.seconds + (s.pullSeconds ?? 0))), 2)
  })

  test('parallel stages: more work than wall time, and the steps hide what ran beside them', () => {
    const p = one('parallel/docker28-parallel-cold.rawjson.log').phases
    expect(p?.parallelism).toBeGreaterThan(1.8)
    expect(p?.list.map((x) => x.phase)).toEqual(['context', 'base-image', 'steps', 'export'])
  })

  test('the cache export of a mode=max build and the import after a prune are phases of their own', () => {
    const exported = one('cacheexport/docker28-cacheexport-max-export.rawjson.log').phases?.list.find((x) => x.phase === 'cache-export')
    expect(exported).toMatchObject({ vertexes: 1, seconds: exported?.busy })
    expect(exported?.seconds).toBeGreaterThan(0.15)
    const imported = one('cacheexport/docker28-cacheexport-max-import.rawjson.log').phases?.list.find((x) => x.phase === 'cache-import')
    expect(imported).toMatchObject({ vertexes: 1 })
    expect(imported?.busy).toBeGreaterThan(0)
  })

  test('a push is read from the export vertex in both formats, and taken out of the export', () => {
    const raw = one('timeline/docker28-timeline-cold.rawjson.log').phases?.list ?? []
    const push = raw.find((x) => x.phase === 'push')
    // `pushing layers` 0.5 s and `pushing manifest for ...` in the log's statuses
    expect(push?.busy).toBeGreaterThan(0.4)
    expect(push?.busy).toBeLessThan(0.7)
    const exp = raw.find((x) => x.phase === 'export')
    expect((exp?.busy ?? 0) + (push?.busy ?? 0)).toBeCloseTo(1.435, 2)
    const plain = one('timeline/docker28-timeline-cold.plain.log').phases
    expect(plain?.kind).toBe('sum')
    // `pushing layers 0.5s done`, `pushing manifest for ... 0.0s done`; `#11 DONE 1.1s`
    expect(plain?.list.find((x) => x.phase === 'push')?.seconds).toBe(0.5)
    expect(plain?.list.find((x) => x.phase === 'export')?.seconds).toBe(0.6)
  })

  test('a warm build with a push and a cache export spends most of its time after the steps', () => {
    const b = one('timeline/docker28-timeline-warm.rawjson.log')
    const after = sum(b.phases?.list.filter((x) => ['export', 'push', 'cache-export'].includes(x.phase)).map((x) => x.seconds) ?? [])
    expect(after / b.duration).toBeGreaterThan(0.6)
    expect(b.phases?.list.find((x) => x.phase === 'steps')?.seconds).toBeLessThan(0.01)
  })

  test('plain logs: each phase is the sum of its DONE figures, and they add up to the duration (a sum too)', () => {
    for (const rel of [
      'parallel/docker28-parallel-cold.plain.log',
      'timeline/docker28-timeline-cold.plain.log',
      'cacheexport/docker28-cacheexport-max-export.plain.log'
    ]) {
      const b = one(rel)
      expect(b.durationKind).toBe('sum')
      expect(b.phases?.kind).toBe('sum')
      expect(b.criticalPath).toBeUndefined()
      expect(sum(b.phases?.list.map((x) => x.seconds) ?? [])).toBeCloseTo(b.duration, 3)
    }
  })

  test('a bake: each target has phases of its own vertexes, its target left out of their names', () => {
    const [app, tools] = builds('cacheexport/docker28-cacheexport-bake.rawjson.log')
    expect(app?.phases?.list.map((x) => x.phase)).toContain('cache-export')
    expect(tools?.phases?.list.map((x) => x.phase)).toContain('export')
    expect(phaseOf('[app internal] load build context', true)).toBe('context')
    expect(phaseOf('[app internal] load metadata for docker.io/library/node:20', true)).toBe('base-image')
    expect(phaseOf('[app] exporting cache to client directory', true)).toBe('cache-export')
    expect(phaseOf('[app] exporting to image', true)).toBe('export')
    expect(phaseOf('[app build 2/2] RUN make', true)).toBe('steps')
  })

  test.each([
    ['[internal] load build definition from Dockerfile', 'context'],
    ['[internal] load .dockerignore', 'context'],
    ['[internal] load build context', 'context'],
    ['[internal] load metadata for docker.io/library/node:20-alpine', 'base-image'],
    ['[auth] library/node:pull token for registry-1.docker.io', 'base-image'],
    ['[build 1/4] FROM docker.io/library/node:20', 'base-image'],
    ['FROM docker.io/library/composer:2@sha256:0123', 'base-image'],
    ['importing cache manifest from gha:652058089610323667', 'cache-import'],
    ['exporting to GitHub Actions Cache', 'cache-export'],
    ['exporting cache to registry', 'cache-export'],
    ['exporting to image', 'export'],
    ['exporting to oci image format', 'export'],
    ['[build 2/4] RUN make', 'steps'],
    ['resolving provenance for metadata file', 'other']
  ])('%s is %s', (name, phase) => {
    expect(phaseOf(name, false)).toBe(phase)
  })
})

describe('critical path', () => {
  test.each(TIMED)('%s: its links and their waits add up to the wall time, and it ends with the build', (rel) => {
    const b = one(rel)
    const path = b.criticalPath
    expect(path?.links.length).toBeGreaterThan(3)
    const links = path?.links ?? []
    // each figure is rounded to the millisecond: half of one per link on top of the 5%
    expect(Math.abs(sum(links.map((l) => l.seconds + l.wait)) - b.duration)).toBeLessThanOrEqual(0.05 * b.duration + 0.0005 * links.length)
    expect(links.at(-1)?.end).toBeCloseTo(b.duration, 3)
    expect(links[0]?.start).toBe(0)
    // each link started no earlier than the one before it
    for (let i = 1; i < links.length; i++) expect(links[i]?.start ?? 0).toBeGreaterThanOrEqual(links[i - 1]?.start ?? 0)
  })

  test('parallel stages: the chain runs through the slower stage, not the faster one', () => {
    const names = one('parallel/docker28-parallel-cold.rawjson.log').criticalPath?.links.map((l) => l.name) ?? []
    expect(names).toContain('[right 3/4] RUN for i in 1 2 3 4 5 6; do echo "right line $i"; sleep 0.25; done; echo right > right.txt')
    expect(names).toContain('[right 4/4] RUN sleep 1.5 && echo "right done"')
    expect(names.some((n) => n.startsWith('[left '))).toBe(false)
    expect(names.at(-1)).toBe('exporting to image')
  })

  test('a push and a cache export close the chain of a warm build', () => {
    const links = one('timeline/docker28-timeline-warm.rawjson.log').criticalPath?.links ?? []
    expect(links.slice(-2).map((l) => l.phase)).toEqual(['export', 'cache-export'])
    expect(links.at(-2)?.push).toBeGreaterThan(0)
  })
})
