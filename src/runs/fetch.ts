import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RestAnswer, RestClient } from '../github/rest.js'
import { isRecord } from '../json.js'
import { jobFromApi, jobMatches, logFileName, runFileFrom, runFromApi, type Collected, type JobInfo, type RunFile, type RunInfo } from './job-logs.js'

// Lists a repository's completed runs (of one workflow, on one branch), their jobs, and downloads
// each job's log into a cache folder, which then reads as any folder of logs (local.ts). A log of
// a finished job never changes: one on disk is not fetched again.

export interface FetchOptions {
  owner: string
  repo: string
  /** The workflow's file name (`ci.yml`) or id. */
  workflow?: string | undefined
  branch?: string | undefined
  job?: string | undefined
  last: number
  /** Where logs are kept: `<cacheDir>/<owner>/<repo>/run-<id>-<attempt>/`. */
  cacheDir: string
  client: RestClient
  /** One line per log fetched, and per wait. */
  progress?: (line: string) => void
}

const PER_PAGE = 100

/** Why an answer cannot be used, in words (never the URL: a log's is signed). */
export function answerWhy(a: RestAnswer): string {
  if (a.limitedUntil !== undefined) return `the rate limit (GitHub lets requests through again at ${new Date(a.limitedUntil).toISOString().slice(11, 16)} UTC)`
  if (a.status === 0) return a.error ?? 'no answer'
  if (a.status === 401) return 'HTTP 401: the token was refused'
  if (a.status === 403) return 'HTTP 403: the token may not read Actions (it needs `actions: read`, or repo scope for a private repository)'
  if (a.status === 404) return 'HTTP 404: not found, or the token cannot see it'
  if (a.status === 410) return 'HTTP 410: the log has expired (GitHub keeps logs 90 days by default)'
  return `HTTP ${a.status}`
}

const ok = (a: RestAnswer): boolean => a.status >= 200 && a.status < 300

export async function fetchRuns(o: FetchOptions): Promise<Collected> {
  const out: Collected = { logs: [], missing: [], problems: [] }
  const base = `/repos/${encodeURIComponent(o.owner)}/${encodeURIComponent(o.repo)}`
  const repo = await o.client.json(base)
  if (ok(repo) && isRecord(repo.data) && typeof repo.data.private === 'boolean') out.publicRepository = !repo.data.private
  const listed = await listRuns(o, base)
  if ('why' in listed) {
    out.problems.push(`runs of ${o.owner}/${o.repo}${o.workflow === undefined ? '' : ` (${o.workflow})`} not listed: ${listed.why}`)
    return out
  }
  const dir = join(o.cacheDir, o.owner, o.repo)
  let stop: string | undefined
  const wanted: { run: RunInfo; job: JobInfo; runDir: string }[] = []
  for (const run of listed.runs) {
    const runDir = join(dir, `run-${run.id}-${run.attempt}`)
    const jobs = stop === undefined ? await runJobs(o, base, run, runDir) : { why: stop }
    if ('why' in jobs) {
      if (/rate limit|did not answer/.test(jobs.why)) stop = jobs.why
      out.problems.push(`jobs of run ${run.number === undefined ? run.id : `#${run.number}`} not listed: ${jobs.why}`)
      continue
    }
    for (const job of jobs.jobs.filter((j) => jobMatches(j.name, o.job))) wanted.push({ run, job, runDir })
  }
  let fetched = 0
  const toFetch = await Promise.all(wanted.map(async (w) => !(await exists(join(w.runDir, logFileName(w.job))))))
  const total = toFetch.filter(Boolean).length
  if (total > 0) o.progress?.(`fetching ${total} job log${total === 1 ? '' : 's'} (${wanted.length - total} on disk already)`)
  for (const [i, w] of wanted.entries()) {
    const file = join(w.runDir, logFileName(w.job))
    if (!toFetch[i]) {
      out.logs.push({ run: w.run, job: w.job, file })
      continue
    }
    if (stop !== undefined || w.job.id === undefined) {
      out.missing.push({ run: w.run, job: w.job, why: stop === undefined ? 'the job has no id' : `not fetched: ${stop}` })
      continue
    }
    const a = await o.client.jobLog(o.owner, o.repo, w.job.id)
    fetched++
    if (!ok(a) || a.text === undefined) {
      const why = answerWhy(a)
      if (a.limitedUntil !== undefined || a.status === 0) stop = why
      out.missing.push({ run: w.run, job: w.job, why })
      o.progress?.(`[${fetched}/${total}] run ${label(w.run)} ${w.job.name}: ${why}`)
      continue
    }
    await mkdir(w.runDir, { recursive: true })
    await writeFile(file, a.text)
    o.progress?.(`[${fetched}/${total}] run ${label(w.run)} ${w.job.name}: ${Math.ceil(Buffer.byteLength(a.text) / 1024)} kB`)
    out.logs.push({ run: w.run, job: w.job, file })
  }
  return out
}

const label = (run: RunInfo): string => (run.number === undefined ? run.id : `#${run.number}`)

/** The newest `last` completed runs, newest first. */
async function listRuns(o: FetchOptions, base: string): Promise<{ runs: RunInfo[] } | { why: string }> {
  const path = o.workflow === undefined ? `${base}/actions/runs` : `${base}/actions/workflows/${encodeURIComponent(o.workflow)}/runs`
  const runs: RunInfo[] = []
  const perPage = Math.min(PER_PAGE, Math.max(1, o.last))
  for (let page = 1; runs.length < o.last; page++) {
    const a = await o.client.json(path, { status: 'completed', branch: o.branch, per_page: perPage, page, exclude_pull_requests: 'true' })
    const list = ok(a) && isRecord(a.data) && Array.isArray(a.data.workflow_runs) ? (a.data.workflow_runs as unknown[]) : undefined
    if (list === undefined) return runs.length > 0 ? { runs } : { why: answerWhy(ok(a) ? { ...a, status: 0, error: 'the answer has unexpected fields' } : a) }
    for (const r of list) {
      const run = runFromApi(r)
      if (run !== undefined && runs.length < o.last) runs.push(run)
    }
    if (list.length < perPage) break
  }
  return { runs }
}

/** A run's jobs: run.json when it was read before (a finished run's jobs do not change), else the jobs API. */
async function runJobs(o: FetchOptions, base: string, run: RunInfo, runDir: string): Promise<{ jobs: JobInfo[] } | { why: string }> {
  const saved = join(runDir, 'run.json')
  try {
    const known = runFileFrom(JSON.parse(await readFile(saved, 'utf8')))
    if (known) return { jobs: known.jobs }
  } catch {
    // not read before
  }
  const jobs: JobInfo[] = []
  for (let page = 1; ; page++) {
    const a = await o.client.json(`${base}/actions/runs/${encodeURIComponent(run.id)}/attempts/${run.attempt}/jobs`, { per_page: PER_PAGE, page })
    const list = ok(a) && isRecord(a.data) && Array.isArray(a.data.jobs) ? (a.data.jobs as unknown[]) : undefined
    if (list === undefined) return { why: answerWhy(ok(a) ? { ...a, status: 0, error: 'the answer has unexpected fields' } : a) }
    for (const j of list) {
      const job = jobFromApi(j)
      if (job) jobs.push(job)
    }
    if (list.length < PER_PAGE) break
  }
  const file: RunFile = { run, jobs }
  await mkdir(runDir, { recursive: true })
  await writeFile(saved, `${JSON.stringify(file, null, 2)}\n`)
  return { jobs }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0
  } catch {
    return false
  }
}
