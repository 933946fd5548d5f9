import type { Analysis } from '../analysis/analyse.js'
import type { GateResult } from '../gate.js'
import type { Problem } from '../problems.js'
import type { CacheStorage } from '../cache-storage.js'
import type { ActionsCacheUsage } from '../github/actions-cache.js'
import type { Deltas } from '../baseline/deltas.js'
import type { BaselineEntry } from '../baseline/entry.js'
import type { Billing, BillingInputs } from '../billing/job-billing.js'

export const SCHEMA_VERSION = 1

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
}

/** What the report holds beyond the builds: measured around them, not read from them. */
export interface ReportExtras {
  cache?: CacheStorage | undefined
  actionsCache?: ActionsCacheUsage | undefined
  /** The baseline window, oldest first; undefined when there is none. */
  baseline?: readonly BaselineEntry[] | undefined
  billing?: BillingInputs | undefined
}

export function makeReport(analysis: Analysis, files: string[], gate: Report['gate'], problems: Problem[], now: Date, extras: ReportExtras = {}): Report {
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    files,
    totals: analysis.totals,
    stages: analysis.stages,
    platforms: analysis.platforms,
    slowest: analysis.slowest,
    breaks: analysis.breaks,
    builds: analysis.builds,
    gate,
    problems
  }
  if (extras.cache) report.cache = extras.cache
  if (extras.actionsCache) report.actionsCache = extras.actionsCache
  return report
}
