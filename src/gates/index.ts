import type { GateCheck, GateDef, GateFacts, GateResult, GateVerdict, Thresholds } from './gate.js'
import { minCacheHitRate } from './min-cache-hit-rate.js'
import { maxDuration } from './max-duration.js'
import { maxDurationIncrease } from './max-duration-increase.js'
import { maxCacheHitRateDrop } from './max-cache-hit-rate-drop.js'
import { whereTheCacheBroke, type BreakFacts } from './cache-break.js'

/** Every gate, in the order their checks are reported. A new gate is a file here and its line in action.yml. */
export const GATES: readonly GateDef[] = [minCacheHitRate, maxDuration, maxDurationIncrease, maxCacheHitRateDrop]

export function gateFor(input: string): GateDef | undefined {
  return GATES.find((g) => g.input === input)
}

/**
 * Judges every threshold the user set; the verdict is fail when any failed, pass when any passed.
 * A failed check's message goes on with the first cache break of `facts` and a remedy.
 */
export function evaluateGates(thresholds: Thresholds, totals: GateFacts['totals'], deltas: GateFacts['deltas'], facts?: BreakFacts): GateResult {
  const checks: GateCheck[] = []
  let where: string | undefined
  for (const g of GATES) {
    const threshold = thresholds[g.input]
    if (threshold === undefined) continue
    const j = g.judge(threshold, { totals, deltas })
    const verdict: GateVerdict = j.measured === null ? 'none' : j.failed ? 'fail' : 'pass'
    if (verdict === 'fail' && facts !== undefined) where ??= whereTheCacheBroke(facts)
    checks.push({ gate: g.input, threshold, measured: j.measured, verdict, message: verdict === 'fail' ? `${j.message}${where ?? ''}` : j.message })
  }
  const verdict: GateVerdict = checks.some((c) => c.verdict === 'fail') ? 'fail' : checks.some((c) => c.verdict === 'pass') ? 'pass' : 'none'
  return { verdict, checks }
}
