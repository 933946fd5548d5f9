import { readLogFiles } from './sources/log-files.js'
import { modelBuild, type Build } from './model/build.js'
import { analyse } from './analysis/analyse.js'
import { cacheHitGate } from './gate.js'
import { makeReport, type Report, type ReportExtras } from './report/report-json.js'
import type { RawBuild } from './progress/vertex.js'
import type { Problem } from './problems.js'

export interface PipelineOptions {
  minCacheHitRate?: number | undefined
  now: Date
  cwd?: string
}

/** Log files in, report out (the CLI). */
export async function reportFromLogs(patterns: readonly string[], options: PipelineOptions): Promise<Report> {
  const read = await readLogFiles(patterns, options.cwd)
  return reportFromBuilds(read.builds, read.files, read.problems, options)
}

/** Builds from any source in, report out: what the action and the CLI share. */
export function reportFromBuilds(raw: readonly RawBuild[], sources: string[], problems: Problem[], options: PipelineOptions, extras: ReportExtras = {}): Report {
  const analysis = analyse(modelBuilds(raw))
  const gate = cacheHitGate(options.minCacheHitRate, analysis.totals.hitRate)
  const withThreshold = options.minCacheHitRate === undefined ? gate : { ...gate, minCacheHitRate: options.minCacheHitRate }
  return makeReport(analysis, sources, withThreshold, problems, options.now, extras)
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
