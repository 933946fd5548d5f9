import { formatPercent, formatSecondsValue } from './format.js'
import type { Deltas } from './baseline/deltas.js'
import { Input } from './constants.js'

export type GateMode = 'fail' | 'warn'
export type GateVerdict = 'pass' | 'fail' | 'none'

/** Only thresholds the user set: each may fail the build, and says its threshold and the measured value. */
export interface Thresholds {
  minCacheHitRate?: number | undefined
  /** seconds */
  maxDuration?: number | undefined
  /** percent over the baseline median */
  maxDurationIncrease?: number | undefined
  /** percentage points below the baseline median */
  maxCacheHitRateDrop?: number | undefined
}

export interface GateCheck {
  /** The input that set it. */
  gate: string
  threshold: number
  /** What was measured against it; null when it could not be. */
  measured: number | null
  verdict: GateVerdict
  message: string
}

export interface GateResult {
  /** fail when any check failed, pass when any passed and none failed, none when none was evaluated. */
  verdict: GateVerdict
  checks: GateCheck[]
}

const pct = (n: number) => `${formatPercent(n)}%`
const secs = (n: number) => `${formatSecondsValue(n)}s`
const pts = (n: number) => `${formatSecondsValue(n)} points`

export function evaluateGates(t: Thresholds, totals: { hitRate: number | null; duration: number }, deltas: Deltas | undefined): GateResult {
  const checks: GateCheck[] = []
  const check = (gate: string, threshold: number, measured: number | null, failed: boolean, message: string) => {
    checks.push({ gate, threshold, measured, verdict: measured === null ? 'none' : failed ? 'fail' : 'pass', message })
  }
  const noBaseline = (gate: string, threshold: number) => {
    check(gate, threshold, null, false, `${gate} ${threshold} not evaluated: there is no baseline to compare with yet`)
  }

  if (t.minCacheHitRate !== undefined) {
    const min = t.minCacheHitRate
    const rate = totals.hitRate
    if (rate === null)
      check(Input.MinCacheHitRate, min, null, false, `${Input.MinCacheHitRate} ${min}% not evaluated: no Dockerfile step was found in the logs`)
    else
      check(Input.MinCacheHitRate, min, rate, rate < min, `cache hit rate ${pct(rate)} ${rate < min ? 'is below' : 'meets'} ${Input.MinCacheHitRate} ${min}%`)
  }
  if (t.maxDuration !== undefined) {
    const max = t.maxDuration
    const d = totals.duration
    check(Input.MaxDuration, max, d, d > max, `build duration ${secs(d)} ${d > max ? 'is above' : 'is within'} ${Input.MaxDuration} ${max}s`)
  }
  if (t.maxDurationIncrease !== undefined) {
    const max = t.maxDurationIncrease
    const inc = deltas?.durationDeltaPercent
    if (!deltas) noBaseline(Input.MaxDurationIncrease, max)
    else if (inc === undefined)
      check(
        Input.MaxDurationIncrease,
        max,
        null,
        false,
        `${Input.MaxDurationIncrease} ${max}% not evaluated: the baseline's duration was measured another way (wall clock against a sum of step times)`
      )
    else {
      const verb = inc > max ? 'more than' : 'within'
      check(
        Input.MaxDurationIncrease,
        max,
        inc,
        inc > max,
        `build duration ${secs(totals.duration)} is ${formatSecondsValue(Math.abs(inc))}% ${inc >= 0 ? 'above' : 'below'} the baseline median ${secs(deltas.baselineDuration)}, ${verb} ${Input.MaxDurationIncrease} ${max}%`
      )
    }
  }
  if (t.maxCacheHitRateDrop !== undefined) {
    const max = t.maxCacheHitRateDrop
    const delta = deltas?.hitRateDelta
    if (!deltas) noBaseline(Input.MaxCacheHitRateDrop, max)
    else if (delta === null || delta === undefined || totals.hitRate === null || deltas.baselineHitRate === null)
      check(Input.MaxCacheHitRateDrop, max, null, false, `${Input.MaxCacheHitRateDrop} ${max} not evaluated: no hit rate to compare`)
    else {
      const drop = -delta
      check(
        Input.MaxCacheHitRateDrop,
        max,
        drop,
        drop > max,
        `cache hit rate ${pct(totals.hitRate)} is ${pts(Math.abs(drop))} ${drop >= 0 ? 'below' : 'above'} the baseline median ${pct(deltas.baselineHitRate)}, ${drop > max ? 'more than' : 'within'} ${Input.MaxCacheHitRateDrop} ${max}`
      )
    }
  }
  const verdict: GateVerdict = checks.some((c) => c.verdict === 'fail') ? 'fail' : checks.some((c) => c.verdict === 'pass') ? 'pass' : 'none'
  return { verdict, checks }
}
