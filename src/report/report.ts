import type { Analysis } from '../analysis/analyse.js'
import type { GateResult } from '../gates/gate.js'
import type { Problem } from '../problems.js'
import type { CacheStorage } from '../build-cache.js'
import type { ActionsCacheUsage } from '../github/actions-cache-usage.js'
import type { Deltas } from '../baseline/deltas.js'
import type { Billing } from '../billing/job-billing.js'
import type { RootCause } from '../analysis/root-causes.js'
import type { Finding } from '../analysis/explain.js'
import type { JobIdentity } from '../github/job.js'
import type { CacheBenefit } from '../baseline/cache-benefit.js'

import { SCHEMA_VERSION } from './schema.js'

export { SCHEMA_VERSION }

/** The JSON report: what the summary shows, for later steps, baselines and other tools. */
export interface Report {
  schemaVersion: typeof SCHEMA_VERSION
  generatedAt: string
  files: string[]
  totals: Analysis['totals']
  stages: Analysis['stages']
  platforms: Analysis['platforms']
  slowest: Analysis['slowest']
  breaks: Analysis['breaks']
  /** Why each step that was not cached ran: one root per chain, with the steps it dragged along. */
  rootCauses: RootCause[]
  /** What to change in the Dockerfile, `.dockerignore` and workflow, with what it cost this run. */
  findings: Finding[]
  builds: Analysis['builds']
  gate: GateResult
  problems: Problem[]
  /** The build cache (`docker buildx du`) after the builds, and its growth. */
  cache?: CacheStorage
  /** The repository's GitHub Actions cache against its limit, and BuildKit's `gha` share of it. */
  actionsCache?: ActionsCacheUsage
  /** This run against the median of the baseline window. */
  deltas?: Deltas
  /** The runner's minutes and price, and what this build's change costs per run and per month. */
  billing?: Billing
  /** The run, job and matrix leg it was made in: how a merged report names the leg. */
  job?: JobIdentity
  /** What the cache saved this run (its cached steps' times when they last ran) against the time spent importing and exporting it. */
  cacheBenefit?: CacheBenefit
  /** Builds past those kept whole in `builds`: in every total, stage, platform and slowest step, not explained or timed one by one. */
  counted?: CountedBuilds
}

/** The builds a report counts without keeping them whole (a log of many builds). */
export interface CountedBuilds {
  /** The number of the first (1-based, the report's order): every build from it on is counted only. */
  first: number
  builds: number
  /** Cache breaks of theirs past the first few, left out of `breaks`. */
  breaksLeftOut: number
}

/** Everything a report is made of, each part computed before: the report is built once and never changed. */
export interface ReportParts {
  analysis: Analysis
  files: string[]
  problems: Problem[]
  generatedAt: Date
  rootCauses?: RootCause[] | undefined
  findings?: Finding[] | undefined
  gate: GateResult
  cache?: CacheStorage | undefined
  actionsCache?: ActionsCacheUsage | undefined
  deltas?: Deltas | undefined
  billing?: Billing | undefined
  job?: JobIdentity | undefined
  cacheBenefit?: CacheBenefit | undefined
  counted?: CountedBuilds | undefined
}

export function buildReport(p: ReportParts): Report {
  const a = p.analysis
  return {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: p.generatedAt.toISOString(),
    files: p.files,
    totals: a.totals,
    stages: a.stages,
    platforms: a.platforms,
    slowest: a.slowest,
    breaks: a.breaks,
    rootCauses: p.rootCauses ?? [],
    findings: p.findings ?? [],
    builds: a.builds,
    gate: p.gate,
    problems: p.problems,
    ...(p.cache ? { cache: p.cache } : {}),
    ...(p.actionsCache ? { actionsCache: p.actionsCache } : {}),
    ...(p.deltas ? { deltas: p.deltas } : {}),
    ...(p.billing ? { billing: p.billing } : {}),
    ...(p.job ? { job: p.job } : {}),
    ...(p.cacheBenefit ? { cacheBenefit: p.cacheBenefit } : {}),
    ...(p.counted ? { counted: p.counted } : {})
  }
}
