import { stageKeyOf, type Build, type DurationKind, type Step } from '../model/build.js'
import { round, tenths } from '../round.js'

export interface Tally {
  steps: number
  cached: number
  /** Percent, one decimal (99.9 until every step is cached); null when there is no step. */
  hitRate: number | null
}

export interface StageTotal extends Tally {
  platform: string
  name: string
  /** Sum of the stage's step times over every build, seconds. */
  seconds: number
  /** Sum over builds of the stage's wall span, where every build had timestamps. */
  wall?: number
}

export interface StepRef {
  build: number
  platform: string
  stage: string
  index: number
  /** Steps in its stage: `step 7/12`. */
  count: number
  instruction: string
  text: string
  cached: boolean
  status: Step['status']
  seconds: number
}

/** In a stage, the first step that ran after cached steps: where the cache chain broke. */
export interface CacheBreak {
  build: number
  platform: string
  stage: string
  step: StepRef
  /** Cached steps before it in the stage. */
  cachedBefore: number
  /** It and every later step of its stage that ran. */
  stepsAfter: number
  /** Time in it and in every later step of its stage, seconds. */
  seconds: number
}

export interface Analysis {
  builds: Build[]
  totals: Tally & {
    builds: number
    failed: number
    /** Sum of the builds' durations, seconds. */
    duration: number
    durationKind: DurationKind | 'mixed'
  }
  stages: StageTotal[]
  platforms: (Tally & { platform: string })[]
  slowest: StepRef[]
  breaks: CacheBreak[]
}

export const SLOWEST = 10

export function hitRate(cached: number, steps: number): number | null {
  if (steps === 0) return null
  const rate = tenths((cached / steps) * 100)
  return rate === 100 && cached < steps ? 99.9 : rate
}

/** Step number 1-based in the order the report lists builds. */
export function stepRef(build: number, s: Step): StepRef {
  return {
    build,
    platform: s.platform,
    stage: s.stage,
    index: s.index,
    count: s.count,
    instruction: s.instruction,
    text: s.text,
    cached: s.cached,
    status: s.status,
    seconds: tenths(s.seconds)
  }
}

/**
 * Whole milliseconds: a build's times are kept to the ms, and sums of whole numbers are the same
 * in any order, so a log folded in parts gives what it gives read at once.
 */
function whole(seconds: number): number {
  return Math.round(seconds * 1000)
}

/** Every build's figures, folded in one build at a time: a log of any number of builds keeps one of these, not its builds. */
export class AnalysisFold {
  private steps = 0
  private cached = 0
  private builds = 0
  private failed = 0
  private duration = 0
  private readonly kinds = new Set<DurationKind>()
  private readonly stages = new Map<string, StageTotal>()
  private readonly wallUnknown = new Set<string>()
  private readonly platforms = new Map<string, { steps: number; cached: number }>()
  /** The slowest steps that ran, slowest first, ties in the order read: what a stable sort of them all keeps. */
  private readonly slowest: { seconds: number; ref: StepRef }[] = []
  private readonly breaks: CacheBreak[] = []
  /** Breaks not kept: past `breaksKept`. */
  private breaksLeft = 0

  /** breaksKept: how many cache breaks to keep, the first in the order read (all by default). */
  constructor(private readonly breaksKept = Number.POSITIVE_INFINITY) {}

  /** Adds build number n (1-based, the report's order). */
  add(b: Build, n: number): void {
    this.builds++
    if (b.status !== 'success') this.failed++
    this.duration += whole(b.duration)
    this.kinds.add(b.durationKind)
    for (const st of b.stages) {
      const key = stageKeyOf(st.platform, st.name)
      let t = this.stages.get(key)
      if (!t) {
        t = { platform: st.platform, name: st.name, steps: 0, cached: 0, hitRate: null, seconds: 0 }
        this.stages.set(key, t)
      }
      t.steps += st.steps.length
      t.cached += st.cached
      t.seconds += whole(st.seconds)
      if (st.wall === undefined) this.wallUnknown.add(key)
      else t.wall = (t.wall ?? 0) + whole(st.wall)
    }
    for (const s of b.steps) {
      this.steps++
      let p = this.platforms.get(s.platform)
      if (!p) {
        p = { steps: 0, cached: 0 }
        this.platforms.set(s.platform, p)
      }
      p.steps++
      if (s.cached) {
        this.cached++
        p.cached++
      } else if (s.seconds > 0) {
        // a cache hit is never among the slowest, even when its layers were pulled later (pullSeconds)
        this.slow(s.seconds, () => stepRef(n, s))
      }
    }
    for (const br of cacheBreaks(b, n)) this.keepBreak(br)
  }

  /**
   * Adds what another fold holds, of builds read after this one's: its build numbers moved by
   * `offset`, its step, stage and platform names through `rename` (the redactor, for builds not kept whole).
   */
  merge(o: AnalysisFold, offset = 0, rename: (text: string) => string = (t) => t): void {
    const ref = (r: StepRef): StepRef => ({
      ...r,
      build: r.build + offset,
      platform: rename(r.platform),
      stage: rename(r.stage),
      instruction: rename(r.instruction),
      text: rename(r.text)
    })
    this.steps += o.steps
    this.cached += o.cached
    this.builds += o.builds
    this.failed += o.failed
    this.duration += o.duration
    for (const k of o.kinds) this.kinds.add(k)
    for (const [from, st] of o.stages) {
      const name = rename(st.name)
      const platform = rename(st.platform)
      const key = stageKeyOf(platform, name)
      if (o.wallUnknown.has(from)) this.wallUnknown.add(key)
      const t = this.stages.get(key)
      if (!t) this.stages.set(key, { ...st, platform, name })
      else {
        t.steps += st.steps
        t.cached += st.cached
        t.seconds += st.seconds
        if (st.wall !== undefined) t.wall = (t.wall ?? 0) + st.wall
      }
    }
    for (const [from, p] of o.platforms) {
      const platform = rename(from)
      const mine = this.platforms.get(platform)
      if (mine) {
        mine.steps += p.steps
        mine.cached += p.cached
      } else this.platforms.set(platform, { ...p })
    }
    for (const s of o.slowest) this.slow(s.seconds, () => ref(s.ref))
    for (const br of o.breaks) this.keepBreak({ ...br, build: br.build + offset, stage: rename(br.stage), step: ref(br.step) })
    this.breaksLeft += o.breaksLeft
  }

  private slow(seconds: number, ref: () => StepRef): void {
    const list = this.slowest
    if (list.length === SLOWEST && (list.at(-1)?.seconds ?? 0) >= seconds) return
    let i = list.length
    while (i > 0 && (list[i - 1]?.seconds ?? 0) < seconds) i--
    list.splice(i, 0, { seconds, ref: ref() })
    if (list.length > SLOWEST) list.pop()
  }

  private keepBreak(br: CacheBreak): void {
    if (this.breaks.length < this.breaksKept) this.breaks.push(br)
    else this.breaksLeft++
  }

  /** Cache breaks found but not kept. */
  get breaksNotKept(): number {
    return this.breaksLeft
  }

  /** The analysis of every build added, with `builds` as the builds kept whole. */
  result(builds: Build[]): Analysis {
    const kinds = this.kinds
    const stages = [...this.stages].map(([key, t]) => {
      const out: StageTotal = { ...t, hitRate: hitRate(t.cached, t.steps), seconds: tenths(t.seconds / 1000) }
      if (this.wallUnknown.has(key) || t.wall === undefined) delete out.wall
      else out.wall = tenths(t.wall / 1000)
      return out
    })
    return {
      builds,
      totals: {
        steps: this.steps,
        cached: this.cached,
        hitRate: hitRate(this.cached, this.steps),
        builds: this.builds,
        failed: this.failed,
        // milliseconds, not tenths: baseline gates divide by it, and a warm build may take 0.02 s
        duration: round(this.duration / 1000, 3),
        durationKind: kinds.size === 1 ? ([...kinds][0] ?? 'sum') : kinds.size === 0 ? 'sum' : 'mixed'
      },
      stages,
      platforms: [...this.platforms].map(([platform, p]) => ({ platform, steps: p.steps, cached: p.cached, hitRate: hitRate(p.cached, p.steps) })),
      slowest: this.slowest.map((s) => s.ref),
      breaks: this.breaks
    }
  }
}

/** A fold of the builds given, numbered 1, 2, … in their order. */
export function foldOf(builds: readonly Build[]): AnalysisFold {
  const fold = new AnalysisFold()
  builds.forEach((b, i) => {
    fold.add(b, i + 1)
  })
  return fold
}

export function analyse(builds: Build[]): Analysis {
  return foldOf(builds).result(builds)
}

export function cacheBreaks(build: Build, buildNo: number): CacheBreak[] {
  const breaks: CacheBreak[] = []
  for (const stage of build.stages) {
    let cachedBefore = 0
    const ordered = stage.steps
    for (let i = 0; i < ordered.length; i++) {
      const step = ordered[i]
      if (!step) continue
      if (step.cached) {
        cachedBefore++
        continue
      }
      if (cachedBefore === 0) break
      const rest = ordered.slice(i).filter((s) => !s.cached)
      breaks.push({
        build: buildNo,
        platform: stage.platform,
        stage: stage.name,
        step: stepRef(buildNo, step),
        cachedBefore,
        stepsAfter: rest.length,
        seconds: tenths(rest.reduce((t, s) => t + s.seconds, 0))
      })
      break
    }
  }
  return breaks.sort((a, b) => b.seconds - a.seconds)
}
