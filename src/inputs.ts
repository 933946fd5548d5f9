import { Input, REPORT_FILE_NAME } from './constants.js'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import type { GateMode, Thresholds } from './gates/gate.js'
import { GATES } from './gates/index.js'
import { inputProblem, type Problem } from './problems.js'
import type { SavePolicy } from './baseline/baseline.js'
import { DEFAULT_TIMEOUT_SECONDS } from './deadline.js'
import { otlpSettings, type OtlpSettings } from './otlp/settings.js'
import { parseMatrix } from './github/job.js'

export interface Inputs {
  logFiles: string[]
  /** Raw text: refs, metadata JSON, or metadata file paths (sources/build-records.ts reads it). */
  buildRefs: string
  builder: string | undefined
  /** A docker build command to run (run mode); empty: none. */
  run: string
  thresholds: Thresholds
  gate: GateMode
  /** A threshold set over no Dockerfile step fails the step (else the notice or warning of the unjudged gate). */
  failOnEmpty: boolean
  summary: boolean
  reportFile: string
  /** Measure the build cache with `docker buildx du`. */
  du: boolean
  /** Read the repository's Actions cache usage with the REST API. */
  actionsCacheUsage: boolean
  /** For the REST API; empty: no API call. */
  githubToken: string
  baselineFile: string
  saveBaseline: SavePolicy
  baselineName: string
  /** `runs`: with no baseline in the store, seed it from the default branch's past runs' job logs. */
  baselineSeed: 'store' | 'runs'
  runsPerMonth: number | undefined
  /** USD per runner minute, over the price table. */
  minutePrice: number | undefined
  /** Seconds the action may wait in all on docker, the Actions cache and the REST API (run mode's build not counted). */
  timeout: number
  /** The Dockerfile the causes and hygiene read; '' for each build's own in the context. */
  dockerfile: string
  /** The build context on the runner: its files are hashed to name what changed. */
  context: string
  /** This leg's matrix values (`toJSON(matrix)`): its name in a merged report and in metrics. */
  matrix: Record<string, string> | undefined
  /** Merge mode: the JSON reports of a matrix's legs, paths or globs; empty: none. */
  mergeReports: string[]
  /** In merge mode, judge the thresholds on each leg too, not only on the whole. */
  gateEachLeg: boolean
  /** Where metrics (and traces) are sent over OTLP/HTTP; undefined: nowhere. */
  otlp: OtlpSettings | undefined
}

/** Reads one raw input; the action passes core.getInput, tests a map. */
export type InputSource = (name: string) => string

export interface InputsResult {
  inputs: Inputs
  /** Each names the input, the value given and what was expected. */
  errors: Problem[]
}

/** The only place inputs are read: each is checked, none is cast. */
export function getInputs(get: InputSource, env: NodeJS.ProcessEnv = process.env): InputsResult {
  const errors: Problem[] = []
  const logFiles = lines(get(Input.LogFiles))

  const buildRefs = get(Input.BuildRefs).trim()
  const builder = get(Input.Builder).trim() || undefined
  const run = get(Input.Run).trim()

  const thresholds: Thresholds = Object.fromEntries(GATES.map((g) => [g.input, number(get, g.input, { ...g.range, unit: g.unit }, errors)]))

  let gate: GateMode = 'fail'
  const g = get(Input.Gate).trim().toLowerCase()
  if (g === 'warn') gate = 'warn'
  else if (g !== '' && g !== 'fail') errors.push(inputProblem(Input.Gate, g, 'one of fail, warn'))

  const failOnEmpty = boolean(get, Input.FailOnEmpty, true, errors)
  const summary = boolean(get, Input.Summary, true, errors)
  const du = boolean(get, Input.Du, true, errors)
  const actionsCacheUsage = boolean(get, Input.ActionsCacheUsage, true, errors)

  const runsPerMonth = number(get, Input.RunsPerMonth, { min: 0 }, errors)
  const minutePrice = number(get, Input.MinutePrice, { min: 0 }, errors)
  let saveBaseline: SavePolicy = 'auto'
  const sb = get(Input.SaveBaseline).trim().toLowerCase()
  if (sb === 'always' || sb === 'never') saveBaseline = sb
  else if (sb !== '' && sb !== 'auto') errors.push(inputProblem(Input.SaveBaseline, sb, 'one of auto, always, never'))

  let baselineSeed: 'store' | 'runs' = 'store'
  const bs = get(Input.Baseline).trim().toLowerCase()
  if (bs === 'runs') baselineSeed = 'runs'
  else if (bs !== '' && bs !== 'store') errors.push(inputProblem(Input.Baseline, bs, 'one of store, runs'))

  const reportFile = get(Input.ReportFile).trim() || join(env.RUNNER_TEMP ?? tmpdir(), REPORT_FILE_NAME)
  const matrix = parseMatrix(get(Input.Matrix))
  if (matrix === 'invalid') errors.push(inputProblem(Input.Matrix, get(Input.Matrix).trim().slice(0, 100), 'a JSON object, as ${{ toJSON(matrix) }} gives'))
  const otlp = otlpSettings(get, env, boolean(get, Input.OtlpTraces, false, errors), errors)

  return {
    inputs: {
      logFiles,
      buildRefs,
      builder,
      run,
      thresholds,
      gate,
      failOnEmpty,
      summary,
      reportFile,
      du,
      actionsCacheUsage,
      githubToken: get(Input.GitHubToken).trim(),
      baselineFile: get(Input.BaselineFile).trim(),
      saveBaseline,
      baselineName: get(Input.BaselineName).trim() || 'default',
      baselineSeed,
      runsPerMonth,
      minutePrice,
      timeout: timeoutSeconds(get, errors),
      dockerfile: get(Input.Dockerfile).trim(),
      context: get(Input.Context).trim() || '.',
      matrix: matrix === 'invalid' ? undefined : matrix,
      mergeReports: lines(get(Input.MergeReports)),
      gateEachLeg: boolean(get, Input.GateEachLeg, false, errors),
      otlp
    },
    errors
  }
}

/** One path or glob a line; blank lines and `#` comments left out. */
function lines(text: string): string[] {
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'))
}

/** The `timeout` input, seconds (`30s` allowed); the pre step reads it too. At least 1: a budget of 0 would skip every wait. */
export function timeoutSeconds(get: InputSource, errors: Problem[] = []): number {
  return number(get, Input.Timeout, { min: 1, unit: 's' }, errors) ?? DEFAULT_TIMEOUT_SECONDS
}

/** A number input: empty is unset; `80%`, `300s` allowed where that is its unit. */
function number(
  get: InputSource,
  name: string,
  range: { min: number; max?: number | undefined; unit?: '%' | 's' | undefined },
  errors: Problem[]
): number | undefined {
  let v = get(name).trim()
  if (v === '') return undefined
  if (range.unit !== undefined && v.endsWith(range.unit)) v = v.slice(0, -1).trim()
  const n = Number(v)
  if (v === '' || !Number.isFinite(n) || n < range.min || (range.max !== undefined && n > range.max)) {
    const between = range.max === undefined ? `a number of at least ${range.min}` : `a number between ${range.min} and ${range.max}`
    errors.push(inputProblem(name, get(name).trim(), between))
    return undefined
  }
  return n
}

function boolean(get: InputSource, name: string, fallback: boolean, errors: Problem[]): boolean {
  const v = get(name).trim().toLowerCase()
  if (v === 'true') return true
  if (v === 'false') return false
  if (v !== '') errors.push(inputProblem(name, v, 'true or false'))
  return fallback
}
