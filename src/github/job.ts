import { isRecord, parseJson } from '../json.js'
import { redact } from '../redact.js'

/**
 * Which run, job and matrix leg a report comes from, in GitHub's own names (`github.job`,
 * `matrix.platform`, `runner.os`): a merged report names its legs by it, and metrics carry it.
 */
export interface JobIdentity {
  repository?: string
  workflow?: string
  job?: string
  runId?: string
  runAttempt?: string
  /** `https://github.com/acme/app/actions/runs/123/attempts/1` */
  runUrl?: string
  ref?: string
  sha?: string
  /** The leg's matrix values, each as text, in the matrix's order. */
  matrix?: Record<string, string>
  runner?: { name?: string; os?: string; arch?: string; environment?: string }
}

const MAX_KEYS = 20
const MAX_VALUE = 200

/**
 * The `matrix` input (`${{ toJSON(matrix) }}`, `null` outside a matrix): each value as text, a
 * nested one as its JSON, credentials of known shapes hidden. undefined for none; 'invalid' when
 * it is not a JSON object.
 */
export function parseMatrix(text: string): Record<string, string> | undefined | 'invalid' {
  const t = text.trim()
  if (t === '' || t === 'null' || t === '{}') return undefined
  const o = parseJson(t)
  if (!isRecord(o)) return 'invalid'
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(o).slice(0, MAX_KEYS)) {
    if (v === null || v === undefined) continue
    const s = typeof v === 'string' ? v : JSON.stringify(v)
    out[k] = redact(s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s).text
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/** From the runner's GITHUB_* and RUNNER_* variables; undefined off GitHub (the CLI, a laptop). */
export function jobIdentity(env: NodeJS.ProcessEnv, matrix: Record<string, string> | undefined): JobIdentity | undefined {
  const v = (name: string): string | undefined => {
    const s = env[name]?.trim()
    return s === undefined || s === '' ? undefined : s
  }
  const id: JobIdentity = {}
  const set = <K extends keyof JobIdentity>(key: K, value: JobIdentity[K] | undefined) => {
    if (value !== undefined) id[key] = value
  }
  set('repository', v('GITHUB_REPOSITORY'))
  set('workflow', v('GITHUB_WORKFLOW'))
  set('job', v('GITHUB_JOB'))
  set('runId', v('GITHUB_RUN_ID'))
  set('runAttempt', v('GITHUB_RUN_ATTEMPT'))
  const server = v('GITHUB_SERVER_URL')
  if (server !== undefined && id.repository !== undefined && id.runId !== undefined)
    id.runUrl = `${server}/${id.repository}/actions/runs/${id.runId}${id.runAttempt === undefined ? '' : `/attempts/${id.runAttempt}`}`
  set('ref', v('GITHUB_REF'))
  set('sha', v('GITHUB_SHA'))
  set('matrix', matrix)
  const runner: NonNullable<JobIdentity['runner']> = {}
  for (const [key, name] of [
    ['name', 'RUNNER_NAME'],
    ['os', 'RUNNER_OS'],
    ['arch', 'RUNNER_ARCH'],
    ['environment', 'RUNNER_ENVIRONMENT']
  ] as const) {
    const value = v(name)
    if (value !== undefined) runner[key] = value
  }
  if (Object.keys(runner).length > 0) id.runner = runner
  return Object.keys(id).length > 0 ? id : undefined
}

/** `build (linux/arm64, ubuntu-24.04-arm)`: the job and its matrix values, as GitHub names a matrix job. */
export function legName(job: JobIdentity | undefined): string | undefined {
  const values = Object.values(job?.matrix ?? {})
  if (job?.job === undefined) return values.length > 0 ? values.join(', ') : undefined
  return values.length > 0 ? `${job.job} (${values.join(', ')})` : job.job
}
