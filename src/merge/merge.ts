import { hitRate } from '../analysis/analyse.js'
import type { Deltas } from '../baseline/deltas.js'
import { evaluateGates } from '../gates/index.js'
import type { GateCheck, GateResult, GateVerdict, Thresholds } from '../gates/gate.js'
import { legName } from '../github/job.js'
import { formatDuration, formatPercent } from '../format.js'
import type { Problem } from '../problems.js'
import { SCHEMA_VERSION } from '../report/schema.js'
import { cents, round, tenths } from '../round.js'
import type { Leg, LegStage, LegTotals } from './leg.js'

// A matrix as one: its legs' figures added up (steps, build time, billable minutes), the hit rate
// made again from the sums, the legs listed worst first, and the gates judged on the whole (and,
// asked, on each leg). Pure: the legs come in, the merged report goes out.

export interface MergedBilling {
  /** Over the legs whose report had them; `minutesUnknown` counts the others. */
  billableMinutes: number
  minutesUnknown: number
  /** USD over the legs whose report had it (a price and a job start); `costUnknown` counts the others. */
  cost: number
  costUnknown: number
  /** Only when every leg had them. */
  monthlyMinutes?: number
  monthlyCost?: number
}

/** The report of a merge: what the summary, the outputs and the gate of the merging job read. */
export interface MergedReport {
  schemaVersion: typeof SCHEMA_VERSION
  kind: 'merged'
  generatedAt: string
  /** The report files read. */
  files: string[]
  /** Worst first: the lowest cache hit rate (no step at all first), then the longest build. */
  legs: Leg[]
  totals: LegTotals
  platforms: { platform: string; steps: number; cached: number; hitRate: number | null }[]
  stages: (LegStage & { hitRate: number | null })[]
  billing: MergedBilling
  /** The whole against the legs' baselines, when every leg with a step had one. */
  deltas?: Deltas
  gate: GateResult
  problems: Problem[]
}

export interface MergeOptions {
  thresholds: Thresholds
  /** Judge each leg with the thresholds too. */
  eachLeg: boolean
  now: Date
}

/** Lowest hit rate first, a leg that read no step before all; then the longest. */
export function worstFirst(a: Leg, b: Leg): number {
  const ra = a.totals.hitRate ?? -1
  const rb = b.totals.hitRate ?? -1
  return ra - rb || b.totals.duration - a.totals.duration || a.name.localeCompare(b.name)
}

/** Each leg named as GitHub names the job (`build (linux/arm64)`); names that clash get the platforms, then the file. */
function nameLegs(legs: Leg[]): Leg[] {
  const named = legs.map((l) => ({ ...l, name: legName(l.job) ?? l.file }))
  const clash = (l: Leg) => named.filter((o) => o.name === l.name).length > 1
  const withPlatforms = named.map((l) => (clash(l) && l.platforms.length > 0 ? { ...l, name: `${l.name} · ${l.platforms.join(', ')}` } : l))
  return withPlatforms.map((l) => (withPlatforms.filter((o) => o.name === l.name).length > 1 ? { ...l, name: `${l.name} · ${l.file}` } : l))
}

function sumTotals(legs: readonly Leg[]): LegTotals {
  const steps = legs.reduce((n, l) => n + l.totals.steps, 0)
  const cached = legs.reduce((n, l) => n + l.totals.cached, 0)
  const kinds = new Set(legs.map((l) => l.totals.durationKind))
  return {
    steps,
    cached,
    hitRate: hitRate(cached, steps),
    builds: legs.reduce((n, l) => n + l.totals.builds, 0),
    failed: legs.reduce((n, l) => n + l.totals.failed, 0),
    duration: round(
      legs.reduce((n, l) => n + l.totals.duration, 0),
      3
    ),
    durationKind: kinds.size === 1 ? ([...kinds][0] ?? 'sum') : kinds.size === 0 ? 'sum' : 'mixed'
  }
}

function sumStages(legs: readonly Leg[]): MergedReport['stages'] {
  const byKey = new Map<string, LegStage>()
  for (const l of legs) {
    for (const s of l.stages) {
      const key = `${s.platform}\u0000${s.name}`
      const t = byKey.get(key) ?? { platform: s.platform, name: s.name, steps: 0, cached: 0, seconds: 0 }
      t.steps += s.steps
      t.cached += s.cached
      t.seconds += s.seconds
      byKey.set(key, t)
    }
  }
  return [...byKey.values()].map((s) => ({ ...s, seconds: tenths(s.seconds), hitRate: hitRate(s.cached, s.steps) }))
}

function sumPlatforms(stages: MergedReport['stages']): MergedReport['platforms'] {
  const byPlatform = new Map<string, { steps: number; cached: number }>()
  for (const s of stages) {
    const t = byPlatform.get(s.platform) ?? { steps: 0, cached: 0 }
    t.steps += s.steps
    t.cached += s.cached
    byPlatform.set(s.platform, t)
  }
  return [...byPlatform].map(([platform, t]) => ({ platform, ...t, hitRate: hitRate(t.cached, t.steps) }))
}

function sumBilling(legs: readonly Leg[]): MergedBilling {
  const minutes = legs.filter((l) => l.billing?.billableMinutes !== undefined)
  const priced = legs.filter((l) => l.billing?.cost !== undefined)
  const b: MergedBilling = {
    billableMinutes: minutes.reduce((n, l) => n + (l.billing?.billableMinutes ?? 0), 0),
    minutesUnknown: legs.length - minutes.length,
    cost: cents(priced.reduce((n, l) => n + (l.billing?.cost ?? 0), 0)),
    costUnknown: legs.length - priced.length
  }
  if (legs.length > 0 && legs.every((l) => l.billing?.monthlyMinutes !== undefined && l.billing.monthlyCost !== undefined)) {
    b.monthlyMinutes = legs.reduce((n, l) => n + (l.billing?.monthlyMinutes ?? 0), 0)
    b.monthlyCost = cents(legs.reduce((n, l) => n + (l.billing?.monthlyCost ?? 0), 0))
  }
  return b
}

/**
 * The whole against its baseline: the sum of the legs' baseline durations, and their baseline hit
 * rates weighted by each leg's steps (what the whole would read had every leg kept its rate).
 * Only when every leg with a step was compared with a baseline: a part is not the whole.
 */
function wholeDeltas(legs: readonly Leg[], totals: LegTotals): Deltas | undefined {
  const measured = legs.filter((l) => l.totals.steps > 0)
  if (measured.length === 0 || measured.some((l) => l.deltas === undefined)) return undefined
  const baselineDuration = measured.reduce((n, l) => n + (l.deltas?.baselineDuration ?? 0), 0)
  const rated = measured.filter((l) => l.deltas?.baselineHitRate !== null && l.deltas?.baselineHitRate !== undefined)
  const ratedSteps = rated.reduce((n, l) => n + l.totals.steps, 0)
  const baselineHitRate =
    rated.length === measured.length && ratedSteps > 0
      ? tenths(rated.reduce((n, l) => n + (l.deltas?.baselineHitRate ?? 0) * l.totals.steps, 0) / ratedSteps)
      : null
  const deltas: Deltas = {
    runs: Math.min(...measured.map((l) => l.deltas?.runs ?? 0)),
    baselineDuration: round(baselineDuration, 3),
    baselineHitRate,
    hitRateDelta: totals.hitRate === null || baselineHitRate === null ? null : tenths(totals.hitRate - baselineHitRate),
    stages: [],
    steps: [],
    newMisses: [],
    history: []
  }
  if (measured.every((l) => l.deltas?.durationDelta !== undefined)) {
    deltas.durationDelta = round(
      measured.reduce((n, l) => n + (l.deltas?.durationDelta ?? 0), 0),
      3
    )
    if (baselineDuration > 0 && measured.every((l) => l.deltas?.durationDeltaPercent !== undefined))
      deltas.durationDeltaPercent = tenths((deltas.durationDelta / baselineDuration) * 100)
  }
  return deltas
}

const DURATION_GATES = new Set(['max-duration', 'max-duration-increase'])

/** `; worst leg `build (linux/arm64)`: 6.7% (1 of 15 steps cached)`: where a failed gate on the whole comes from. */
function worstLegOf(gate: string, legs: readonly Leg[]): string {
  if (legs.length < 2) return ''
  if (DURATION_GATES.has(gate)) {
    const longest = [...legs].sort((a, b) => b.totals.duration - a.totals.duration)[0]
    return longest ? `; longest leg \`${longest.name}\`: ${formatDuration(longest.totals.duration)}` : ''
  }
  const worst = legs[0]
  if (worst?.totals.hitRate === null || worst === undefined) return ''
  return `; worst leg \`${worst.name}\`: ${formatPercent(worst.totals.hitRate)}% (${worst.totals.cached} of ${worst.totals.steps} steps cached)`
}

function judge(legs: readonly Leg[], totals: LegTotals, deltas: Deltas | undefined, o: MergeOptions): GateResult {
  const whole = evaluateGates(o.thresholds, totals, deltas)
  const checks: GateCheck[] = whole.checks.map((c) => (c.verdict === 'fail' ? { ...c, message: `${c.message}${worstLegOf(c.gate, legs)}` } : c))
  if (o.eachLeg) {
    for (const l of legs) {
      const legDeltas: Deltas | undefined = l.deltas && { ...l.deltas, stages: [], steps: [], newMisses: [], history: [] }
      for (const c of evaluateGates(o.thresholds, l.totals, legDeltas).checks) checks.push({ ...c, message: `leg \`${l.name}\`: ${c.message}` })
    }
  }
  const verdict: GateVerdict = checks.some((c) => c.verdict === 'fail') ? 'fail' : checks.some((c) => c.verdict === 'pass') ? 'pass' : 'none'
  return { verdict, checks }
}

export function mergeLegReports(legs: readonly Leg[], files: string[], problems: Problem[], o: MergeOptions): MergedReport {
  const sorted = nameLegs([...legs]).sort(worstFirst)
  const totals = sumTotals(sorted)
  const stages = sumStages(sorted)
  const deltas = wholeDeltas(sorted, totals)
  const report: MergedReport = {
    schemaVersion: SCHEMA_VERSION,
    kind: 'merged',
    generatedAt: o.now.toISOString(),
    files,
    legs: sorted,
    totals,
    platforms: sumPlatforms(stages),
    stages,
    billing: sumBilling(sorted),
    gate: judge(sorted, totals, deltas, o),
    problems
  }
  if (deltas) report.deltas = deltas
  return report
}
