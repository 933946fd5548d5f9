import type { Source, SourceContext, SourceRead } from './source.js'
import { append } from '../arrays.js'
import { BuildFold } from '../analysis/fold.js'
import type { RawBuild } from '../progress/vertex.js'
import { runModeSource } from './run-mode.js'
import { logFilesSource } from './log-files.js'
import { buildRecordsSource, thisJobSource } from './build-records.js'

export type Collected = Required<Omit<SourceRead, 'run' | 'cacheOptions' | 'builds'>> & Pick<SourceRead, 'run' | 'cacheOptions'> & { builds: BuildFold }

/** The sources, in the order they are read when asked for. A new source is a file and its line here. */
export const SOURCES: readonly Source[] = [runModeSource, logFilesSource, buildRecordsSource]

/** Read when the inputs ask for no source at all. */
export const DEFAULT_SOURCE: Source = thisJobSource

/** Every source the inputs name, in order; none named: this job's build records. Their builds are folded as read, in that order. */
export async function collectBuilds(ctx: SourceContext): Promise<Collected> {
  const wanted = SOURCES.filter((s) => s.wanted(ctx.inputs))
  const fold = new BuildFold()
  const out: Collected = { builds: fold, problems: [], sources: [], secrets: [] }
  const sink = (b: RawBuild) => {
    fold.add(b)
  }
  for (const source of wanted.length > 0 ? wanted : [DEFAULT_SOURCE]) {
    const read = await source.read({ ...ctx, sink })
    for (const b of read.builds) fold.add(b)
    append(out.problems, read.problems)
    append(out.sources, read.sources)
    append(out.secrets, read.secrets ?? [])
    if (read.run) out.run = read.run
    if (read.cacheOptions) out.cacheOptions = read.cacheOptions
  }
  return out
}
