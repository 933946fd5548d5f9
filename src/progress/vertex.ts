import { isStepOrExport } from './boundaries.js'

/** One BuildKit vertex as read from progress output, before it is classified. */
export interface Vertex {
  /** `#12` in plain progress, the digest in rawjson: a name is not a key. */
  key: string
  name: string
  /** Began to run or was found cached; rawjson announces vertexes that never start. */
  started: boolean
  /** Printed `CACHED` / `"cached": true` at least once. */
  cached: boolean
  /** Printed `DONE` / had `completed` without error. */
  done: boolean
  /** Set when the vertex failed; cancellation is kept apart. */
  error: string | undefined
  canceled: boolean
  /** Plain progress: the largest `DONE n.ns` figure, in seconds. */
  seconds: number | undefined
  /**
   * Plain progress: the largest elapsed figure on its output lines (`#22 35.81 text`: seconds
   * since the vertex started), the only time a failed or canceled step carries.
   */
  elapsed?: number | undefined
  /** rawjson: started→completed pairs in ms since the epoch, possibly overlapping. */
  intervals: [number, number][]
  /** Layer downloads were seen in its statuses (a base image pulled, not present). */
  pulled: boolean
  /** First-seen order in the log. */
  order: number
  /** rawjson: the digests of the vertexes it was built from, in order (the first is its own chain's). */
  inputs?: string[]
  /** The images an export named (`naming to docker.io/acme/api:ci`, `unpacking to ...`), in order. */
  named?: string[]
  /** Job logs (plain progress): the times its first and last lines were written, ms since the epoch. */
  at?: [number, number]
  /**
   * An image export's push to a registry, its `pushing layers` and `pushing manifest for ...` statuses:
   * their started→completed pairs (rawjson) and their time in seconds (plain: the figures they end with).
   */
  push?: { intervals: [number, number][]; seconds: number }
}

/** The vertexes of one build, in the order first seen, plus what the log said around them. */
export interface RawBuild {
  /** The log file, or `build record <ref>` / `run` for builds read another way. */
  file: string
  /** Set for build records: `history inspect`'s Name and the record's ref. */
  name?: string
  ref?: string
  /** The name of the progress format it was read from (progress/formats.ts). */
  format: string
  vertexes: Vertex[]
  /** Trailing `ERROR: ...` lines of the client (the build's failure), in order: the first that fit (see ERRORS_KEPT), and the last. */
  errors: string[]
  /** `WARN:` lines and BuildKit warnings (lint rules, deprecated syntax): the first that fit (see WARNINGS_KEPT). */
  warnings: string[]
  /** Errors and warnings told past those kept. */
  errorsLeftOut?: number
  warningsLeftOut?: number
  /** Job logs: the workflow step that printed it (`Run docker/build-push-action@v6`, or its name from `gh run view --log`). */
  step?: string
  /** `gh run view --log`: the job that printed it. */
  job?: string
  /** Job logs (plain progress): the times its first and last lines of BuildKit's were written, ms since the epoch. */
  span?: [number, number]
}

/** Collects vertex updates for the builds of one input; starts a new build when told. */
export class BuildCollector {
  readonly builds: RawBuild[] = []
  /** Builds handed out by take(). */
  private taken = 0
  private current: RawBuild | undefined
  private byKey = new Map<string, Vertex>()
  /** Text kept of the current build's errors and warnings (UTF-16 units). */
  private errorUnits = 0
  private warningUnits = 0

  constructor(
    private readonly file: string,
    private readonly format: string,
    /** Plain progress prints a vertex only once it has started; rawjson announces it before. */
    private readonly startedWhenSeen: boolean
  ) {}

  /** Builds read so far, those taken included. */
  get count(): number {
    return this.taken + this.builds.length
  }

  /**
   * The builds no line can change any more, handed out once: every one but the last (a parser
   * only ever adds to the current build, and a new one starts only after it).
   */
  take(): RawBuild[] {
    if (this.builds.length < 2) return []
    const done = this.builds.splice(0, this.builds.length - 1)
    this.taken += done.length
    return done
  }

  /** Starts a new build unless the current one is still empty. */
  newBuild(): void {
    if (this.current && this.current.vertexes.length === 0 && this.current.errors.length === 0) return
    this.current = undefined
  }

  get active(): RawBuild | undefined {
    return this.current
  }

  private build(): RawBuild {
    if (!this.current) {
      this.current = { file: this.file, format: this.format, vertexes: [], errors: [], warnings: [] }
      this.builds.push(this.current)
      this.byKey = new Map()
      this.errorUnits = 0
      this.warningUnits = 0
    }
    return this.current
  }

  has(key: string): boolean {
    return this.current !== undefined && this.byKey.has(key)
  }

  peek(key: string): Vertex | undefined {
    return this.current === undefined ? undefined : this.byKey.get(key)
  }

  /**
   * The vertex of that key in the current build, made when first seen. `owned`: key and name hold
   * no larger text (plain progress decodes each line by itself; JSON.parse copies every string),
   * so they are kept as they are.
   */
  vertex(key: string, name?: string, owned = false): Vertex {
    const b = this.build()
    let v = this.byKey.get(key)
    if (!v) {
      v = {
        key: owned ? key : own(key),
        name: owned ? (name ?? '') : own(name ?? ''),
        started: this.startedWhenSeen,
        cached: false,
        done: false,
        error: undefined,
        canceled: false,
        seconds: undefined,
        elapsed: undefined,
        intervals: [],
        pulled: false,
        order: b.vertexes.length
      }
      this.byKey.set(key, v)
      b.vertexes.push(v)
    } else if (name !== undefined && name !== '' && v.name === '') {
      v.name = own(name)
    }
    return v
  }

  /** The current build has run or found cached a step or an export: a new definition is a new build. */
  hasWork(): boolean {
    return this.current !== undefined && this.current.vertexes.some((v) => (v.started || v.cached) && isStepOrExport(v.name))
  }

  /**
   * A `pushing layers` / `pushing manifest for <ref>` status of an export, once it is done: its
   * interval (rawjson) or the figure it ends with (plain, `pushing layers 0.5s done`). The same
   * status re-sent with the same start is counted once.
   */
  pushed(v: Vertex, interval: [number, number] | undefined, seconds: number): void {
    const push = (v.push ??= { intervals: [], seconds: 0 })
    if (interval) {
      if (push.intervals.some(([a]) => a === interval[0])) return
      push.intervals.push(interval)
    }
    push.seconds += seconds
  }

  /** An export's `naming to <image>` / `unpacking to <image>` status: what the build made. */
  named(v: Vertex, status: string): void {
    const m = /^(?:naming|unpacking) to (\S+)/.exec(status)
    const image = m?.[1]
    if (image === undefined) return
    const list = (v.named ??= [])
    if (!list.includes(image)) list.push(own(image))
  }

  /**
   * A client error of the current build, kept whole (its status and a failed cache export are
   * read from its text, and a secret in it is redacted only once it is whole): the first ones
   * while they fit NOTES_KEPT, and the last always, in the last place.
   */
  error(message: string): void {
    const b = this.build()
    const m = own(message)
    const n = b.errors.length
    if (n === 0 || (n < ERRORS_KEPT && this.errorUnits + m.length <= NOTES_KEPT)) {
      b.errors.push(m)
      this.errorUnits += m.length
      return
    }
    this.errorUnits += m.length - (b.errors[n - 1]?.length ?? 0)
    b.errors[n - 1] = m
    b.errorsLeftOut = (b.errorsLeftOut ?? 0) + 1
  }

  /**
   * The current build is over and went well: it ran or found cached a step or an export, and
   * every vertex that started ended without error or cancellation, and no error was told. A
   * client `ERROR:` line after it ends another build, one refused before its first vertex
   * (a missing context path: buildx 0.29 prints that line alone).
   */
  finishedWell(): boolean {
    const b = this.current
    if (!b || b.errors.length > 0 || !this.hasWork()) return false
    return b.vertexes.every((v) => v.error === undefined && !v.canceled && (!v.started || v.done || v.cached))
  }

  /** A warning of the current build, kept whole while they fit WARNINGS_KEPT and NOTES_KEPT, else counted. */
  warning(message: string): void {
    const b = this.build()
    if (b.warnings.length < WARNINGS_KEPT && this.warningUnits + message.length <= NOTES_KEPT) {
      b.warnings.push(own(message))
      this.warningUnits += message.length
    } else {
      b.warningsLeftOut = (b.warningsLeftOut ?? 0) + 1
    }
  }
}

// A build's errors and warnings are lines of the client's, and in a job log any line a later
// command of the same step prints (`WARNING: ...` by the thousand): what a build keeps of them is
// bounded, as its vertexes are by the log. A bake prints an error for each target that failed.
export const ERRORS_KEPT = 100
export const WARNINGS_KEPT = 100
/**
 * The most text (UTF-16 units) a build keeps of its errors, and of its warnings: a line can be
 * 1 MiB. Each is kept whole, never cut: a cut one could hold part of a secret the redactor,
 * which runs later, would no longer know.
 */
export const NOTES_KEPT = 256 * 1024

/**
 * A copy of s that does not hold on to the text it was cut from: a slice of a 1 MiB chunk keeps
 * the whole chunk alive, and a log's builds keep their names for as long as the report is made.
 * Concatenating makes V8 write a new flat string; slices under 13 units are copies already.
 */
function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1)
}
