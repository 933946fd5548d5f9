import { readLogFiles } from './sources/log-files.js'
import { modelBuilds as modelRawBuild, type Build } from './model/build.js'
import { foldOf } from './analysis/analyse.js'
import { BuildFold } from './analysis/fold.js'
import { evaluateGates } from './gates/index.js'
import type { Thresholds } from './gates/gate.js'
import { computeDeltas } from './baseline/deltas.js'
import type { BaselineEntry } from './baseline/entry.js'
import { priceBuild, type BillingInputs } from './billing/job-billing.js'
import { buildReport, type Report } from './report/report.js'
import type { CacheStorage } from './build-cache.js'
import type { ActionsCacheUsage } from './github/actions-cache-usage.js'
import type { RawBuild } from './progress/vertex.js'
import type { Problem } from './problems.js'
import { Redactor, redactBuild } from './redact.js'
import { readBuildContexts, type BuildContextOptions, type BuildFiles } from './dockerfile/read.js'
import { explain, type WorkflowFile } from './analysis/explain.js'
import type { CacheOptions } from './run-mode/command.js'
import { fillCacheSettings } from './analysis/cache-settings.js'
import { parseCacheEntry, type CacheEntry } from './workflow/cache-entry.js'
import type { JobIdentity } from './github/job.js'

const entries = (values: readonly string[]): CacheEntry[] => values.flatMap((v) => parseCacheEntry(v, 0) ?? [])
import { cacheBenefit } from './baseline/cache-benefit.js'

export interface PipelineOptions {
  thresholds: Thresholds
  now: Date
  cwd?: string
  /** Values known to be secret; credentials of well-known shapes are found without them. */
  secrets?: readonly string[]
  /** Told every credential hidden, so that the job log masks it too. */
  onSecret?: (value: string) => void
  /** Where the builds' Dockerfile and context are on this machine, when they are (the workspace, `--context`). */
  context?: BuildContextOptions | undefined
  /** The workflow file running this job, for its cache settings. */
  workflow?: WorkflowFile | undefined
  /** Run mode: what the build command said of the cache. */
  cacheOptions?: CacheOptions | undefined
}

/** What the report holds beyond the builds: measured around them, not read from them. */
export interface ReportExtras {
  cache?: CacheStorage | undefined
  actionsCache?: ActionsCacheUsage | undefined
  /** The baseline window, oldest first; undefined when there is none. */
  baseline?: readonly BaselineEntry[] | undefined
  billing?: BillingInputs | undefined
  /** The run, job and matrix leg, on GitHub. */
  job?: JobIdentity | undefined
}

/** Log files in, report out (the CLI). */
export async function reportFromLogs(patterns: readonly string[], options: PipelineOptions, extras: ReportExtras = {}): Promise<Report> {
  const fold = new BuildFold()
  const read = await readLogFiles(patterns, options.cwd, undefined, (b) => {
    fold.add(b)
  })
  return reportFromBuilds(fold, read.files, read.problems, options, extras)
}

/** Builds from any source in, report out: analysis, then deltas, cost and gates from it, then the report once. */
export function reportFromBuilds(
  raw: readonly RawBuild[] | BuildFold,
  sources: string[],
  problems: Problem[],
  options: PipelineOptions,
  extras: ReportExtras = {}
): Report {
  // Before anything is derived from them: BuildKit prints build-arg values in step names.
  const redactor = new Redactor(options.secrets ?? [])
  const fold = raw instanceof BuildFold ? raw : BuildFold.of(raw)
  const builds = fold.kept.map((b) => redactBuild(b, redactor))
  const told = problems.map((p) => ({ ...p, message: redactor.text(p.message) }))
  const files = sources.map((s) => redactor.text(s))
  const models = modelBuilds(builds)
  const given = options.cacheOptions
  if (given) fillCacheSettings(models, entries(given.cacheFrom), entries(given.cacheTo))
  const read = options.context ? readBuildContexts(models, options.context) : { files: new Map<Build, BuildFiles>(), problems: [] }
  const all = foldOf(models)
  all.merge(fold.counted, models.length, (t) => redactor.text(t))
  const analysis = all.result(models)
  for (const s of redactor.found) options.onSecret?.(s)
  const explained = explain(models, {
    files: read.files,
    baseline: extras.baseline?.at(-1),
    imports: (b) => b.cacheTransfer?.imports ?? [],
    workflow: options.workflow,
    noCache: options.cacheOptions?.noCache === undefined ? undefined : () => options.cacheOptions?.noCache
  })
  const generatedAt = options.now.toISOString()
  const deltas = extras.baseline === undefined ? undefined : computeDeltas({ ...analysis, generatedAt }, extras.baseline)
  const billing = extras.billing ? priceBuild(extras.billing, options.now, deltas?.durationDelta) : undefined
  return buildReport({
    analysis,
    files,
    problems: [...told, ...read.problems, ...explained.problems],
    generatedAt: options.now,
    rootCauses: explained.rootCauses,
    findings: explained.findings,
    gate: evaluateGates(options.thresholds, analysis.totals, deltas, analysis),
    cache: extras.cache,
    actionsCache: extras.actionsCache,
    deltas,
    billing,
    cacheBenefit: models.length > 0 ? cacheBenefit(models, extras.baseline, billing?.price) : undefined,
    job: extras.job,
    counted: fold.countedOnly === 0 ? undefined : { first: models.length + 1, builds: fold.countedOnly, breaksLeftOut: fold.counted.breaksNotKept }
  })
}

/** Numbers each build within its file, in the order read; a bake's targets are builds of their own. */
export function modelBuilds(raw: readonly RawBuild[]): Build[] {
  const perFile = new Map<string, number>()
  return raw.flatMap((b) => {
    const builds = modelRawBuild(b, (perFile.get(b.file) ?? 0) + 1)
    perFile.set(b.file, (perFile.get(b.file) ?? 0) + builds.length)
    return builds
  })
}
