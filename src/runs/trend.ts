import { readLogFile } from '../sources/log-files.js'
import { modelBuilds } from '../pipeline.js'
import { redactBuilds } from '../redact.js'
import { hitRate } from '../analysis/analyse.js'
import { buildName } from '../model/identity.js'
import type { Build, DurationKind } from '../model/build.js'
import { billableMinutes, isStandardLabel, minutePrice, type MinutePrice, type RunnerInfo } from '../billing/billing.js'
import { cents, round } from '../round.js'
import type { Collected, JobInfo, Missing, RunInfo } from './job-logs.js'

// Past runs' job logs → per workflow and job, one point per run (oldest first): the hit rate and
// build time of every build in it, and the job's billable minutes and cost (from the jobs API's
// started_at/completed_at, or the log's first and last timestamps).

export interface BuildPoint {
  /** The same build across runs: its workflow step and its place in it (images carry run-specific tags). */
  key: string
  name: string
  step?: string
  steps: number
  cached: number
  hitRate: number | null
  seconds: number
  durationKind: DurationKind
}

export interface JobPoint {
  run: RunInfo
  /** ms since the epoch: when the job started (or the run was made). */
  at: number
  steps: number
  cached: number
  hitRate: number | null
  /** The builds' time, seconds. */
  buildSeconds: number
  billableMinutes?: number
  cost?: number
  builds: BuildPoint[]
}

export interface JobTrend {
  workflow: string
  job: string
  price?: MinutePrice
  points: JobPoint[]
  /** Every build seen, in the order first seen, named as in its newest run. */
  builds: { key: string; name: string; step?: string }[]
}

export interface Trend {
  jobs: JobTrend[]
  missing: Missing[]
  problems: string[]
}

export interface TrendOptions {
  /** USD per minute, over the price table. */
  minutePrice?: number | undefined
}

export async function trendOf(collected: Collected, o: TrendOptions = {}): Promise<Trend> {
  const problems = [...collected.problems]
  const byJob = new Map<string, JobTrend>()
  for (const log of collected.logs) {
    const read = await readLogFile(log.file)
    for (const p of read.problems) if (p.severity === 'warning') problems.push(`${log.file}: ${p.message}`)
    const models = modelBuilds(redactBuilds(read.builds).builds)
    // `gh run view --log` of a whole run: each build says its job
    const jobs = new Map<string, Build[]>()
    for (const b of models) {
      const name = b.job ?? log.job.name
      const list = jobs.get(name)
      if (list) list.push(b)
      else jobs.set(name, [b])
    }
    if (jobs.size === 0) jobs.set(log.job.name, [])
    for (const [name, builds] of jobs) {
      const key = `${log.run.workflow}\u0000${name}`
      let t = byJob.get(key)
      if (!t) {
        t = { workflow: log.run.workflow, job: name, points: [], builds: [] }
        byJob.set(key, t)
      }
      // a log of one job only (`gh run view --log --job`): the file's times are the job's
      const job = name === log.job.name || jobs.size === 1 ? { ...log.job, name } : { name, labels: [] }
      const point = pointOf(log.run, job, builds, collected.publicRepository === true, o)
      if (point.price !== undefined) t.price = point.price
      t.points.push(point.point)
    }
  }
  for (const t of byJob.values()) {
    t.points.sort((a, b) => a.at - b.at)
    const seen = new Map<string, { key: string; name: string; step?: string }>()
    for (const p of t.points)
      for (const b of p.builds) seen.set(b.key, b.step === undefined ? { key: b.key, name: b.name } : { key: b.key, name: b.name, step: b.step })
    t.builds = [...seen.values()]
  }
  const jobs = [...byJob.values()].sort((a, b) => a.workflow.localeCompare(b.workflow) || a.job.localeCompare(b.job))
  return { jobs, missing: collected.missing, problems }
}

function pointOf(run: RunInfo, job: JobInfo, builds: Build[], publicRepository: boolean, o: TrendOptions): { point: JobPoint; price?: MinutePrice } {
  const perStep = new Map<string, number>()
  const points = builds.map((b): BuildPoint => {
    // what it made, less the tag (a run's sha or branch), else its step and its place in it
    const images = [...new Set((b.images ?? []).map((i) => i.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[\w.-]+$/, '')))].sort().join(' ')
    const where = images === '' ? `step ${b.step ?? ''}` : `images ${images}`
    const n = (perStep.get(where) ?? 0) + 1
    perStep.set(where, n)
    const cached = b.steps.filter((s) => s.cached).length
    const p: BuildPoint = {
      key: `${where}\u0000${b.target ?? ''}\u0000${n}`,
      // a build that named no image is told by its step, not by the log file's path
      name: buildName(b).startsWith(b.file) && b.step !== undefined ? b.step : buildName(b),
      steps: b.steps.length,
      cached,
      hitRate: hitRate(cached, b.steps.length),
      seconds: b.duration,
      durationKind: b.durationKind
    }
    if (b.step !== undefined) p.step = b.step
    return p
  })
  const steps = points.reduce((t, b) => t + b.steps, 0)
  const cached = points.reduce((t, b) => t + b.cached, 0)
  const started = Date.parse(job.startedAt ?? '')
  const completed = Date.parse(job.completedAt ?? '')
  const at = Number.isNaN(started) ? Date.parse(run.createdAt ?? '') : started
  const point: JobPoint = {
    run,
    at: Number.isNaN(at) ? 0 : at,
    steps,
    cached,
    hitRate: hitRate(cached, steps),
    buildSeconds: round(
      points.reduce((t, b) => t + b.seconds, 0),
      3
    ),
    builds: points
  }
  if (Number.isNaN(started) || Number.isNaN(completed)) return { point }
  point.billableMinutes = billableMinutes(completed - started)
  const price = priceOf(job.labels, publicRepository, o.minutePrice)
  if (price.source !== 'unknown') point.cost = cents(point.billableMinutes * price.usdPerMinute)
  return { point, price }
}

/** A past job's minute price from its runs-on labels (the jobs API's): no runner environment is there to read. */
export function priceOf(labels: readonly string[], publicRepository: boolean, override: number | undefined): MinutePrice {
  const lower = labels.map((l) => l.toLowerCase())
  const standard = lower.some(isStandardLabel)
  const os = lower.some((l) => l.startsWith('windows'))
    ? 'windows'
    : lower.some((l) => l.startsWith('macos'))
      ? 'macos'
      : lower.some((l) => l.startsWith('ubuntu'))
        ? 'linux'
        : ''
  const runner: RunnerInfo = {
    environment: lower.includes('self-hosted') ? 'self-hosted' : standard || os !== '' ? 'github-hosted' : 'unknown',
    os,
    arch: '',
    labels: [...labels],
    cores: undefined
  }
  const price = minutePrice(runner, override)
  if (price.source === 'table' && publicRepository && standard)
    return { ...price, usdPerMinute: 0, sku: `${price.sku} (public repository: standard runners are free)` }
  return price
}
