import type { Vertex } from '../progress/vertex.js'
import { parseStepName, type StepName } from './step-name.js'
import { isCacheExport, isCacheImport } from './cache-transfer.js'
import { unionLength } from './intervals.js'
import { round } from '../round.js'

/** What a build spends its time on around and in its Dockerfile's steps, in the order a build goes through them. */
export const PHASES = ['context', 'base-image', 'cache-import', 'steps', 'export', 'push', 'cache-export', 'other'] as const
export type PhaseName = (typeof PHASES)[number]

/** Where two phases run at once, the moment is counted in the first of these: what runs beside the steps is hidden by them. */
const PRIORITY: readonly PhaseName[] = ['steps', 'push', 'export', 'cache-export', 'cache-import', 'base-image', 'context', 'other']

export interface Phase {
  phase: PhaseName
  /**
   * Seconds of the build's wall time counted in this phase, each moment once (timestamps), or the
   * sum of its vertexes' times (plain logs): the phases add up to the build's duration either way.
   */
  seconds: number
  /** Its vertexes' own times added up, side by side ones each (for push: its statuses' times). */
  busy: number
  vertexes: number
  /** First start and last end, ms since the epoch (timestamps only). */
  span?: [number, number]
}

export interface Phases {
  /** `wall`: each moment of the wall time in one phase; `sum`: DONE figures added up (plain logs carry no timestamps). */
  kind: 'wall' | 'sum'
  /** The phases that had a vertex, in PHASES order. */
  list: Phase[]
  /** wall: moments when no vertex ran (BuildKit solving the graph, computing cache keys, the client), seconds. */
  idle: number
  /** Every vertex's own time added up, seconds: more than the wall time when vertexes ran side by side. */
  accumulated: number
  /** accumulated / wall time: how many vertexes ran at once on average (wall only). */
  parallelism?: number
}

// `[internal] load metadata for <image>` resolves a base image; `[auth] ...` gets a registry token for
// its pull; a `COPY --from=<image>` pulls an image named `FROM docker.io/...` without brackets.
const BASE_IMAGE = /^\[internal\] load metadata for |^\[auth\] |^FROM \S/
// the Dockerfile, the .dockerignore and the build context are each sent by the client (`transferring ...`)
const CONTEXT = /^\[internal\] load (?:build definition from |local bake definitions|\.dockerignore|build context)|^\[context [^\]]+\] /
// the exporters' vertexes (`exporting to image`, `exporting to oci image format`, `exporting to client
// directory`), and what `--output type=tar|local` prints; cache exports are told apart before
const EXPORT = /^exporting to |^sending tarballs?$|^copying files/

const INNER = /^\[[^\]\s/]+ (internal|auth)\] /

/** The phase of a vertex name; in a bake the target buildx prints first is left out. `step` is the name read as a step, when the caller has read it. */
export function phaseOf(name: string, bake: boolean, step: StepName | undefined | null = null): PhaseName {
  const parsed = step === null ? parseStepName(name, bake) : step
  if (parsed) return parsed.instruction === 'FROM' ? 'base-image' : 'steps'
  // `[app internal] load build context` → `[internal] load build context`; `[app] exporting to image` → `exporting to image`
  const bare = bake ? (INNER.test(name) ? name.replace(INNER, '[$1] ') : name.replace(/^\[[^\]\s/]+\] /, '')) : name
  if (BASE_IMAGE.test(bare)) return 'base-image'
  if (CONTEXT.test(bare)) return 'context'
  if (isCacheImport(bare)) return 'cache-import'
  if (isCacheExport(bare)) return 'cache-export'
  if (EXPORT.test(bare)) return 'export'
  return 'other'
}

interface Tally {
  seconds: number
  busy: number
  vertexes: number
  lo: number
  hi: number
}

/**
 * The phases of one build's vertexes. With timestamps each moment from the first start to the
 * last end is counted once, in the phase PRIORITY puts first among those running then, or as idle:
 * the phases and idle add up to the wall time. Without, each phase is its vertexes' times added up.
 */
export function phasesOf(vertexes: readonly Vertex[], bake: boolean, seconds: (v: Vertex) => number, phase?: (v: Vertex) => PhaseName): Phases {
  const tallies = new Map<PhaseName, Tally>()
  const tally = (p: PhaseName): Tally => {
    let t = tallies.get(p)
    if (!t) {
      t = { seconds: 0, busy: 0, vertexes: 0, lo: Infinity, hi: -Infinity }
      tallies.set(p, t)
    }
    return t
  }
  const events: [time: number, phase: PhaseName, delta: 1 | -1][] = []
  const spanOf = (t: Tally, intervals: readonly (readonly [number, number])[], phase: PhaseName) => {
    for (const [a, b] of intervals) {
      t.lo = Math.min(t.lo, a)
      t.hi = Math.max(t.hi, b)
      if (b >= a) events.push([a, phase, 1], [b, phase, -1])
    }
  }
  let accumulated = 0
  for (const v of vertexes) {
    if (!v.started && !v.cached) continue
    const p = phase ? phase(v) : phaseOf(v.name, bake)
    const own = seconds(v)
    const t = tally(p)
    t.vertexes++
    accumulated += own
    const push = p === 'export' ? v.push : undefined
    if (push) {
      const pt = tally('push')
      const pushed = push.intervals.length > 0 ? unionLength(push.intervals) / 1000 : push.seconds
      pt.vertexes++
      pt.busy += pushed
      spanOf(pt, push.intervals, 'push')
      // the push is part of the export's own time: counted once, under push
      t.busy += Math.max(0, own - pushed)
    } else {
      t.busy += own
    }
    // a job log's plain progress: the vertex's span from its lines' timestamps
    spanOf(t, v.intervals.length > 0 ? v.intervals : v.at ? [v.at] : [], p)
  }
  const timed = events.length > 0
  let idle = 0
  if (timed) idle = sweep(events, tallies)
  else for (const t of tallies.values()) t.seconds = t.busy
  const list = PHASES.flatMap((phase): Phase[] => {
    const t = tallies.get(phase)
    if (!t) return []
    const p: Phase = { phase, seconds: ms(t.seconds), busy: ms(t.busy), vertexes: t.vertexes }
    if (t.lo <= t.hi) p.span = [t.lo, t.hi]
    return [p]
  })
  const phases: Phases = { kind: timed ? 'wall' : 'sum', list, idle: ms(idle), accumulated: ms(accumulated) }
  const wall = list.reduce((s, p) => s + p.seconds, 0) + idle
  if (timed && wall > 0) phases.parallelism = round(accumulated / wall, 2)
  return phases
}

/** Walks the intervals' ends in time order, giving each stretch to the first running phase in PRIORITY; returns the idle seconds. */
function sweep(events: [number, PhaseName, 1 | -1][], tallies: Map<PhaseName, Tally>): number {
  events.sort((x, y) => x[0] - y[0])
  const running = new Map<PhaseName, number>()
  let idle = 0
  let at = events[0]?.[0] ?? 0
  for (const [time, phase, delta] of events) {
    if (time > at) {
      const length = (time - at) / 1000
      const owner = PRIORITY.find((p) => (running.get(p) ?? 0) > 0)
      const t = owner === undefined ? undefined : tallies.get(owner)
      if (t) t.seconds += length
      else idle += length
      at = time
    }
    running.set(phase, (running.get(phase) ?? 0) + delta)
  }
  return idle
}

const ms = (seconds: number): number => round(seconds, 3)
