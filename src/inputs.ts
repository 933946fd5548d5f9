import { Input, REPORT_FILE_NAME } from './constants.js'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import type { GateMode } from './gate.js'

export interface Inputs {
  logFiles: string[]
  /** Raw text: refs, metadata JSON, or metadata file paths (sources/build-records.ts reads it). */
  buildRefs: string
  builder: string | undefined
  /** A docker build command to run (run mode); empty: none. */
  run: string
  minCacheHitRate: number | undefined
  gate: GateMode
  summary: boolean
  reportFile: string
  /** Measure the build cache with `docker buildx du`, and the Actions cache with the REST API. */
  du: boolean
  /** For the REST API; empty: no API call. */
  githubToken: string
}

/** Reads one raw input; the action passes core.getInput, tests a map. */
export type InputSource = (name: string) => string

export interface InputsResult {
  inputs: Inputs
  /** Messages naming the input, the value given and what was expected. */
  errors: string[]
}

/** The only place inputs are read: each is checked, none is cast. */
export function getInputs(get: InputSource, env: NodeJS.ProcessEnv = process.env): InputsResult {
  const errors: string[] = []
  const logFiles = get(Input.LogFiles)
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'))

  const buildRefs = get(Input.BuildRefs).trim()
  const builder = get(Input.Builder).trim() || undefined
  const run = get(Input.Run).trim()

  let minCacheHitRate: number | undefined
  const min = get(Input.MinCacheHitRate).trim().replace(/%$/, '')
  if (min !== '') {
    const n = Number(min)
    if (!Number.isFinite(n) || n < 0 || n > 100) errors.push(`${Input.MinCacheHitRate}: "${min}" is not a number between 0 and 100`)
    else minCacheHitRate = n
  }

  let gate: GateMode = 'fail'
  const g = get(Input.Gate).trim().toLowerCase()
  if (g === 'warn') gate = 'warn'
  else if (g !== '' && g !== 'fail') errors.push(`${Input.Gate}: "${g}" is not one of fail, warn`)

  const summary = boolean(get, Input.Summary, true, errors)
  const du = boolean(get, Input.Du, true, errors)

  const reportFile = get(Input.ReportFile).trim() || join(env.RUNNER_TEMP ?? tmpdir(), REPORT_FILE_NAME)

  return { inputs: { logFiles, buildRefs, builder, run, minCacheHitRate, gate, summary, reportFile, du, githubToken: get(Input.GitHubToken).trim() }, errors }
}

function boolean(get: InputSource, name: string, fallback: boolean, errors: string[]): boolean {
  const v = get(name).trim().toLowerCase()
  if (v === 'true') return true
  if (v === 'false') return false
  if (v !== '') errors.push(`${name}: "${v}" is not true or false`)
  return fallback
}
