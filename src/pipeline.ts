import { readLogFiles } from './sources/log-files.js'
import { modelBuild, type Build } from './model/build.js'
import { analyse } from './analysis/analyse.js'
import { evaluateGates, type Thresholds } from './gate.js'
import { computeDeltas } from './baseline/deltas.js'
import { priceBuild } from './billing/job-billing.js'
import { makeReport, type Report, type ReportExtras } from './report/report-json.js'
import type { RawBuild } from './progress/vertex.js'
import type { Problem } from './problems.js'

export interface PipelineOptions {
  thresholds: Thresholds
  now: Date
  cwd?: string
}

/** Log files in, report out (the CLI). */
export async function reportFromLogs(patterns: readonly string[], options: PipelineOptions, extras: ReportExtras = {}): Promise<Report> {
  const read = await readLogFiles(patterns, options.cwd)
  return reportFromBuilds(read.builds, read.files, read.problems, options, extras)
}

/** Builds from any source in, report out: what the action and the CLI share. */
export function reportFromBuilds(
  raw: readonly RawBuild[],
  sources: string[],
  problems: Problem[],
  options: PipelineOptions,
  extras: ReportExtras = {}
): Report {
  const analysis = analyse(modelBuilds(raw))
  const report = makeReport(analysis, sources, { verdict: 'none', checks: [] }, problems, options.now, extras)
  const deltas = extras.baseline === undefined ? undefined : computeDeltas(report, extras.baseline)
  if (deltas) report.deltas = deltas
  if (extras.billing) report.billing = priceBuild(extras.billing, options.now, deltas?.durationDelta)
  report.gate = evaluateGates(options.thresholds, analysis.totals, deltas)
  return report
}

/** Numbers each build within its file, in the order read. */
export function modelBuilds(raw: readonly RawBuild[]): Build[] {
  const perFile = new Map<string, number>()
  return raw.map((b) => {
    const n = (perFile.get(b.file) ?? 0) + 1
    perFile.set(b.file, n)
    return modelBuild(b, n)
  })
}
