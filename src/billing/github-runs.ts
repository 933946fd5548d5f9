import { answerCode, call, ok, refused, TOKEN_HINT, why, type Answer, type GitHubRequest } from '../github/request.js'
import { finite, isRecord } from '../json.js'
import { notice, type Problem } from '../problems.js'

// Two reads of the Actions REST API for the cost figures: how often this workflow runs, and which
// job this is (its start and its runs-on labels). Like actions-cache.ts nothing here throws: what
// cannot be read becomes one notice, and the report goes on without the figure.

const RUNS = 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs'
const ATTEMPT_JOBS = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs'
const RUN_JOBS = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs'
const DAY_MS = 86_400_000
const PER_PAGE = 100
const MAX_PAGES = 5
// The description of list-workflow-runs: "up to 1,000 results for each search when using … `created`".
const SEARCH_CAP = 1000

const hint = (a: Answer): string => (refused(a) ? TOKEN_HINT : '')

/** `ci.yml` from GITHUB_WORKFLOW_REF `owner/repo/.github/workflows/ci.yml@refs/heads/main`; the API takes the file name as workflow_id. */
export function workflowFile(workflowRef: string): string | undefined {
  return /(?:^|\/)\.github\/workflows\/([^@/]+)(?:@|$)/.exec(workflowRef)?.[1]
}

/** Runs of this workflow in the 30 days before `now`: GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs?created=>=YYYY-MM-DD&per_page=1 → total_count. workflow_id may be the workflow file name (from GITHUB_WORKFLOW_REF: `owner/repo/.github/workflows/ci.yml@refs/heads/main`). */
export async function runsPerMonth(
  request: GitHubRequest,
  owner: string,
  repo: string,
  workflowRef: string,
  now: Date
): Promise<{ runs?: number; problem?: Problem }> {
  const file = workflowFile(workflowRef)
  if (file === undefined)
    return { problem: notice('workflow-file-unknown', `Runs per month unknown: no workflow file in GITHUB_WORKFLOW_REF "${workflowRef}".`) }
  if (Number.isNaN(now.getTime())) return { problem: notice('clock-invalid', 'Runs per month unknown: no valid current time.') }
  // `created` takes whole UTC days: from the day 30 days ago, so a month of runs and part of a day.
  const since = new Date(now.getTime() - 30 * DAY_MS).toISOString().slice(0, 10)
  const a = await call(request, RUNS, { owner, repo, workflow_id: file, created: `>=${since}`, per_page: 1 })
  const total = ok(a) && isRecord(a.data) && Array.isArray(a.data.workflow_runs) ? finite(a.data.total_count) : undefined
  if (total === undefined || total < 0) return { problem: notice(answerCode(a), `Runs per month of ${file} unknown: ${why(a)}.${hint(a)}`) }
  if (total >= SEARCH_CAP)
    return {
      runs: total,
      problem: notice('count-capped', `Runs per month of ${file}: GitHub counts at most ${SEARCH_CAP} runs in a date range, so there may be more.`)
    }
  return { runs: total }
}

interface Job {
  name: string
  status: string
  runnerName: string | undefined
  startedAt: number | undefined
  labels: string[]
}

/** A job of the `job` schema; undefined when its name or status is missing. */
function parseJob(x: unknown): Job | undefined {
  if (!isRecord(x) || typeof x.name !== 'string' || typeof x.status !== 'string') return undefined
  const started = typeof x.started_at === 'string' ? Date.parse(x.started_at) : Number.NaN
  const labels: unknown[] = Array.isArray(x.labels) ? x.labels : []
  return {
    name: x.name,
    status: x.status,
    runnerName: typeof x.runner_name === 'string' ? x.runner_name : undefined,
    startedAt: Number.isNaN(started) ? undefined : started,
    labels: labels.filter((l): l is string => typeof l === 'string')
  }
}

function parseJobs(x: unknown): { totalCount: number; jobs: Job[] } | undefined {
  if (!isRecord(x) || !Array.isArray(x.jobs)) return undefined
  const totalCount = finite(x.total_count)
  if (totalCount === undefined) return undefined
  const items: unknown[] = x.jobs
  return { totalCount, jobs: items.map(parseJob).filter((j): j is Job => j !== undefined) }
}

/** The running job on this runner; else, where the runner name is not given or not found, the running job named `jobName`. */
function pick(jobs: readonly Job[], runnerName: string | undefined, jobName: string | undefined): Job | undefined {
  const running = jobs.filter((j) => j.status === 'in_progress')
  return running.find((j) => runnerName !== undefined && j.runnerName === runnerName) ?? running.find((j) => jobName !== undefined && j.name === jobName)
}

/** This job's start and labels: GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt}/jobs (or /runs/{run_id}/jobs), the job whose runner_name equals RUNNER_NAME (else whose name equals the job id / name given) and is in_progress. */
export async function currentJob(
  request: GitHubRequest,
  owner: string,
  repo: string,
  runId: string,
  attempt: string,
  runnerName: string | undefined,
  jobName?: string
): Promise<{ startedAt?: number; labels?: string[]; name?: string; problem?: Problem }> {
  // Without an attempt number, the run's jobs list defaults to the latest attempt (`filter=latest`).
  const [route, where] = /^\d+$/.test(attempt)
    ? [ATTEMPT_JOBS, { owner, repo, run_id: runId, attempt_number: attempt }]
    : [RUN_JOBS, { owner, repo, run_id: runId }]
  const runner = runnerName === undefined || runnerName === '' ? undefined : runnerName
  for (let page = 1; page <= MAX_PAGES; page++) {
    const a = await call(request, route, { ...where, per_page: PER_PAGE, page })
    const list = ok(a) ? parseJobs(a.data) : undefined
    if (list === undefined)
      return { problem: notice(answerCode(a), `This job's start and runner labels unknown: listing the jobs of run ${runId} failed, ${why(a)}.${hint(a)}`) }
    const job = pick(list.jobs, runner, jobName)
    if (job !== undefined) {
      const found: { startedAt?: number; labels: string[]; name: string } = { labels: job.labels, name: job.name }
      if (job.startedAt !== undefined) found.startedAt = job.startedAt
      return found
    }
    if (list.jobs.length < PER_PAGE || page * PER_PAGE >= list.totalCount) break
  }
  const on = runner === undefined ? '' : ` on runner "${runner}"`
  return { problem: notice('job-not-found', `This job's start and runner labels unknown: no running job${on} in run ${runId}.`) }
}
