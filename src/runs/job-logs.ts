import { isRecord } from '../json.js'

// Past runs' job logs, from the REST API (fetch.ts) or a folder on disk (local.ts), as the trend
// (trend.ts) reads them: each log with its run and its job.

export interface RunInfo {
  id: string
  attempt: number
  /** The run's number in its workflow (`#123`). */
  number?: number
  /** The workflow's name; a folder's name for logs on disk with no run.json. */
  workflow: string
  branch?: string
  sha?: string
  event?: string
  /** RFC 3339. */
  createdAt?: string
}

export interface JobInfo {
  id?: string
  name: string
  /** RFC 3339, from the jobs API: what GitHub bills. */
  startedAt?: string
  completedAt?: string
  labels: string[]
  conclusion?: string
}

export interface JobLogFile {
  run: RunInfo
  job: JobInfo
  file: string
}

/** A job whose log could not be had, and why (expired, refused, the rate limit, the time budget). */
export interface Missing {
  run: RunInfo
  job: JobInfo
  why: string
}

export interface Collected {
  logs: JobLogFile[]
  missing: Missing[]
  /** Warnings for the user, one line each. */
  problems: string[]
  /** The repository is public: GitHub's standard runners are free there. */
  publicRepository?: boolean
}

/** What `runs` keeps beside a run's job logs, so that a folder of them reads as it was fetched. */
export interface RunFile {
  run: RunInfo
  jobs: JobInfo[]
}

const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined)
const int = (x: unknown): number | undefined => (typeof x === 'number' && Number.isInteger(x) ? x : undefined)
const idOf = (x: unknown): string | undefined => (typeof x === 'number' && Number.isInteger(x) ? String(x) : str(x))

/** A `workflow-run` of the REST API (list workflow runs): undefined without an id. */
export function runFromApi(x: unknown): RunInfo | undefined {
  if (!isRecord(x)) return undefined
  const id = idOf(x.id)
  if (id === undefined) return undefined
  const run: RunInfo = { id, attempt: int(x.run_attempt) ?? 1, workflow: str(x.name) ?? str(x.path) ?? 'workflow' }
  const number = int(x.run_number)
  if (number !== undefined) run.number = number
  for (const [k, v] of [
    ['branch', str(x.head_branch)],
    ['sha', str(x.head_sha)],
    ['event', str(x.event)],
    ['createdAt', str(x.created_at)]
  ] as const)
    if (v !== undefined) run[k] = v
  return run
}

/** A `job` of the REST API (list jobs for a workflow run attempt): undefined without a name. */
export function jobFromApi(x: unknown): JobInfo | undefined {
  if (!isRecord(x)) return undefined
  const name = str(x.name)
  if (name === undefined) return undefined
  const labels: unknown[] = Array.isArray(x.labels) ? x.labels : []
  const job: JobInfo = { name, labels: labels.filter((l): l is string => typeof l === 'string') }
  for (const [k, v] of [
    ['id', idOf(x.id)],
    ['startedAt', str(x.started_at)],
    ['completedAt', str(x.completed_at)],
    ['conclusion', str(x.conclusion)]
  ] as const)
    if (v !== undefined) job[k] = v
  return job
}

/** run.json as written by `runs`, read back field by field. */
export function runFileFrom(x: unknown): RunFile | undefined {
  if (!isRecord(x) || !isRecord(x.run) || !Array.isArray(x.jobs)) return undefined
  const run = runFromApi({
    ...x.run,
    name: x.run.workflow,
    run_attempt: x.run.attempt,
    run_number: x.run.number,
    head_branch: x.run.branch,
    head_sha: x.run.sha,
    created_at: x.run.createdAt
  })
  if (run === undefined) return undefined
  const jobs = x.jobs.flatMap((j: unknown) => {
    if (!isRecord(j)) return []
    return jobFromApi({ ...j, started_at: j.startedAt, completed_at: j.completedAt }) ?? []
  })
  return { run, jobs }
}

/** `--job build` matches the job `build` and its matrix legs `build (amd64)`. */
export function jobMatches(name: string, wanted: string | undefined): boolean {
  return wanted === undefined || name === wanted || name.startsWith(`${wanted} (`)
}

/** A job's log file name: its id (unique) and its name, made safe for any file system. */
export function logFileName(job: JobInfo): string {
  const safe = job.name.replace(/[^\w.-]+/g, '_').slice(0, 80)
  return `${job.id ?? 'job'}_${safe}.txt`
}
