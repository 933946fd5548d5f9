import { Output } from '../constants.js'
import { fixedSigned } from '../format.js'
import { baselineOutputs, countOutputs, type Outputs } from '../report/outputs.js'
import type { MergedReport } from './merge.js'

/**
 * The step's outputs for the whole matrix: the same names as a leg's, every one always set. The
 * build cache and the Actions cache belong to each runner, not to the matrix: '' here.
 */
export function mergedOutputsOf(r: MergedReport, reportPath: string): Outputs {
  const b = r.billing
  const minutesKnown = r.legs.length > 0 && b.minutesUnknown === 0
  const costKnown = r.legs.length > 0 && b.costUnknown === 0
  return [
    ...countOutputs(r, reportPath),
    [Output.CacheSize, ''],
    [Output.CacheReclaimable, ''],
    [Output.CacheGrowth, ''],
    [Output.ActionsCacheUsage, ''],
    ...baselineOutputs(r.deltas),
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
