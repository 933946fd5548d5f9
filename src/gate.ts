import { formatPercent } from './report/format.js'

export type GateMode = 'fail' | 'warn'
export type GateVerdict = 'pass' | 'fail' | 'none'

export interface GateResult {
  verdict: GateVerdict
  /** Says the threshold and the measured value; set when the gate was evaluated. */
  message?: string
}

/** The cache-hit gate: only a threshold the user set can fail a build. */
export function cacheHitGate(minHitRate: number | undefined, hitRate: number | null): GateResult {
  if (minHitRate === undefined) return { verdict: 'none' }
  if (hitRate === null) {
    return { verdict: 'none', message: `min-cache-hit-rate ${minHitRate}% not evaluated: no Dockerfile step was found in the logs` }
  }
  const measured = `${formatPercent(hitRate)}%`
  if (hitRate < minHitRate) {
    return { verdict: 'fail', message: `cache hit rate ${measured} is below min-cache-hit-rate ${minHitRate}%` }
  }
  return { verdict: 'pass', message: `cache hit rate ${measured} meets min-cache-hit-rate ${minHitRate}%` }
}
