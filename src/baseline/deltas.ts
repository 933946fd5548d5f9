import { stepKey, type BaselineEntry, type Measured } from './entry.js'
import { round, tenths } from '../round.js'

export interface StageDelta {
  platform: string
  name: string
  seconds: number
  hitRate: number | null
  /** Medians over the baseline runs that had this stage; undefined for a new stage. */
  baselineSeconds?: number
  baselineHitRate?: number | null
  secondsDelta?: number
  hitRateDelta?: number | null
}

export interface StepDelta {
  platform: string
  stage: string
  index: number
  text: string
  seconds: number
  baselineSeconds: number
  secondsDelta: number
}

/** Cached in most baseline runs that had it, and not now: where this change broke the cache. */
export interface NewMiss {
  platform: string
  stage: string
  index: number
  text: string
  seconds: number
}

export interface Deltas {
  /** Baseline runs compared with. */
  runs: number
  baselineDuration: number
  baselineHitRate: number | null
  /** Seconds; absent when the baseline timed builds another way (wall clock against sum). */
  durationDelta?: number
  durationDeltaPercent?: number
  /** Percentage points. */
  hitRateDelta: number | null
  stages: StageDelta[]
  /** Largest changes first. */
  steps: StepDelta[]
  newMisses: NewMiss[]
  /** Oldest first, this run last: for the summary's sparkline and trend charts. */
  history: { createdAt: string; duration: number; hitRate: number | null; billableMinutes?: number }[]
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined
  const s = [...values].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m] : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2
}

function medianOrNull(values: readonly (number | null)[]): number | null {
  return median(values.filter((v): v is number => v !== null)) ?? null
}

const STEPS_SHOWN = 10

/** This run against the median of the baseline window. */
export function computeDeltas(report: Measured, entries: readonly BaselineEntry[]): Deltas | undefined {
  if (entries.length === 0) return undefined
  const t = report.totals
  const baselineDuration = median(entries.map((e) => e.duration)) ?? 0
  const baselineHitRate = medianOrNull(entries.map((e) => e.hitRate))
  const comparable = entries.every((e) => e.durationKind === t.durationKind)
  const deltas: Deltas = {
    runs: entries.length,
    baselineDuration,
    baselineHitRate,
    hitRateDelta: t.hitRate === null || baselineHitRate === null ? null : tenths(t.hitRate - baselineHitRate),
    stages: stageDeltas(report, entries),
    ...stepDeltas(report, entries),
    history: [
      ...entries.map((e) => ({
        createdAt: e.createdAt,
        duration: e.duration,
        hitRate: e.hitRate,
        ...(e.billableMinutes === undefined ? {} : { billableMinutes: e.billableMinutes })
      })),
      { createdAt: report.generatedAt, duration: t.duration, hitRate: t.hitRate }
    ]
  }
  if (comparable) {
    deltas.durationDelta = round(t.duration - baselineDuration, 3)
    if (baselineDuration > 0) deltas.durationDeltaPercent = tenths((deltas.durationDelta / baselineDuration) * 100)
  }
  return deltas
}

function stageDeltas(report: Measured, entries: readonly BaselineEntry[]): StageDelta[] {
  // by key, once: a search per stage is quadratic in the stages
  const byStage = new Map<string, BaselineEntry['stages']>()
  for (const e of entries) {
    for (const b of e.stages) {
      const key = `${b.platform}\u0000${b.name}`
      const list = byStage.get(key)
      if (list) list.push(b)
      else byStage.set(key, [b])
    }
  }
  return report.stages.map((s) => {
    const past = byStage.get(`${s.platform}\u0000${s.name}`) ?? []
    const d: StageDelta = { platform: s.platform, name: s.name, seconds: s.seconds, hitRate: s.hitRate }
    if (past.length === 0) return d
    const baselineSeconds = median(past.map((p) => p.seconds)) ?? 0
    const baselineHitRate = medianOrNull(past.map((p) => (p.steps > 0 ? (p.cached / p.steps) * 100 : null)))
    d.baselineSeconds = baselineSeconds
    d.baselineHitRate = baselineHitRate
    d.secondsDelta = s.seconds - baselineSeconds
    d.hitRateDelta = s.hitRate === null || baselineHitRate === null ? null : s.hitRate - baselineHitRate
    return d
  })
}

function stepDeltas(report: Measured, entries: readonly BaselineEntry[]): { steps: StepDelta[]; newMisses: NewMiss[] } {
  const past = new Map<string, { seconds: number[]; cached: number; runs: number }>()
  for (const e of entries) {
    for (const s of e.stepTimes) {
      const p = past.get(s.key) ?? { seconds: [], cached: 0, runs: 0 }
      p.seconds.push(s.seconds)
      p.runs++
      if (s.cached) p.cached++
      past.set(s.key, p)
    }
  }
  const steps: StepDelta[] = []
  const newMisses: NewMiss[] = []
  for (const b of report.builds) {
    for (const s of b.steps) {
      const p = past.get(stepKey(s))
      if (!p) continue
      const baselineSeconds = median(p.seconds) ?? 0
      steps.push({
        platform: s.platform,
        stage: s.stage,
        index: s.index,
        text: s.text,
        seconds: s.seconds,
        baselineSeconds,
        secondsDelta: s.seconds - baselineSeconds
      })
      if (!s.cached && p.cached * 2 > p.runs) newMisses.push({ platform: s.platform, stage: s.stage, index: s.index, text: s.text, seconds: s.seconds })
    }
  }
  steps.sort((a, b) => Math.abs(b.secondsDelta) - Math.abs(a.secondsDelta))
  newMisses.sort((a, b) => a.platform.localeCompare(b.platform) || a.stage.localeCompare(b.stage) || a.index - b.index)
  return { steps: steps.filter((s) => s.secondsDelta !== 0).slice(0, STEPS_SHOWN), newMisses }
}
