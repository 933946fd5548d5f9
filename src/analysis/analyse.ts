import type { Build, DurationKind, Step } from '../model/build.js'
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

function tally(steps: readonly Step[]): Tally {
  const cached = steps.filter((s) => s.cached).length
  return { steps: steps.length, cached, hitRate: hitRate(cached, steps.length) }
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

export function analyse(builds: Build[]): Analysis {
  const allSteps: [number, Step][] = builds.flatMap((b, i) => b.steps.map((s): [number, Step] => [i + 1, s]))
  const steps = allSteps.map(([, s]) => s)
  const kinds = new Set(builds.map((b) => b.durationKind))
  const totals = {
    ...tally(steps),
    builds: builds.length,
    failed: builds.filter((b) => b.status !== 'success').length,
    // milliseconds, not tenths: baseline gates divide by it, and a warm build may take 0.02 s
    duration: round(
      builds.reduce((t, b) => t + b.duration, 0),
      3
    ),
    durationKind: kinds.size === 1 ? ([...kinds][0] ?? 'sum') : kinds.size === 0 ? 'sum' : 'mixed'
  } satisfies Analysis['totals']

  const stages = new Map<string, StageTotal>()
  const wallUnknown = new Set<string>()
  for (const b of builds) {
    for (const st of b.stages) {
      const key = `${st.platform}\u0000${st.name}`
      const t = stages.get(key) ?? { platform: st.platform, name: st.name, steps: 0, cached: 0, hitRate: null, seconds: 0 }
      t.steps += st.steps.length
      t.cached += st.cached
      t.seconds += st.seconds
      t.hitRate = hitRate(t.cached, t.steps)
      if (st.wall === undefined) wallUnknown.add(key)
      else t.wall = (t.wall ?? 0) + st.wall
      stages.set(key, t)
    }
  }

  for (const key of wallUnknown) {
    const t = stages.get(key)
    if (t) delete t.wall
  }
  for (const t of stages.values()) {
    t.seconds = tenths(t.seconds)
    if (t.wall !== undefined) t.wall = tenths(t.wall)
  }

  const platforms = new Map<string, Step[]>()
  for (const s of steps) {
    const list = platforms.get(s.platform)
    if (list) list.push(s)
    else platforms.set(s.platform, [s])
  }

  // a cache hit is never among the slowest, even when its layers were pulled later (pullSeconds)
  const slowest = allSteps
    .filter(([, s]) => s.seconds > 0 && !s.cached)
    .sort(([, a], [, b]) => b.seconds - a.seconds)
    .slice(0, SLOWEST)
    .map(([i, s]) => stepRef(i, s))

  return {
    builds,
    totals,
    stages: [...stages.values()],
    platforms: [...platforms].map(([platform, list]) => ({ platform, ...tally(list) })),
    slowest,
    breaks: builds.flatMap((b, i) => cacheBreaks(b, i + 1))
  }
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
