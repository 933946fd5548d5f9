import { Output } from '../constants.js'
import { fixedSigned, formatPercent, oneDecimal } from '../format.js'
import type { Report } from './report.js'
import type { Deltas } from '../baseline/deltas.js'

export type Outputs = [name: string, value: string][]

/** What a leg's report and a matrix's merged report both have, and give as outputs alike. */
export interface Counted {
  totals: { hitRate: number | null; cached: number; steps: number; builds: number; duration: number }
  stages: readonly { name: string; platform: string; steps: number; cached: number; seconds: number }[]
  gate: { verdict: string }
}

/**
 * The most the `stages` output holds, in bytes of its JSON: an output is passed on as an
 * environment variable or an argument, and Linux takes no such string over 128 KiB (MAX_ARG_STRLEN).
 */
export const STAGES_OUTPUT_BYTES = 64 * 1024

/** The `stages` output: the stages in the report's order, as many as fit in STAGES_OUTPUT_BYTES. */
export function stagesOutput(stages: Counted['stages']): { json: string; listed: number } {
  let json = '['
  let bytes = 2
  let listed = 0
  for (const s of stages) {
    const one = JSON.stringify({ name: s.name, platform: s.platform, steps: s.steps, cached: s.cached, duration: Number(oneDecimal(s.seconds)) })
    const size = Buffer.byteLength(one) + (listed > 0 ? 1 : 0)
    if (bytes + size > STAGES_OUTPUT_BYTES) break
    json += listed > 0 ? `,${one}` : one
    bytes += size
    listed++
  }
  return { json: `${json}]`, listed }
}

/** Every output set, and a notice when the `stages` output could not list every stage: a leg's and a merged report's alike. */
export function setOutputs(
  io: { setOutput(name: string, value: string): void; notice(message: string): void },
  outputs: Outputs,
  stages: Counted['stages']
): void {
  for (const [name, value] of outputs) io.setOutput(name, value)
  const { listed } = stagesOutput(stages)
  if (listed < stages.length)
    io.notice(
      `the stages output lists the first ${listed} of ${stages.length} stages (${STAGES_OUTPUT_BYTES / 1024} KiB of JSON); the JSON report has them all`
    )
}

/** The counts, stages, gate and report path: the first outputs of a report and of a merged one. */
export function countOutputs(r: Counted, reportPath: string): Outputs {
  const t = r.totals
  return [
    [Output.CacheHitRate, formatPercent(t.hitRate)],
    [Output.CachedSteps, String(t.cached)],
    [Output.TotalSteps, String(t.steps)],
    [Output.Builds, String(t.builds)],
    [Output.Duration, oneDecimal(t.duration)],
    [Output.Stages, stagesOutput(r.stages).json],
    [Output.Gate, r.gate.verdict],
    [Output.Report, reportPath]
  ]
}

/** Whether a baseline was found, and the duration and hit rate against it. */
export function baselineOutputs(d: Pick<Deltas, 'durationDelta' | 'hitRateDelta'> | undefined): Outputs {
  return [
    [Output.Baseline, d ? 'found' : 'none'],
    [Output.DurationDelta, d?.durationDelta === undefined ? '' : oneDecimal(d.durationDelta)],
    [Output.CacheHitRateDelta, d?.hitRateDelta === null || d?.hitRateDelta === undefined ? '' : oneDecimal(d.hitRateDelta)]
  ]
}

/** The step's outputs, a pure function of the report: every output always set, '' when unknown. */
export function outputsOf(report: Report, reportPath: string): Outputs {
  const cache = report.cache
  const b = report.billing
  const fixed = (n: number | undefined, digits: number) => (n === undefined ? '' : fixedSigned(n, digits))
  return [
    ...countOutputs(report, reportPath),
    [Output.CacheSize, cache ? String(cache.totals.total) : ''],
    [Output.CacheReclaimable, cache ? String(cache.totals.reclaimable) : ''],
    [Output.CacheGrowth, cache?.growth === undefined ? '' : String(cache.growth)],
    [Output.ActionsCacheUsage, report.actionsCache ? String(report.actionsCache.usageBytes) : ''],
    ...baselineOutputs(report.deltas),
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
