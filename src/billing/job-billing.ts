import type { GitHubRequest } from '../github/request.js'
import { billableMinutes, costDeltas, isStandardLabel, minutePrice, runnerFromEnv, type CostDeltas, type MinutePrice, type RunnerInfo } from './billing.js'
import { currentJob, runsPerMonth } from './github-runs.js'
import type { Problem } from '../problems.js'
import { cents } from '../round.js'

/** What the job's minutes cost: gathered by the action (env, state, REST), priced by the pipeline. */
export interface BillingInputs {
  runner: RunnerInfo
  price: MinutePrice
  /** ms since the epoch: from the jobs API, else from the pre step. */
  jobStartedAt?: number
  jobStartFrom?: 'api' | 'pre step'
  runsPerMonth?: number
  runsPerMonthFrom?: 'input' | 'api'
}

export interface Billing {
  runner: RunnerInfo
  price: MinutePrice
  jobStartedAt?: string
  jobStartFrom?: 'api' | 'pre step'
  /** The job so far, rounded up to the minute as GitHub bills each job. */
  billableMinutes?: number
  /** The billable minutes at the minute price, USD, cents; absent when the price or the job's start is unknown. */
  cost?: number
  runsPerMonth?: number
  runsPerMonthFrom?: 'input' | 'api'
  /** The billable minutes times the runs per month. */
  monthlyMinutes?: number
  /** The monthly minutes at the minute price, USD, cents. */
  monthlyCost?: number
  /** Against the baseline median: per run, in USD, and per month. */
  deltas?: CostDeltas
}

export interface GatherOptions {
  env: NodeJS.ProcessEnv
  minutePrice: number | undefined
  runsPerMonth: number | undefined
  /** The pre step's job start (ISO), '' when it did not run. */
  preJobStart: string
  request: GitHubRequest | undefined
  repo: { owner: string; repo: string } | undefined
  now: Date
  /** The runner's CPU count, for a self-hosted or unlabelled runner's size. */
  cores: number
  /** `repository.private` of the event payload is false: standard runners are free there. */
  publicRepository: boolean
}

export async function gatherBilling(o: GatherOptions): Promise<{ inputs: BillingInputs; problems: Problem[] }> {
  const problems: Problem[] = []
  const env = o.env
  let labels: string[] = []
  const inputs: Partial<BillingInputs> = {}
  const api = o.request && o.repo ? { request: o.request, ...o.repo } : undefined
  // the job and the runs at once: each round trip is waited for after the step's build
  const [job, runs] = await Promise.all([
    api && env.GITHUB_RUN_ID
      ? currentJob(api.request, api.owner, api.repo, env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT ?? '1', env.RUNNER_NAME, env.GITHUB_JOB)
      : undefined,
    o.runsPerMonth === undefined && api && env.GITHUB_WORKFLOW_REF ? runsPerMonth(api.request, api.owner, api.repo, env.GITHUB_WORKFLOW_REF, o.now) : undefined
  ])
  if (job) {
    if (job.problem !== undefined) problems.push(job.problem)
    if (job.labels) labels = job.labels
    if (job.startedAt !== undefined) {
      inputs.jobStartedAt = job.startedAt
      inputs.jobStartFrom = 'api'
    }
  }
  const pre = Date.parse(o.preJobStart)
  if (inputs.jobStartedAt === undefined && !Number.isNaN(pre)) {
    inputs.jobStartedAt = pre
    inputs.jobStartFrom = 'pre step'
  }
  const runner = runnerFromEnv(env, labels, o.cores)
  let price = minutePrice(runner, o.minutePrice)
  if (price.source === 'table' && o.publicRepository && (labels.length === 0 || labels.some(isStandardLabel))) {
    price = { ...price, usdPerMinute: 0, sku: `${price.sku} (public repository: standard runners are free)` }
  }
  if (o.runsPerMonth !== undefined) {
    inputs.runsPerMonth = o.runsPerMonth
    inputs.runsPerMonthFrom = 'input'
  } else if (runs) {
    if (runs.problem !== undefined) problems.push(runs.problem)
    if (runs.runs !== undefined) {
      inputs.runsPerMonth = runs.runs
      inputs.runsPerMonthFrom = 'api'
    }
  }
  return { inputs: { ...inputs, runner, price }, problems }
}

/** Prices the job and this build's change against the baseline (seconds, when comparable). */
export function priceBuild(b: BillingInputs, now: Date, durationDelta: number | undefined): Billing {
  const billing: Billing = { runner: b.runner, price: b.price }
  if (b.jobStartedAt !== undefined) {
    billing.jobStartedAt = new Date(b.jobStartedAt).toISOString()
    if (b.jobStartFrom !== undefined) billing.jobStartFrom = b.jobStartFrom
    billing.billableMinutes = billableMinutes(now.getTime() - b.jobStartedAt)
  }
  const priced = b.price.source !== 'unknown'
  if (billing.billableMinutes !== undefined && priced) billing.cost = cents(billing.billableMinutes * b.price.usdPerMinute)
  if (b.runsPerMonth !== undefined && Number.isFinite(b.runsPerMonth) && b.runsPerMonth >= 0) {
    billing.runsPerMonth = b.runsPerMonth
    if (b.runsPerMonthFrom !== undefined) billing.runsPerMonthFrom = b.runsPerMonthFrom
    if (billing.billableMinutes !== undefined) {
      billing.monthlyMinutes = billing.billableMinutes * b.runsPerMonth
      if (priced) billing.monthlyCost = cents(billing.monthlyMinutes * b.price.usdPerMinute)
    }
  } else if (b.runsPerMonthFrom !== undefined) billing.runsPerMonthFrom = b.runsPerMonthFrom
  if (durationDelta !== undefined) billing.deltas = costDeltas(durationDelta, b.price, b.runsPerMonth)
  return billing
}
