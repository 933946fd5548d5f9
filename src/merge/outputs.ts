import { Output } from '../constants.js'
import { fixedSigned, formatPercent, oneDecimal } from '../format.js'
import type { MergedReport } from './merge.js'

/**
 * The step's outputs for the whole matrix: the same names as a leg's, every one always set. The
 * build cache and the Actions cache belong to each runner, not to the matrix: '' here.
 */
export function mergedOutputsOf(r: MergedReport, reportPath: string): [name: string, value: string][] {
  const t = r.totals
  const d = r.deltas
  const b = r.billing
  const minutesKnown = r.legs.length > 0 && b.minutesUnknown === 0
  const costKnown = r.legs.length > 0 && b.costUnknown === 0
  const stages = r.stages.map((s) => ({ name: s.name, platform: s.platform, steps: s.steps, cached: s.cached, duration: Number(oneDecimal(s.seconds)) }))
  return [
    [Output.CacheHitRate, formatPercent(t.hitRate)],
    [Output.CachedSteps, String(t.cached)],
    [Output.TotalSteps, String(t.steps)],
    [Output.Builds, String(t.builds)],
    [Output.Duration, oneDecimal(t.duration)],
    [Output.Stages, JSON.stringify(stages)],
    [Output.Gate, r.gate.verdict],
    [Output.Report, reportPath],
    [Output.CacheSize, ''],
    [Output.CacheReclaimable, ''],
    [Output.CacheGrowth, ''],
    [Output.ActionsCacheUsage, ''],
    [Output.Baseline, d ? 'found' : 'none'],
    [Output.DurationDelta, d?.durationDelta === undefined ? '' : oneDecimal(d.durationDelta)],
    [Output.CacheHitRateDelta, d?.hitRateDelta === null || d?.hitRateDelta === undefined ? '' : oneDecimal(d.hitRateDelta)],
    [Output.BillableMinutes, minutesKnown ? String(b.billableMinutes) : ''],
    [Output.Cost, costKnown ? fixedSigned(b.cost, 2) : ''],
    [Output.MonthlyMinutes, b.monthlyMinutes === undefined ? '' : String(b.monthlyMinutes)],
    [Output.MonthlyCost, b.monthlyCost === undefined ? '' : fixedSigned(b.monthlyCost, 2)],
    // a leg's change against its baseline in minutes is its own: not added up here
    [Output.BillableMinutesDelta, ''],
    [Output.CostDelta, ''],
    [Output.MonthlyMinutesDelta, ''],
    [Output.MonthlyCostDelta, ''],
    // what the cache saved is told against each leg's own baseline: not added up here either
    [Output.TimeSaved, ''],
    [Output.CacheOverhead, '']
  ]
}
