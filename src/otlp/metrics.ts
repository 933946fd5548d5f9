import type { Report } from '../report/report.js'
import type { JobIdentity } from '../github/job.js'
import { hitRate } from '../analysis/analyse.js'
import { buildName } from '../model/identity.js'

// The metrics a run sends, named and united once: the README's table is this list. Every point is
// a gauge (a value as measured at the end of the run), so that a backend keeps one series per job
// and build and a query reads the newest value, or aggregates them over time, as it likes.

export interface MetricDef {
  name: string
  /** UCUM, as OpenTelemetry writes units: `s`, `By`, `%`, `{step}`. */
  unit: string
  description: string
  integer: boolean
  /** One point per build read, or one for the whole run (every build of the step, the job's bill). */
  per: 'build' | 'run'
}

const def = (name: string, unit: string, per: MetricDef['per'], description: string, integer = false): MetricDef => ({ name, unit, description, integer, per })

export const METRICS = {
  buildHitRate: def('docker.build.cache.hit_rate', '%', 'build', "Cached Dockerfile steps over all of the build's steps (FROM left out)"),
  buildSteps: def('docker.build.steps', '{step}', 'build', 'Dockerfile steps (FROM left out) that ran or were cached', true),
  buildCached: def('docker.build.steps.cached', '{step}', 'build', 'Dockerfile steps that were cache hits', true),
  buildDuration: def('docker.build.duration', 's', 'build', 'Build time: wall clock (rawjson, build records) or the sum of vertex times (plain)'),
  runHitRate: def('docker.builds.cache.hit_rate', '%', 'run', 'Cached steps over all steps of every build the run read'),
  runSteps: def('docker.builds.steps', '{step}', 'run', 'Dockerfile steps of every build the run read', true),
  runCached: def('docker.builds.steps.cached', '{step}', 'run', 'Cached Dockerfile steps of every build the run read', true),
  runDuration: def('docker.builds.duration', 's', 'run', 'Build time summed over the builds the run read'),
  runBuilds: def('docker.builds.count', '{build}', 'run', 'Builds the run read', true),
  billableMinutes: def('github.job.billable_minutes', 'min', 'run', "The job's billable minutes so far, rounded up as GitHub bills each job", true),
  cost: def('github.job.cost', '{USD}', 'run', "The job's billable minutes at the runner's minute price"),
  cacheSize: def('docker.build_cache.size', 'By', 'run', "Bytes in the builder's build cache after the builds (docker buildx du)", true)
} as const satisfies Record<string, MetricDef>

export type Attributes = Record<string, string>

export interface MetricPoint {
  metric: MetricDef
  value: number
  attributes: Attributes
}

/**
 * What tells one job's series from another's: GitHub's names for the run (`github.repository`,
 * `github.job`, `matrix.<key>`, `runner.os`). Run ids, commits and runner names are left out: a
 * new value every run would be a new series every run.
 */
export function jobAttributes(job: JobIdentity | undefined): Attributes {
  const a: Attributes = {}
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') a[key] = value
  }
  put('github.repository', job?.repository)
  put('github.workflow', job?.workflow)
  put('github.job', job?.job)
  put('github.ref', job?.ref)
  for (const [k, v] of Object.entries(job?.matrix ?? {})) put(`matrix.${k}`, v)
  put('runner.os', job?.runner?.os)
  put('runner.arch', job?.runner?.arch)
  put('runner.environment', job?.runner?.environment)
  return a
}

/** `linux/amd64,linux/arm64`; none where BuildKit printed no platform. */
function platform(platforms: readonly string[]): Attributes {
  return platforms.length === 0 ? {} : { 'docker.build.platform': platforms.join(',') }
}

/** One point per build and per run, each with the job's attributes; the build's name and platforms tell builds apart. */
export function metricPoints(report: Report): MetricPoint[] {
  const job = jobAttributes(report.job)
  const points: MetricPoint[] = []
  const add = (metric: MetricDef, value: number | null | undefined, attributes: Attributes) => {
    if (value !== null && value !== undefined && Number.isFinite(value)) points.push({ metric, value, attributes })
  }
  for (const b of report.builds) {
    const cached = b.steps.filter((s) => s.cached).length
    const attributes = { ...job, 'docker.build.name': buildName(b), ...platform(b.platforms ?? []) }
    add(METRICS.buildHitRate, hitRate(cached, b.steps.length), attributes)
    add(METRICS.buildSteps, b.steps.length, attributes)
    add(METRICS.buildCached, cached, attributes)
    add(METRICS.buildDuration, b.duration, attributes)
  }
  const t = report.totals
  const platforms = [...new Set(report.builds.flatMap((b) => b.platforms ?? []))].sort()
  const run = { ...job, ...platform(platforms) }
  add(METRICS.runHitRate, t.hitRate, run)
  add(METRICS.runSteps, t.steps, run)
  add(METRICS.runCached, t.cached, run)
  add(METRICS.runDuration, t.duration, run)
  add(METRICS.runBuilds, t.builds, run)
  add(METRICS.billableMinutes, report.billing?.billableMinutes, job)
  add(METRICS.cost, report.billing?.cost, job)
  if (report.cache) add(METRICS.cacheSize, report.cache.totals.total, { ...job, 'docker.builder': report.cache.builder })
  return points
}
