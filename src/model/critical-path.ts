import type { Vertex } from '../progress/vertex.js'
import { phaseOf, type PhaseName } from './phases.js'
import { unionLength } from './intervals.js'
import { round } from '../round.js'

/** One vertex of the chain that decided a build's wall time. */
export interface PathLink {
  /** The vertex name as printed: `[build 2/3] RUN make`, `exporting to image`. */
  name: string
  phase: PhaseName
  cached: boolean
  /** Seconds from the build's start. */
  start: number
  end: number
  /** Its own run time, seconds. */
  seconds: number
  /** Seconds between the link before it ending (or the build starting) and it starting: BuildKit solving, computing cache keys. */
  wait: number
  /** An image export's push to a registry, seconds of its own time. */
  push?: number
}

export interface CriticalPath {
  /** First to last: each link waited for the one before. */
  links: PathLink[]
  /** The links' times and waits added up: the build's wall time. */
  seconds: number
  /** The links' own times added up, seconds (seconds less the waits). */
  busy: number
}

interface Timed {
  v: Vertex
  start: number
  end: number
}

/**
 * The chain of vertexes the build's wall time was spent along (rawjson timestamps and `inputs`):
 * from the vertex that ended last, back through the input that ended last, to the first. A vertex
 * BuildKit lists without inputs (an export, a FROM, the context) waited for whatever ended last
 * before it started. Undefined without timestamps.
 */
export function criticalPath(vertexes: readonly Vertex[], bake: boolean): CriticalPath | undefined {
  const timed = new Map<string, Timed>()
  for (const v of vertexes) {
    if (v.intervals.length === 0) continue
    let start = Infinity
    let end = -Infinity
    for (const [a, b] of v.intervals) {
      start = Math.min(start, a)
      end = Math.max(end, b)
    }
    timed.set(v.key, { v, start, end })
  }
  if (timed.size === 0) return undefined
  const all = [...timed.values()]
  const buildStart = all.reduce((lo, t) => Math.min(lo, t.start), Infinity)
  // ended last; of those, started last (a zero-length vertex at the very end)
  const later = (a: Timed, b: Timed) => a.end > b.end || (a.end === b.end && a.start > b.start)
  // every interval's end, in order: for the vertexes without inputs, what ended last before a time
  const ends = all.flatMap((t) => t.v.intervals.map(([, b]): [number, Timed] => [b, t])).sort((a, b) => a[0] - b[0])
  const chain: Timed[] = []
  const seen = new Set<Timed>()
  let cur: Timed | undefined = all.reduce((best, t) => (later(t, best) ? t : best))
  while (cur && !seen.has(cur)) {
    seen.add(cur)
    chain.push(cur)
    const at: Timed = cur
    let prev: Timed | undefined
    let prevReady = -Infinity
    for (const key of at.v.inputs ?? []) {
      const t = timed.get(key)
      if (!t || seen.has(t) || t.end > at.end) continue
      // an input run again after this vertex started (a FROM resolved twice) was ready at its earlier end
      const ready = readyAt(t, at.start)
      if (ready > prevReady) {
        prev = t
        prevReady = ready
      }
    }
    prev ??= latestBefore(ends, at.start, seen)
    cur = prev
  }
  chain.reverse()
  let lastEnd = buildStart
  const links = chain.map((t): PathLink => {
    const link: PathLink = {
      name: t.v.name,
      phase: phaseOf(t.v.name, bake),
      cached: t.v.cached,
      start: s(t.start - buildStart),
      end: s(t.end - buildStart),
      seconds: s(unionLength(t.v.intervals)),
      wait: s(Math.max(0, t.start - lastEnd))
    }
    if (t.v.push && t.v.push.intervals.length > 0) link.push = s(unionLength(t.v.push.intervals))
    lastEnd = Math.max(lastEnd, t.end)
    return link
  })
  const last = chain.at(-1)
  return {
    links,
    seconds: last ? s(last.end - buildStart) : 0,
    busy: round(
      links.reduce((sum, l) => sum + l.seconds, 0),
      3
    )
  }
}

/** When a vertex was ready for one that started at `time`: its last end by then, else its end. */
function readyAt(t: Timed, time: number): number {
  let ready = -Infinity
  for (const [, b] of t.v.intervals) if (b <= time && b > ready) ready = b
  return ready === -Infinity ? t.end : ready
}

/** The vertex one of whose runs ended last at or before `time`, not yet on the path. */
function latestBefore(ends: readonly [number, Timed][], time: number, seen: ReadonlySet<Timed>): Timed | undefined {
  let lo = 0
  let hi = ends.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((ends[mid]?.[0] ?? Infinity) <= time) lo = mid + 1
    else hi = mid
  }
  for (let i = lo - 1; i >= 0; i--) {
    const t = ends[i]?.[1]
    if (t && !seen.has(t)) return t
  }
  return undefined
}

const s = (msecs: number): number => round(msecs / 1000, 3)
