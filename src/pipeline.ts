import { readLogFiles } from './sources/log-files.js'
import { modelBuild, type Build } from './model/build.js'
import { analyse } from './analysis/analyse.js'
import { cacheHitGate } from './gate.js'
import { makeReport, type Report } from './report/report-json.js'
import type { RawBuild } from './progress/vertex.js'

export interface PipelineOptions {
  minCacheHitRate?: number | undefined
  now: Date
  cwd?: string
}

/** Log files in, report out: what the action and the CLI share. */
export async function reportFromLogs(patterns: readonly string[], options: PipelineOptions): Promise<Report> {
  const read = await readLogFiles(patterns, options.cwd)
  const analysis = analyse(modelBuilds(read.builds))
  const gate = cacheHitGate(options.minCacheHitRate, analysis.totals.hitRate)
  const withThreshold = options.minCacheHitRate === undefined ? gate : { ...gate, minCacheHitRate: options.minCacheHitRate }
  return makeReport(analysis, read.files, withThreshold, read.problems, options.now)
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
