import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { byType, parseDiskUsage, parseSize, sum } from '../src/docker/du.js'
import { parseSnapshot, withGrowth } from '../src/build-cache.js'
import { fixture } from './helpers.js'

const DU = (f: string) => readFileSync(fixture(`../buildx/${f}`), 'utf8')

// One cold build of the cachemount fixture (two cache mounts, 1 MiB written to one), captured
// with buildx 0.29 and 0.13 (test/fixtures/buildx/capture.sh).
describe('docker buildx du, every form', () => {
  test.each([
    ['docker28-du-verbose.txt', 'verbose', 12, 1_049_000, 'footer'],
    ['docker26-du-verbose.txt', 'verbose', 12, 1_049_000, 'footer'],
    ['docker28-du-table.txt', 'table', 12, 1_049_000, 'footer'],
    ['docker26-du-table.txt', 'table', 12, 1_049_000, 'footer'],
    ['docker28-du-json.txt', 'json', 12, 1_049_488, 'records'],
    ['docker28-du-filter-cachemount.txt', 'table', 2, 1_049_011, 'records'],
    ['docker28-du-filter-nomatch.txt', 'table', 0, 0, 'records'],
    ['docker28-du-empty-verbose.txt', 'verbose', 0, 0, 'footer'],
    ['docker28-du-empty-table.txt', 'table', 0, 0, 'footer'],
    ['docker26-du-empty-table.txt', 'verbose', 0, 0, 'footer'],
    ['docker26-du-empty-verbose.txt', 'verbose', 0, 0, 'footer'],
    ['docker28-du-empty-json.txt', 'verbose', 0, 0, 'records']
  ])('%s', (file, format, records, total, from) => {
    const du = parseDiskUsage(DU(file))
    expect([du.format, du.records.length, du.totals.total, du.totalsFrom]).toEqual([format, records, total, from])
    // the footer buildx prints and the sum of its records agree within its rounding (4 digits)
    const summed = sum(du.records).total
    expect(Math.abs(summed - du.totals.total)).toBeLessThanOrEqual(du.totals.total * 0.001)
  })

  test('verbose records: types, parents (0.29 list, 0.13 single), flags, descriptions', () => {
    for (const engine of ['docker28', 'docker26']) {
      const du = parseDiskUsage(DU(`${engine}-du-verbose.txt`))
      expect(byType(du.records).map((t) => [t.type, t.count, t.size])).toEqual([
        ['exec.cachemount', 2, 1_049_011],
        ['source.local', 3, 470],
        ['regular', 7, 7]
      ])
      const mount = du.records.find((r) => r.size === 1_049_000)
      expect(mount).toMatchObject({ type: 'exec.cachemount', mutable: true, reclaimable: true, shared: false, usageCount: 2 })
      expect(mount?.description).toMatch(/^cached mount \/root\/\.cache from exec \/bin\/sh -c/)
      expect(du.records.filter((r) => r.parents.length > 0).length).toBeGreaterThan(0)
      expect(du.totals).toEqual({ total: 1_049_000, reclaimable: 1_049_000, shared: 7, private: 1_049_000 })
    }
  })

  test('table flags: * after the ID is mutable, after the size shared', () => {
    const du = parseDiskUsage(DU('docker28-du-table.txt'))
    expect(du.records.filter((r) => r.mutable)).toHaveLength(5)
    expect(
      du.records
        .filter((r) => r.shared)
        .map((r) => r.size)
        .sort()
    ).toEqual([0, 0, 0, 0, 0, 0, 7])
  })

  test.each([
    ['0B', 0],
    ['7B', 7],
    ['2.47kB', 2470],
    ['1.049MB', 1_049_000],
    ['1.982GB', 1_982_000_000],
    ['7B*', 7],
    ['12 MiB', 12 * 1024 ** 2],
    ['true', undefined],
    ['', undefined]
  ])('parseSize(%j) = %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes)
  })
})

describe('growth', () => {
  const after = (total: number, builder = 'default') => ({
    builder,
    totals: { total, reclaimable: total, shared: 0, private: total },
    byType: [],
    cacheMounts: 100,
    largest: [],
    records: 3
  })
  const before = {
    builder: 'default',
    at: '2026-11-28T10:00:00.000Z',
    totals: { total: 400, reclaimable: 400, shared: 0, private: 400 },
    cacheMounts: 40,
    records: 1
  }

  test('after − before of the same builder', () => {
    expect(withGrowth(after(1000), before)).toMatchObject({ growth: 600, cacheMountGrowth: 60 })
  })
  test('another builder or no snapshot: unknown', () => {
    expect(withGrowth(after(1000, 'builder-1'), before).growth).toBeUndefined()
    expect(withGrowth(after(1000), undefined).growth).toBeUndefined()
  })
  test('the snapshot pre keeps in GITHUB_STATE reads back; damaged state is none', () => {
    expect(parseSnapshot(JSON.stringify(before))).toEqual(before)
    expect(parseSnapshot('')).toBeUndefined()
    expect(parseSnapshot('{"builder":"x","at":"y","totals":null}')).toBeUndefined()
    expect(parseSnapshot('not json')).toBeUndefined()
  })
})
