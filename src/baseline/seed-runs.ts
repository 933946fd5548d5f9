import { join } from 'node:path'
import type { Deadline } from '../deadline.js'
import { RestClient } from '../github/rest.js'
import type { GitHubRequest } from '../github/request.js'
import { currentJob, workflowFile } from '../billing/github-runs.js'
import { fetchRuns } from '../runs/fetch.js'
import { readLogFile } from '../sources/log-files.js'
import { modelBuilds } from '../pipeline.js'
import { analyse } from '../analysis/analyse.js'
import { redactBuilds } from '../redact.js'
import { billableMinutes } from '../billing/billing.js'
import { SCHEMA_VERSION } from '../report/schema.js'
import { notice, type Problem } from '../problems.js'
import { toEntry, WINDOW, type BaselineEntry } from './entry.js'

// `baseline: runs`: a first baseline, when the store has none, from the job logs GitHub keeps of
// this workflow's and this job's recent runs on the default branch: the window a team would have
// had, had the action run all along. Bounded by the action's time budget; what cannot be read is
// one notice, and the run goes on without it.

export interface SeedOptions {
  token: string
  owner: string
  repo: string
  /** octokit.request: this job's name, from the jobs API. */
  request: GitHubRequest
  env: NodeJS.ProcessEnv
  defaultBranch: string | undefined
  deadline: Deadline
  runnerTemp: string
  fetch?: typeof fetch
}

export async function seedFromRuns(o: SeedOptions): Promise<{ entries: BaselineEntry[]; problems: Problem[] }> {
  const none = (why: string) => ({ entries: [], problems: [notice('baseline-missing', `baseline: runs: no baseline read from past runs: ${why}.`)] })
  const file = workflowFile(o.env.GITHUB_WORKFLOW_REF ?? '')
  if (file === undefined) return none('no workflow file in GITHUB_WORKFLOW_REF')
  if (o.defaultBranch === undefined) return none('the default branch is unknown (no repository in the event payload)')
  const runId = o.env.GITHUB_RUN_ID ?? ''
  // the jobs API names the job as the runner shows it (`build (amd64)`), which GITHUB_JOB (its key) does not
  const me = runId === '' ? {} : await currentJob(o.request, o.owner, o.repo, runId, o.env.GITHUB_RUN_ATTEMPT ?? '1', o.env.RUNNER_NAME, o.env.GITHUB_JOB)
  const job = me.name ?? o.env.GITHUB_JOB
  if (job === undefined) return none("this job's name is unknown")
  const client = new RestClient({ token: o.token, apiUrl: o.env.GITHUB_API_URL, deadline: o.deadline, ...(o.fetch ? { fetch: o.fetch } : {}) })
  const got = await fetchRuns({
    owner: o.owner,
    repo: o.repo,
    workflow: file,
    branch: o.defaultBranch,
    job,
    // one more than the window: this run may be among them
    last: WINDOW + 1,
    cacheDir: join(o.runnerTemp, 'build-insights-runs'),
    client
  })
  const entries: BaselineEntry[] = []
  for (const log of got.logs) {
    // matrix legs are one job each: this leg's own name only
    if (log.run.id === runId || log.job.name !== job) continue
    const read = await readLogFile(log.file)
    const builds = modelBuilds(redactBuilds(read.builds).builds)
    const analysis = analyse(builds)
    if (analysis.totals.steps === 0) continue
    const started = Date.parse(log.job.startedAt ?? '')
    const completed = Date.parse(log.job.completedAt ?? '')
    const minutes = Number.isNaN(started) || Number.isNaN(completed) ? undefined : billableMinutes(completed - started)
    const at = log.job.completedAt ?? log.run.createdAt ?? new Date(0).toISOString()
    entries.push(
      toEntry(
        { ...analysis, generatedAt: at, schemaVersion: SCHEMA_VERSION, billing: minutes === undefined ? undefined : { billableMinutes: minutes } },
        { runId: log.run.id, runAttempt: String(log.run.attempt), sha: log.run.sha, ref: `refs/heads/${o.defaultBranch}` }
      )
    )
  }
  entries.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
  const window = entries.slice(-WINDOW)
  const missing = got.missing.filter((m) => m.job.name === job).length
  const problems = [...(me.problem ? [me.problem] : []), ...got.problems.map((p) => notice('api-error', `baseline: runs: ${p}`))]
  const lost = missing === 0 ? '' : ` (${missing} job log${missing === 1 ? '' : 's'} could not be read: expired, refused or out of time)`
  problems.push(
    notice(
      window.length > 0 ? 'baseline-seeded' : 'baseline-missing',
      `baseline: runs: ${window.length} past run${window.length === 1 ? '' : 's'} of ${file} job "${job}" on ${o.defaultBranch} read from their job logs${lost}.`
    )
  )
  return { entries: window, problems }
}
