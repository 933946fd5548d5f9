import type { Deltas } from '../baseline/deltas.js'
import { formatPercent, oneDecimal } from '../format.js'

export type GateMode = 'fail' | 'warn'
export type GateVerdict = 'pass' | 'fail' | 'none'

/** What a gate can judge: this run's totals and its deltas against the baseline, when there is one. */
export interface GateFacts {
  totals: { hitRate: number | null; duration: number }
  deltas: Deltas | undefined
}

/** A gate's judgement: `measured` null when there was nothing to judge (never a pass). */
export interface Judged {
  measured: number | null
  failed: boolean
  message: string
}

/**
 * One gate, as data: its input (and CLI flag), the values it accepts, and how it judges. Input
 * parsing, CLI flags, usage text and evaluation are all derived from the list in index.ts.
 */
export interface GateDef {
  input: string
  /** A suffix the value may carry (`80%`, `300s`), and what the usage text calls it. */
  unit?: '%' | 's'
  range: { min: number; max?: number }
  /** The CLI's usage line, after the flag. */
  usage: string
  /** How a threshold that could not be judged is told: no step at all is worth a warning, no baseline yet is not. */
  unjudged: 'warning' | 'notice'
  judge(threshold: number, facts: GateFacts): Judged
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

/** Only thresholds the user set, by input name: each may fail the build. */
export type Thresholds = Readonly<Record<string, number | undefined>>

export const pct = (n: number): string => `${formatPercent(n)}%`
export const secs = (n: number): string => `${oneDecimal(n)}s`
export const pts = (n: number): string => `${oneDecimal(n)} points`

export function notJudged(message: string): Judged {
  return { measured: null, failed: false, message }
}

export function noBaseline(input: string, threshold: number): Judged {
  return notJudged(`${input} ${threshold} not evaluated: there is no baseline to compare with yet`)
}
