import { isRecord, timestamp } from '../json.js'
import { BuildCollector, type RawBuild, type Vertex } from './vertex.js'
import { JsonObjectSplitter, MAX_OBJECT } from './json-objects.js'
import { MAX_LINE, tooLong } from './lines.js'
import { Utf8Encoder } from './bytes.js'
import { problem, type Problem } from '../problems.js'
import { isBuildDefinition } from './boundaries.js'

/** An image export's statuses while it pushes (Docker 28.5 / buildx 0.29, fixtures `timeline/`). */
const PUSH = /^pushing (?:layers$|manifest for )/

/**
 * Reads `--progress=rawjson`: a stream of BuildKit SolveStatus objects
 * (`vertexes`, `statuses`, `logs`, `warnings`), one per line, indented, or concatenated.
 */
export class RawJsonParser {
  private readonly collector: BuildCollector
  private readonly splitter: JsonObjectSplitter
  readonly problems: Problem[] = []
  /** Per vertex of the current build: started (ms) → completed (ms), as vertexes are re-sent whole. */
  private readonly runs = new Map<Vertex, Map<number, number>>()
  private sawError = false
  /** Objects that are not JSON, and values that are not SolveStatus objects: the first told, the rest counted. */
  private invalid: Told | undefined
  private unexpected: Told | undefined
  private readonly encoder = new Utf8Encoder()
  /** Job logs: when the line being read was written (ms since the epoch). */
  private now: number | undefined

  constructor(
    private readonly file: string,
    /** Sees every SolveStatus object once parsed (run mode prints them as they come). */
    private readonly onStatus?: (status: Record<string, unknown>) => void
  ) {
    this.collector = new BuildCollector(file, 'rawjson', false)
    this.splitter = new JsonObjectSplitter(
      (json, offset) => {
        this.object(json, offset)
      },
      (line) => {
        this.text(line)
      },
      // step output is read only when someone prints it
      onStatus === undefined,
      (value, offset) => {
        this.value(value, offset)
      }
    )
  }

  write(chunk: Buffer): void {
    this.splitter.write(chunk)
  }

  push(chunk: string): void {
    this.splitter.write(this.encoder.encode(chunk))
  }

  /**
   * A decoded line of a job log (its prefix cut) with the time it was written. The objects carry
   * their own times, but a vertex cached from an earlier build of the same builder keeps that
   * build's (a FROM started 2 s before this build began, seen with buildx 0.29): the build's wall
   * time is its lines' span, as in plain progress.
   */
  timedLine(text: string, at: number | undefined): void {
    this.now = at
    this.push(`${text}\n`)
    this.now = undefined
  }

  end(): RawBuild[] {
    this.splitter.write(this.encoder.end())
    this.splitter.end()
    const { large, long } = this.splitter
    if (large) this.problems.push(problem('json-too-large', tooLong(large.count, 'JSON object', MAX_OBJECT, false), { file: this.file, line: large.first }))
    if (long) this.problems.push(problem('line-too-long', tooLong(long.count, 'line', MAX_LINE, true), { file: this.file, line: long.first }))
    for (const t of [this.invalid, this.unexpected]) if (t && t.count > 1) t.first.message += `, and ${t.count - 1} more like it after it`
    this.flushIntervals()
    return started(this.collector.builds)
  }

  take(): RawBuild[] {
    return started(this.collector.take())
  }

  private object(json: string, offset: number): void {
    let status: unknown
    try {
      status = JSON.parse(json)
    } catch {
      this.invalid = this.told(this.invalid, () =>
        problem('json-invalid', `not a JSON object (${json.length} characters starting ${JSON.stringify(json.slice(0, 40))})`, {
          file: this.file,
          line: offset
        })
      )
      return
    }
    this.value(status, offset)
  }

  private value(status: unknown, offset: number): void {
    if (!isRecord(status)) {
      this.unexpected = this.told(this.unexpected, () =>
        problem('json-unexpected', 'a JSON value that is not a SolveStatus object', { file: this.file, line: offset })
      )
      return
    }
    this.onStatus?.(status)
    const { vertexes, statuses, warnings } = status
    if (Array.isArray(vertexes)) for (const v of vertexes) if (isRecord(v)) this.vertex(v)
    if (Array.isArray(statuses)) for (const s of statuses) if (isRecord(s)) this.status(s)
    if (Array.isArray(warnings)) for (const w of warnings) if (isRecord(w)) this.warning(w)
    const b = this.collector.active
    const at = this.now
    if (b && at !== undefined && (Array.isArray(vertexes) || Array.isArray(statuses)))
      b.span = b.span ? [Math.min(b.span[0], at), Math.max(b.span[1], at)] : [at, at]
  }

  private vertex(v: Record<string, unknown>): void {
    const digest = v.digest
    if (typeof digest !== 'string') return
    const name = typeof v.name === 'string' ? v.name : ''
    const collector = this.collector
    // the name first: a digest is looked up only for a build's definition vertex
    if (isBuildDefinition(name) && !collector.has(digest) && this.currentHasWork()) this.nextBuild()
    const vx = collector.vertex(digest, name, true)
    if (v.cached === true) vx.cached = true
    if (vx.inputs === undefined && Array.isArray(v.inputs) && v.inputs.length > 0) vx.inputs = v.inputs.filter((d): d is string => typeof d === 'string')
    const started = timestamp(v.started)
    const completed = timestamp(v.completed)
    if (started !== undefined) {
      vx.started = true
      let runs = this.runs.get(vx)
      if (!runs) {
        runs = new Map()
        this.runs.set(vx, runs)
      }
      const prev = runs.get(started)
      if (prev === undefined || (completed !== undefined && !(completed <= prev))) runs.set(started, completed ?? Number.NaN)
    }
    if (typeof v.error === 'string' && v.error !== '') {
      // Cancellation is only told by its text.
      if (/context canceled/.test(v.error)) vx.canceled = true
      else vx.error = v.error
    } else if (completed !== undefined) {
      vx.done = true
    }
  }

  private status(s: Record<string, unknown>): void {
    const id = s.id
    if (typeof s.vertex !== 'string' || typeof id !== 'string') return
    const vx = this.collector.peek(s.vertex)
    if (vx && (id.startsWith('naming to ') || id.startsWith('unpacking to '))) this.collector.named(vx, id)
    if (vx && /^(?:extracting )?sha256:[0-9a-f]{12,}/.test(id) && typeof s.total === 'number' && s.total > 0) vx.pulled = true
    if (vx && PUSH.test(id)) {
      const started = timestamp(s.started)
      const completed = timestamp(s.completed)
      if (started !== undefined && completed !== undefined && completed >= started)
        this.collector.pushed(vx, [started, completed], (completed - started) / 1000)
    }
  }

  private warning(w: Record<string, unknown>): void {
    if (typeof w.short !== 'string') return
    const text = Buffer.from(w.short, 'base64').toString('utf8').trim()
    if (text !== '' && this.collector.active) this.collector.warning(text)
  }

  /**
   * Plain text after the objects: the client's `ERROR: ...` when the build failed, and its `WARNING: ...`
   * lines, kept whole as the plain parser keeps them (`WARNING: local cache import at /dir not found ...`
   * is all a log says of a local cache import that found nothing).
   */
  private text(line: string): void {
    if (line.startsWith('ERROR: ') && this.collector.active) {
      // An error after a build that went well is another build's, refused before its first vertex.
      if (this.collector.finishedWell()) this.nextBuild()
      this.collector.error(line.slice(7).trim())
      this.sawError = true
    } else if (line.startsWith('WARNING: ') && this.collector.active) {
      this.collector.warning(line)
    }
  }

  /** The first of a kind of problem is told, in the order met; the rest are counted, and said in its message at the end. */
  private told(t: Told | undefined, first: () => Problem): Told {
    if (t) {
      t.count++
      return t
    }
    const p = first()
    this.problems.push(p)
    return { first: p, count: 1 }
  }

  private currentHasWork(): boolean {
    return this.sawError || this.collector.hasWork()
  }

  private nextBuild(): void {
    this.flushIntervals()
    this.runs.clear()
    this.sawError = false
    this.collector.newBuild()
  }

  private flushIntervals(): void {
    for (const [vx, runs] of this.runs) {
      vx.intervals = []
      // a completion before the start (a damaged timestamp) is no interval: times never go negative
      for (const [start, end] of runs) if (end >= start) vx.intervals.push([start, end])
    }
  }
}

/** A problem met again and again in one log (a damaged log can hold a million): the first, told where it was met, and how many. */
interface Told {
  first: Problem
  count: number
}

/** A vertex BuildKit announced but never started (the rest of a failed build) is not a step; a build of none is no build. */
function started(builds: RawBuild[]): RawBuild[] {
  for (const b of builds) b.vertexes = b.vertexes.filter((v) => v.started || v.cached)
  return builds.filter((b) => b.vertexes.length > 0 || b.errors.length > 0)
}
