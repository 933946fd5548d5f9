import { Input } from '../constants.js'
import { describeProblem, type Problem } from '../problems.js'
import type { GateMode, GateResult } from './gate.js'
import { gateFor } from './index.js'

/** What the action and the CLI tell of a run's gates and its build, and what fails the step. */
export interface Judgement {
  /** For the log, in order. */
  messages: { severity: 'info' | 'notice' | 'warning'; text: string }[]
  /** Each fails the step with a message of its own. */
  failures: string[]
}

/** What the sources read, for `fail-on-empty`: a threshold set over no Dockerfile step judges nothing. */
export interface EmptyRead {
  failOnEmpty: boolean
  /** Dockerfile steps read from every source. */
  steps: number
  /** The inputs read (`log-files`, `build-refs`, `run`, or this job's build records). */
  inputs: readonly string[]
  /** What each gave instead: files that are missing or empty, logs with no progress. */
  problems: readonly Problem[]
  /** The files or records read. */
  sources: readonly string[]
}

const MAX_NAMED = 5

/** `log-files (no-such.log: no such file)`: which inputs gave nothing, and why where known. */
export function nothingFrom(e: EmptyRead): string {
  const why = e.problems.filter((p) => p.input === undefined).map(describeProblem)
  const named = why.length > 0 ? why : e.sources.map((s) => `${s}: no Dockerfile step`)
  const more = named.length > MAX_NAMED ? [`${named.length - MAX_NAMED} more`] : []
  const detail = [...named.slice(0, MAX_NAMED), ...more].join('; ')
  return `${e.inputs.join(', ')}${detail === '' ? ' found no build' : ` (${detail})`}`
}

/**
 * The one verdict policy: a failed threshold fails the step (`gate: warn` makes it a warning), a
 * threshold that could not be read fails it too rather than pass silently, so does a threshold
 * set over no Dockerfile step at all unless `fail-on-empty` is false, and run mode's build
 * failing fails it once the report is written.
 */
export function judge(
  gate: GateResult,
  mode: GateMode,
  inputErrors: readonly Problem[],
  build?: { exitCode: number; error?: string | undefined },
  empty?: EmptyRead
): Judgement {
  const messages: Judgement['messages'] = []
  const failures: string[] = []
  for (const c of gate.checks) {
    if (c.verdict === 'pass') messages.push({ severity: 'info', text: c.message })
    else if (c.verdict === 'none') messages.push({ severity: gateFor(c.gate)?.unjudged ?? 'notice', text: c.message })
    else if (mode === 'warn') messages.push({ severity: 'warning', text: c.message })
  }
  const failed = gate.checks.filter((c) => c.verdict === 'fail')
  if (failed.length > 0 && mode === 'fail') failures.push(failed.map((c) => c.message).join('; '))
  // a threshold the user asked for but that cannot be read must not pass silently; a bad `gate`
  // matters only when some threshold is set, and a refused `run` is a build that never ran
  const thresholdSet = gate.checks.length > 0 || inputErrors.some((e) => e.input !== undefined && gateFor(e.input) !== undefined)
  for (const e of inputErrors) {
    if (e.input === undefined) continue
    if (gateFor(e.input) !== undefined || e.input === Input.Run || (e.input === Input.Gate && thresholdSet)) failures.push(e.message)
  }
  const buildFailed = build !== undefined && build.exitCode !== 0
  if (empty !== undefined && empty.failOnEmpty && empty.steps === 0 && gate.checks.length > 0 && !buildFailed) {
    const text = `no Dockerfile step was read from ${nothingFrom(empty)}, so ${gate.checks.map((c) => c.gate).join(', ')} judged nothing (set fail-on-empty: false to let this pass)`
    if (mode === 'warn') messages.push({ severity: 'warning', text })
    else failures.push(text)
  }
  if (build !== undefined && build.exitCode !== 0) {
    failures.push(`the build failed (exit code ${build.exitCode})${build.error === undefined ? '' : `: ${build.error}`}`)
  }
  return { messages, failures }
}

/**
 * When no report could be made: every threshold the user set fails the step (`gate: warn` makes
 * it a warning) with the reason, so that an internal error never lets a regression pass unjudged.
 */
export function judgeWithoutReport(
  thresholds: readonly string[],
  mode: GateMode,
  reason: string,
  inputErrors: readonly Problem[],
  build?: { exitCode: number; error?: string | undefined }
): Judgement {
  const { messages, failures } = judge({ verdict: 'none', checks: [] }, mode, inputErrors, build)
  for (const input of thresholds) {
    const text = `could not evaluate ${input}: ${reason}`
    if (mode === 'warn') messages.push({ severity: 'warning', text })
    else failures.push(text)
  }
  return { messages, failures }
}
