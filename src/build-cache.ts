import type { Buildx } from './docker/buildx.js'
import { finite, isRecord, parseJson } from './json.js'
import { byType, type CacheRecord, type CacheTotals, type TypeUsage } from './docker/du.js'

/** What `pre` (or run mode, before its build) keeps of the build cache, to measure growth. */
export interface CacheSnapshot {
  builder: string
  at: string
  totals: CacheTotals
  cacheMounts: number
  records: number
}

/** The build cache after the builds, and what it grew by. */
export interface CacheStorage {
  builder: string
  totals: CacheTotals
  byType: TypeUsage[]
  /** Bytes held by `RUN --mount=type=cache` (exec.cachemount records). */
  cacheMounts: number
  largest: Pick<CacheRecord, 'id' | 'type' | 'size' | 'description' | 'shared' | 'reclaimable'>[]
  records: number
  before?: CacheSnapshot
  /** after - before, bytes; absent when there was no snapshot of the same builder before. */
  growth?: number
  cacheMountGrowth?: number
}

const LARGEST = 10

export async function snapshot(
  buildx: Buildx,
  now: Date
): Promise<{ snapshot?: CacheSnapshot; storage?: Omit<CacheStorage, 'before' | 'growth' | 'cacheMountGrowth'>; error?: string }> {
  // two docker CLI starts of ~0.2 s each: side by side, not one after the other
  const [name, du] = await Promise.all([buildx.name(), buildx.du()])
  if (!name.ok) return { error: name.message }
  if (!du.ok) return { error: du.message }
  const records = du.value.records
  const cacheMounts = records.filter((r) => r.type === 'exec.cachemount').reduce((t, r) => t + r.size, 0)
  const largest = [...records]
    .sort((a, b) => b.size - a.size)
    .slice(0, LARGEST)
    .map(({ id, type, size, description, shared, reclaimable }) => ({ id, type, size, description, shared, reclaimable }))
  return {
    snapshot: { builder: name.value, at: now.toISOString(), totals: du.value.totals, cacheMounts, records: records.length },
    storage: { builder: name.value, totals: du.value.totals, byType: byType(records), cacheMounts, largest, records: records.length }
  }
}

export function withGrowth(after: Omit<CacheStorage, 'before' | 'growth' | 'cacheMountGrowth'>, before: CacheSnapshot | undefined): CacheStorage {
  if (before === undefined || before.builder !== after.builder) return after
  return { ...after, before, growth: after.totals.total - before.totals.total, cacheMountGrowth: after.cacheMounts - before.cacheMounts }
}

/** A snapshot kept in GITHUB_STATE by pre: checked field by field, as any outside JSON. */
export function parseSnapshot(text: string): CacheSnapshot | undefined {
  if (text === '') return undefined
  const o = parseJson(text)
  if (!isRecord(o) || !isRecord(o.totals) || typeof o.builder !== 'string' || typeof o.at !== 'string') return undefined
  const t = o.totals
  const total = finite(t.total)
  if (total === undefined) return undefined
  return {
    builder: o.builder,
    at: o.at,
    totals: { total, reclaimable: finite(t.reclaimable) ?? 0, shared: finite(t.shared) ?? 0, private: finite(t.private) ?? 0 },
    cacheMounts: finite(o.cacheMounts) ?? 0,
    records: finite(o.records) ?? 0
  }
}
