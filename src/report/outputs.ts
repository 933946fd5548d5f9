import { Output } from '../constants.js'
import { fixedSigned, formatPercent, oneDecimal } from '../format.js'
import type { Report } from './report.js'

/** The step's outputs, a pure function of the report: every output always set, '' when unknown. */
export function outputsOf(report: Report, reportPath: string): [name: string, value: string][] {
  const t = report.totals
  const cache = report.cache
  const d = report.deltas
  const b = report.billing
  const fixed = (n: number | undefined, digits: number) => (n === undefined ? '' : fixedSigned(n, digits))
  const stages = report.stages.map((s) => ({ name: s.name, platform: s.platform, steps: s.steps, cached: s.cached, duration: Number(oneDecimal(s.seconds)) }))
  return [
    [Output.CacheHitRate, formatPercent(t.hitRate)],
    [Output.CachedSteps, String(t.cached)],
    [Output.TotalSteps, String(t.steps)],
    [Output.Builds, String(t.builds)],
    [Output.Duration, oneDecimal(t.duration)],
    [Output.Stages, JSON.stringify(stages)],
    [Output.Gate, report.gate.verdict],
    [Output.Report, reportPath],
    [Output.CacheSize, cache ? String(cache.totals.total) : ''],
    [Output.CacheReclaimable, cache ? String(cache.totals.reclaimable) : ''],
    [Output.CacheGrowth, cache?.growth === undefined ? '' : String(cache.growth)],
    [Output.ActionsCacheUsage, report.actionsCache ? String(report.actionsCache.usageBytes) : ''],
    [Output.Baseline, d ? 'found' : 'none'],
    [Output.DurationDelta, d?.durationDelta === undefined ? '' : oneDecimal(d.durationDelta)],
    [Output.CacheHitRateDelta, d?.hitRateDelta === null || d?.hitRateDelta === undefined ? '' : oneDecimal(d.hitRateDelta)],
    [Output.BillableMinutes, b?.billableMinutes === undefined ? '' : String(b.billableMinutes)],
    [Output.Cost, fixed(b?.cost, 2)],
    [Output.MonthlyMinutes, b?.monthlyMinutes === undefined ? '' : String(b.monthlyMinutes)],
    [Output.MonthlyCost, fixed(b?.monthlyCost, 2)],
    [Output.BillableMinutesDelta, fixed(b?.deltas?.minutesDelta, 2)],
    [Output.CostDelta, fixed(b?.deltas?.costDelta, 4)],
    [Output.MonthlyMinutesDelta, fixed(b?.deltas?.monthlyMinutesDelta, 1)],
    [Output.MonthlyCostDelta, fixed(b?.deltas?.monthlyCostDelta, 2)],
    [Output.TimeSaved, report.cacheBenefit?.timeSaved === undefined ? '' : oneDecimal(report.cacheBenefit.timeSaved)],
    [Output.CacheOverhead, report.cacheBenefit === undefined ? '' : oneDecimal(report.cacheBenefit.overhead)]
  ]
}
