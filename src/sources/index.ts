import type { Source, SourceContext, SourceRead } from './source.js'
import { append } from '../arrays.js'
import { runModeSource } from './run-mode.js'
import { logFilesSource } from './log-files.js'
import { buildRecordsSource, thisJobSource } from './build-records.js'

export type Collected = Required<Omit<SourceRead, 'run' | 'cacheOptions'>> & Pick<SourceRead, 'run' | 'cacheOptions'>

/** The sources, in the order they are read when asked for. A new source is a file and its line here. */
export const SOURCES: readonly Source[] = [runModeSource, logFilesSource, buildRecordsSource]

/** Read when the inputs ask for no source at all. */
export const DEFAULT_SOURCE: Source = thisJobSource

/** Every source the inputs name, in order; none named: this job's build records. */
export async function collectBuilds(ctx: SourceContext): Promise<Collected> {
  const wanted = SOURCES.filter((s) => s.wanted(ctx.inputs))
  const out: Collected = { builds: [], problems: [], sources: [], secrets: [] }
  for (const source of wanted.length > 0 ? wanted : [DEFAULT_SOURCE]) {
    const read = await source.read(ctx)
    append(out.builds, read.builds)
    append(out.problems, read.problems)
    append(out.sources, read.sources)
    append(out.secrets, read.secrets ?? [])
    if (read.run) out.run = read.run
    if (read.cacheOptions) out.cacheOptions = read.cacheOptions
  }
  return out
}
