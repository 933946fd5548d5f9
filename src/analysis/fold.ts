import type { RawBuild } from '../progress/vertex.js'
import { modelBuilds } from '../model/build.js'
import { isBakeVertex } from '../model/step-name.js'
import { AnalysisFold } from './analyse.js'

/** Builds kept whole in a report: root causes, phases, cache transfers and every step of each. */
export const BUILDS_KEPT = 100
/** Cache breaks kept of the builds past those: the first, in the order read. */
const BREAKS_COUNTED = 20

/**
 * The builds of a run, added as they are read: the first BUILDS_KEPT are kept whole, every later
 * one is modelled for its counts, folded into the totals, stages, platforms, slowest steps and
 * cache breaks, and let go. So a log of any number of builds is read in bounded memory, and its
 * report is the size of BUILDS_KEPT builds.
 */
export class BuildFold {
  readonly kept: RawBuild[] = []
  /** Builds the kept ones make (a bake makes one per target). */
  private keptBuilds = 0
  readonly counted = new AnalysisFold(BREAKS_COUNTED)
  private countedBuilds = 0
  private readonly perFile = new Map<string, number>()

  static of(raw: readonly RawBuild[]): BuildFold {
    const fold = new BuildFold()
    for (const b of raw) fold.add(b)
    return fold
  }

  add(raw: RawBuild): void {
    const index = (this.perFile.get(raw.file) ?? 0) + 1
    if (this.countedBuilds === 0 && this.keptBuilds < BUILDS_KEPT) {
      this.kept.push(raw)
      const n = raw.vertexes.some((v) => isBakeVertex(v.name)) ? modelBuilds(raw, index, true).length : 1
      this.keptBuilds += n
      this.perFile.set(raw.file, index - 1 + n)
      return
    }
    const builds = modelBuilds(raw, index, true)
    for (const b of builds) this.counted.add(b, ++this.countedBuilds)
    this.perFile.set(raw.file, index - 1 + builds.length)
  }

  /** Builds past those kept whole. */
  get countedOnly(): number {
    return this.countedBuilds
  }
}
