/**
 * The one shape of everything that went wrong without stopping the report: a log that could not
 * be read, an input with a bad value, a service that did not answer. Reported, never thrown.
 */
export interface Problem {
  code: ProblemCode
  /** How the action tells it: a warning, or a notice for what is expected (no baseline yet). */
  severity: Severity
  message: string
  /** The file the problem is in, when it comes from one. */
  file?: string
  /** 1-based line (plain) or byte offset of the object (rawjson), when known. */
  line?: number
  /** The input whose value is wrong, the value given, and what was expected. */
  input?: string
  value?: string
  expected?: string
}

export type Severity = 'warning' | 'notice'

export type ProblemCode =
  | 'file-missing'
  | 'file-unreadable'
  | 'file-empty'
  | 'format-unknown'
  | 'json-invalid'
  | 'json-unexpected'
  | 'json-too-large'
  | 'line-too-long'
  | 'lines-unreadable'
  | 'no-builds'
  | 'input-invalid'
  | 'record-unreadable'
  | 'docker-unavailable'
  | 'build-failed'
  // the baseline window: none yet, one that cannot be read or used, a save that did not happen
  | 'baseline-missing'
  | 'baseline-seeded'
  | 'baseline-unreadable'
  | 'baseline-invalid'
  | 'baseline-not-saved'
  // a service of GitHub's: none here, no answer in time, or the call failed without an answer
  | 'service-unavailable'
  | 'service-timeout'
  | 'service-failed'
  // the REST API's answer: a refusal (401, 403, 404: the token, most likely), another error, or not the fields expected
  | 'api-refused'
  | 'api-error'
  | 'api-unexpected'
  // a count that stopped at a cap, so there may be more
  | 'count-capped'
  | 'actions-cache-near-limit'
  | 'token-missing'
  // what the cost figures need and the run does not say
  | 'workflow-file-unknown'
  | 'clock-invalid'
  | 'job-not-found'
  // a Dockerfile that BuildKit would refuse or read otherwise than it looks
  | 'dockerfile-invalid'
  // the build's Dockerfile or context on the runner: not there, not this build's, too large to read in time
  | 'dockerfile-unread'
  | 'dockerfile-mismatch'
  | 'context-unread'
  // a workflow file that is not YAML, not a mapping, or has no jobs: GitHub would not run it as it reads
  | 'workflow-invalid'

export function problem(
  code: ProblemCode,
  message: string,
  where: { file?: string | undefined; line?: number | undefined } = {},
  severity: Severity = 'warning'
): Problem {
  const p: Problem = { code, severity, message }
  if (where.file !== undefined) p.file = where.file
  if (where.line !== undefined) p.line = where.line
  return p
}

/** What is expected now and then (no baseline yet, no token), told as a notice. */
export function notice(code: ProblemCode, message: string): Problem {
  return { code, severity: 'notice', message }
}

/** What went wrong and costs the report something, told as a warning. */
export function warning(code: ProblemCode, message: string): Problem {
  return { code, severity: 'warning', message }
}

/** An input whose value cannot be used: `min-cache-hit-rate: "abc" is not a number between 0 and 100`. */
export function inputProblem(input: string, value: string, expected: string): Problem {
  return { code: 'input-invalid', severity: 'warning', message: `${input}: "${value}" is not ${expected}`, input, value, expected }
}

export function describeProblem(p: Problem): string {
  const where = p.file === undefined ? '' : p.line === undefined ? `${p.file}: ` : `${p.file}:${p.line}: `
  return `${where}${p.message}`
}

/** The message of anything thrown, for a warning or a problem: never a stack. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
