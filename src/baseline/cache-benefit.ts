import type { Build } from '../model/build.js'
import type { MinutePrice } from '../billing/billing.js'
import { buildKey } from '../analysis/root-causes.js'
import { stepKey, type BaselineEntry } from './entry.js'
import { round } from '../round.js'

/** A step cached now, and the time it took when it last ran in the baseline window. */
export interface SavedStep {
  /** 1-based, the report's order of builds. */
  build: number
  platform: string
  stage: string
  index: number
  count: number
  text: string
  /** Seconds it took in the newest baseline run where it ran. */
  seconds: number
  /** That run's `createdAt`. */
  ranAt: string
}

/** What the cache saved this run against what importing and exporting it took. */
export interface CacheBenefit {
  /** Seconds spent importing and exporting cache in this run (the import and export vertexes' own times). */
  overhead: number
  /** Steps cached now, and how many of them ran in a baseline run (their time then is known). */
  cachedSteps: number
  knownSteps: number
  /** Seconds: each cached step's time when it last ran in the baseline window; absent without a baseline. */
  timeSaved?: number
  /** timeSaved − overhead, seconds: what the cache gave this run, net. */
  net?: number
  /** The same in runner minutes (a fraction: whether a job crosses a whole minute depends on the rest of it). */
  netMinutes?: number
  /** The same in USD at the minute price; absent when the price is unknown. */
  netCost?: number
  /** Over the window's runs that kept both figures and this run. */
  window?: { runs: number; timeSaved: number; overhead: number; net: number }
  /** The cached steps that saved the most, the most first. */
  steps: SavedStep[]
}

const STEPS_KEPT = 10

/** The seconds each build spent importing and exporting cache: a bake's transfer is on its first target. */
export function cacheOverhead(builds: readonly Build[]): number {
  let total = 0
  for (const b of builds) {
    for (const i of b.cacheTransfer?.imports ?? []) total += i.seconds
    for (const e of b.cacheTransfer?.exports ?? []) total += e.seconds
  }
  return round(total, 3)
}

/**
 * The cache's benefit for this run: every step cached now saved the time it took when it last ran
 * in the window (newest run first, matched by build, platform, stage and text), less the time spent
 * importing and exporting cache. Without a baseline only the overhead is known.
 */
export function cacheBenefit(builds: readonly Build[], entries: readonly BaselineEntry[] | undefined, price?: MinutePrice): CacheBenefit {
  const overhead = cacheOverhead(builds)
  const cached = builds.flatMap((b, i) => b.steps.filter((s) => s.cached).map((s) => ({ b, build: i + 1, s })))
  const benefit: CacheBenefit = { overhead, cachedSteps: cached.length, knownSteps: 0, steps: [] }
  if (entries === undefined || entries.length === 0) return benefit
  const keys = new Map<Build, string>()
  const wanted = cached.map(({ b, build, s }) => {
    let key = keys.get(b)
    if (key === undefined) {
      key = buildKey(b)
      keys.set(b, key)
    }
    return { build, s, keyed: `${key}\u0000${stepKey(s)}`, unkeyed: `\u0001${stepKey(s)}` }
  })
  const last = lastRuns(entries, new Set(wanted.flatMap((w) => [w.keyed, w.unkeyed])))
  const saved: SavedStep[] = []
  for (const { build, s, keyed, unkeyed } of wanted) {
    const a = last.get(keyed)
    const b = last.get(unkeyed)
    // the newer of its build's own record and a record of an entry that kept no build keys
    const run = a && b ? (a.age <= b.age ? a : b) : (a ?? b)
    if (run) saved.push({ build, platform: s.platform, stage: s.stage, index: s.index, count: s.count, text: s.text, seconds: run.seconds, ranAt: run.ranAt })
  }
  const timeSaved = round(
    saved.reduce((t, s) => t + s.seconds, 0),
    3
  )
  const net = round(timeSaved - overhead, 3)
  benefit.knownSteps = saved.length
  benefit.timeSaved = timeSaved
  benefit.net = net
  benefit.netMinutes = round(net / 60, 4)
  if (price && price.source !== 'unknown') benefit.netCost = round((net / 60) * price.usdPerMinute, 4)
  benefit.steps = saved.sort((a, b) => b.seconds - a.seconds).slice(0, STEPS_KEPT)
  // the window's runs that kept what their cache saved and cost, and this one
  const kept = entries.filter((e) => e.timeSaved !== undefined && e.cacheOverhead !== undefined)
  const windowSaved = kept.reduce((t, e) => t + (e.timeSaved ?? 0), timeSaved)
  const windowOverhead = kept.reduce((t, e) => t + (e.cacheOverhead ?? 0), overhead)
  benefit.window = { runs: kept.length + 1, timeSaved: round(windowSaved, 3), overhead: round(windowOverhead, 3), net: round(windowSaved - windowOverhead, 3) }
  return benefit
}

/**
 * For each wanted key, the newest run of the window in which that step ran (not cached): keyed by
 * build key and step key, or by step key alone for entries that kept no build keys. Only wanted keys
 * are kept: a window holds 20 runs of what may be 200,000 builds.
 */
function lastRuns(entries: readonly BaselineEntry[], wanted: ReadonlySet<string>): Map<string, { seconds: number; ranAt: string; age: number }> {
  const last = new Map<string, { seconds: number; ranAt: string; age: number }>()
  if (wanted.size === 0) return last
  for (let age = 0; age < entries.length; age++) {
    const e = entries[entries.length - 1 - age]
    if (!e) continue
    const keyed = e.stepTimes.some((t) => t.build !== undefined)
    for (const t of e.stepTimes) {
      if (t.cached) continue
      const k = keyed ? `${t.build ?? ''}\u0000${t.key}` : `\u0001${t.key}`
      if (wanted.has(k) && !last.has(k)) last.set(k, { seconds: t.seconds, ranAt: e.createdAt, age })
    }
  }
  return last
}

/** The cache cost more than it saved over the window (two runs at least: one cold run always does). */
export function cacheCostsMore(b: CacheBenefit): boolean {
  return b.window !== undefined && b.window.runs >= 2 && b.window.net < 0
}
