import { BuildCollector, type RawBuild, type Vertex } from './vertex.js'
import { MAX_LINE, stripLinePrefix, tooLong, type LongLines } from './lines.js'
import { ByteLines, countLong, lineText, startsWith, Utf8Encoder } from './bytes.js'
import { isBuildDefinition } from './boundaries.js'
import { problem, type Problem } from '../problems.js'

// Every line of a vertex begins with `#<n> `: its header (`#12 [build 2/3] RUN make`), status
// lines, output lines (`#12 0.088 text`), and `CACHED` / `DONE 1.2s` / `ERROR: ...` / `CANCELED`.
// A layer download in a FROM or a lazily pulled cached step: `sha256:… 12.58MB / 34.44MB 0.8s`.
const LAYER_PROGRESS = /^(?:extracting )?sha256:[0-9a-f]{12,}(?: [\d.]+[kMG]?B \/ [\d.]+[kMG]?B| [\d.]+s)/

/** A status line is told by its first letter before a match is made of it: most are not a layer's. */
function isLayerProgress(rest: string): boolean {
  const c = rest.charCodeAt(0)
  return (c === 115 /* s */ || c === 101) /* e */ && LAYER_PROGRESS.test(rest)
}
const OLD_ENGINE_DIGEST = /^sha256:[0-9a-f]{64}$/
// An image export's push, once done: `pushing layers 0.5s done`, `pushing manifest for <ref>@sha256:... 0.0s done`.
const PUSH_DONE = /^pushing (?:layers|manifest for \S+)(?: (\d+(?:\.\d+)?)s)? done$/

/** Lines that could not be read before a log is said to be damaged: a stray one is not worth a warning. */
const UNREADABLE_MIN = 10
/** ... or this share of the lines (percent), when at least two. */
const UNREADABLE_SHARE = 1

/**
 * Reads BuildKit plain progress (`--progress=plain`, `docker buildx history logs`, and the
 * Docker 20.10 engine's format) a chunk of bytes at a time. Output lines (`#12 0.088 text`), most
 * of a log's bytes, are read on the bytes for their figure and never made strings; every other
 * line is decoded and read as text.
 */
export class PlainParser {
  private readonly collector: BuildCollector
  private readonly lines: ByteLines
  private readonly encoder = new Utf8Encoder()
  readonly problems: Problem[] = []
  /** Lines cut to `MAX_LINE`. */
  private long: LongLines | undefined
  /** Old engine: `#N sha256:<digest>` of each vertex key, to tell a re-print from a new build. */
  private digests = new Map<string, string>()
  private sawTrailer = false
  private lineNo = 0
  /** Lines of BuildKit's that could not be read (damaged, or a status of a vertex never named), and the first one's number. */
  private unreadable = 0
  private firstUnreadable = 0
  /** Job logs: when the line being read was written (ms since the epoch), from the runner's timestamp. */
  private now: number | undefined
  /** Job logs: when `#0 building with ...` was written, the start of a build not yet begun. */
  private buildStart: number | undefined

  constructor(private readonly file: string) {
    this.collector = new BuildCollector(file, 'plain', true)
    this.lines = new ByteLines((buf, start, end, dropped) => {
      this.lineNo++
      if (dropped === 0 && end - start <= MAX_LINE && this.fastLine(buf, start, end)) return
      const { text, cut } = lineText(buf, start, end, dropped)
      if (cut) this.long = countLong(this.long, this.lineNo)
      // Some log collectors leave trailing spaces, CRs or NULs: `#5 CACHED \r` is still CACHED.
      // Cut before the prefix is looked for, so that two trailing tabs are not a `gh run view` prefix.
      this.line(stripLinePrefix(trimControl(text)))
    })
  }

  write(chunk: Buffer): void {
    this.lines.write(chunk)
  }

  push(chunk: string): void {
    this.lines.write(this.encoder.encode(chunk))
  }

  /** A decoded line of a job log (its prefix cut) with the time it was written: vertexes and builds get real times. */
  timedLine(text: string, at: number | undefined, lineNo: number): void {
    this.lineNo = lineNo
    this.now = at
    this.line(stripLinePrefix(trimControl(text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text)))
    this.now = undefined
  }

  /** A job log's line on its bytes (see TimedParser.timedBytes): the lines fastLine reads, with their time. */
  timedBytes(buf: Buffer, start: number, end: number, at: number, lineNo: number): boolean {
    this.now = at
    const read = this.fastLine(buf, start, end)
    this.now = undefined
    // a line not read here is not counted: the text path reads it, or another step's parser
    if (read) this.lineNo = lineNo
    return read
  }

  take(): RawBuild[] {
    return this.collector.take()
  }

  end(): RawBuild[] {
    this.lines.write(this.encoder.end())
    this.lines.end()
    const long = this.long
    if (long) {
      this.problems.push(problem('line-too-long', tooLong(long.count, 'line', MAX_LINE, true), { file: this.file, line: long.first }))
    }
    const builds = this.collector.builds
    // With no build read, `no-builds` says it all.
    const n = this.unreadable
    if (this.collector.count > 0 && (n >= UNREADABLE_MIN || (n >= 2 && n * 100 > this.lineNo * UNREADABLE_SHARE))) {
      this.problems.push(
        problem('lines-unreadable', `${n} of ${this.lineNo} lines could not be read as BuildKit progress (damaged or cut log?); the counts may be short`, {
          file: this.file,
          line: this.firstUnreadable
        })
      )
    }
    return builds
  }

  private line(line: string): void {
    if (line.charCodeAt(0) !== 35 /* # */) {
      // A NUL, or a replacement character where a line starts, is a damaged line, maybe one of BuildKit's.
      if (line.includes('\0') || line.charCodeAt(0) === 0xfffd) this.unread()
      this.clientLine(line)
      return
    }
    const sp = line.indexOf(' ')
    const key = sp < 0 ? line : line.slice(0, sp)
    if (!isVertexNumber(key)) {
      // `#5x`, `#5` alone, `#\0...`; a comment (`# build`, `#!/bin/sh`, `##[group]`) is not BuildKit's.
      if (isDigit(line.charCodeAt(1)) || isDamaged(line.charCodeAt(1))) this.unread()
      return
    }
    if (sp < 0) {
      this.unread()
      return
    }
    const rest = line.slice(sp + 1)
    // Output lines (`#5 0.088 text`) are the bulk of a log; their figure is the vertex's time so
    // far, the only time a failed or canceled step carries (its ERROR / CANCELED line has none).
    if (isDigit(rest.charCodeAt(0)) && isOutputLine(rest)) {
      this.outputLine(key, rest)
      this.stamp(key)
      return
    }
    if (key === '#0') {
      if (rest.startsWith('building with ')) {
        this.collector.newBuild()
        this.buildStart = this.now
      }
      this.sawTrailer = false
      this.digests = new Map()
      return
    }
    if (rest.includes('\0') || rest.includes('\ufffd')) this.unread()
    this.vertexLine(key, rest)
    this.stamp(key)
  }

  /**
   * Job logs: a vertex began its DONE figure before its DONE line, and BuildKit holds lines back a
   * little (its header can be printed after the vertex began): the earlier of the two is its start,
   * and its build's, so that a stage's wall span is never shorter than its longest step.
   */
  private doneAt(v: Vertex, secs: number): void {
    const at = this.now
    const b = this.collector.active
    if (at === undefined || !b) return
    const start = at - secs * 1000
    v.at = v.at ? [Math.min(v.at[0], start), Math.max(v.at[1], at)] : [start, at]
    if (b.span) b.span = [Math.min(b.span[0], start), b.span[1]]
  }

  /** Job logs: the line's time goes to its vertex (first and last line) and to its build (first and last line of BuildKit's). */
  private stamp(key: string | undefined): void {
    const at = this.now
    if (at === undefined) return
    if (key !== undefined) {
      const v = this.collector.peek(key)
      if (v) v.at = v.at ? [Math.min(v.at[0], at), Math.max(v.at[1], at)] : [at, at]
    }
    const b = this.collector.active
    if (!b) return
    const start = Math.min(this.buildStart ?? at, at)
    this.buildStart = undefined
    b.span = b.span ? [Math.min(b.span[0], start), Math.max(b.span[1], at)] : [start, at]
  }

  private outputLine(key: string, rest: string): void {
    const known = this.collector.peek(key)
    if (known) this.elapsed(known, Number.parseFloat(rest))
  }

  private elapsed(known: Vertex, secs: number): void {
    // max, not last: a parallel step's output can be held back and printed later as a block
    if (plausible(secs) && (known.elapsed === undefined || secs > known.elapsed)) known.elapsed = secs
  }

  /**
   * The lines that are most of a log, read on their bytes with no string made, exactly as the
   * text path reads them: an output line (`#12 0.088 text`: its figure), `#12 CACHED`,
   * `#12 DONE 1.2s` (NULs before them and blanks after them allowed), and an empty line. False
   * for any other line, and for the rare one better read as text (`#012`, a long figure, a
   * status of a vertex never named, `#0`).
   */
  private fastLine(buf: Buffer, start: number, end: number): boolean {
    if (start === end) return true
    let i = start
    while (i < end && buf[i] === 0) i++
    if (buf[i] !== 35 /* # */) return false
    const d0 = ++i
    let n = 0
    for (let c = buf[i] ?? 0; i < end && c >= 48 && c <= 57; c = buf[++i] ?? 0) n = n * 10 + c - 48
    const digits = i - d0
    if (digits === 0 || digits > 9 || (digits > 1 && buf[d0] === 48) || buf[i] !== 32) return false
    const c = buf[++i] ?? 0
    if (isDigit(c)) {
      const figure = readFigure(buf, i, end)
      // what follows the figure: a space, or only the blanks and controls trimControl cuts
      if (figure.end < end && buf[figure.end] !== 32 && !blankTo(buf, figure.end, end)) return false
      const key = vertexKey(n)
      const known = this.collector.peek(key)
      if (known) this.elapsed(known, figure.value ?? Number.parseFloat(buf.toString('latin1', i, figure.end)))
      if (this.now !== undefined) this.stamp(key)
      return true
    }
    if (n === 0) return false
    if (c === 67 /* C */ && startsWith(buf, i, end, CACHED) && blankTo(buf, i + CACHED.length, end)) {
      const key = vertexKey(n)
      const known = this.collector.peek(key)
      if (!known) return false
      known.cached = true
      if (this.now !== undefined) this.stamp(key)
      return true
    }
    if (c === 68 /* D */ && startsWith(buf, i, end, DONE_) && isDigit(buf[i + DONE_.length] ?? 0)) {
      const figure = readFigure(buf, i + DONE_.length, end)
      // `DONE 1.2s` as DONE_TIME reads it: one dot at most, a digit after it, an `s`, then blanks
      if (figure.dots > 1 || figure.value === undefined || buf[figure.end - 1] === 46 || buf[figure.end] !== 115 /* s */) return false
      if (!blankTo(buf, figure.end + 1, end)) return false
      const key = vertexKey(n)
      const known = this.collector.peek(key)
      if (!known) return false
      known.done = true
      const secs = figure.value
      if (plausible(secs) && (known.seconds === undefined || secs > known.seconds)) known.seconds = secs
      if (this.now !== undefined) {
        if (plausible(secs)) this.doneAt(known, secs)
        this.stamp(key)
      }
      return true
    }
    return false
  }

  private unread(): void {
    if (this.unreadable++ === 0) this.firstUnreadable = this.lineNo
  }

  private vertexLine(key: string, rest: string): void {
    const collector = this.collector
    const known = collector.peek(key)
    if (!known) {
      // A status of a vertex whose header is not in the log (cut before it) names nothing.
      if (isStatusWord(rest)) this.unread()
      // cut from this line's own string (each line is decoded by itself): no copy needed
      else collector.vertex(key, rest, true)
      return
    }
    if (rest === 'CACHED') {
      known.cached = true
    } else if (rest === 'DONE' || rest.startsWith('DONE ')) {
      known.done = true
      const figure = rest.slice(5)
      if (rest !== 'DONE' && !DONE_TIME.test(figure)) this.unread()
      // a signed figure (`-0.4s`) or an exponent (`1e308s`) is damage, not a time
      const secs = DONE_TIME.test(figure) ? Number.parseFloat(figure) : Number.NaN
      if (plausible(secs) && (known.seconds === undefined || secs > known.seconds)) known.seconds = secs
      if (plausible(secs)) this.doneAt(known, secs)
    } else if (rest === 'CANCELED') {
      known.canceled = true
    } else if (rest.startsWith('ERROR')) {
      known.error = rest.replace(/^ERROR:? ?/, '') || 'error'
    } else if (rest.length === 71 && OLD_ENGINE_DIGEST.test(rest)) {
      const seen = this.digests.get(key)
      if (seen !== undefined && seen !== rest) {
        // Same number, other digest: the next build of a log with several (old engine: no `#0`).
        this.startNextBuild(key, known.name, rest)
        return
      }
      this.digests.set(key, rest)
    } else if (rest === known.name) {
      // A header printed again when interleaved steps switch back is the same vertex; `#1`'s
      // definition again after the build did its work is the next build (the old engine has no `#0`).
      if (key === '#1' && (this.sawTrailer || (isBuildDefinition(rest) && collector.hasWork()))) this.startNextBuild(key, rest)
    } else if (isLayerProgress(rest)) {
      known.pulled = true
    } else if (key === '#1' && looksLikeHeader(rest)) {
      // `#1` names another vertex: numbers restarted, a new build in the same log.
      this.startNextBuild(key, rest)
    } else if (isStatusWord(rest)) {
      // `CACHEDX`, `CANCELED?`: a status word run into something else
      this.unread()
    } else if (rest.startsWith('naming to ') || rest.startsWith('unpacking to ')) {
      collector.named(known, rest)
    } else if (rest.startsWith('pushing ')) {
      // printed twice, when it starts and when it is done: the time is on the second
      const m = PUSH_DONE.exec(rest)
      if (m) collector.pushed(known, undefined, m[1] === undefined ? 0 : Number.parseFloat(m[1]))
    }
    // anything else is a status line of a known vertex (`transferring context: 2kB done`)
  }

  private startNextBuild(key: string, name: string, digest?: string): void {
    this.collector.newBuild()
    this.digests = new Map()
    if (digest !== undefined) this.digests.set(key, digest)
    this.sawTrailer = false
    this.collector.vertex(key, name)
  }

  private clientLine(line: string): void {
    if (line.startsWith('ERROR: ') || line.startsWith('ERROR ')) {
      const collector = this.collector
      // An error after a build that went well is another build's, refused before its first vertex.
      if (collector.finishedWell()) collector.newBuild()
      if (collector.count > 0) {
        collector.error(line.slice(6).trim())
        this.stamp(undefined)
      }
      this.sawTrailer = true
    } else if (line.startsWith('WARNING: ') || / warnings? found \(use /.test(line)) {
      if (this.collector.active) this.collector.warning(line)
    }
  }
}

const CACHED = Buffer.from('CACHED')
const DONE_ = Buffer.from('DONE ')

/** Nothing but what trimControl cuts (blanks, CRs, NULs) from i to the line's end. */
function blankTo(buf: Buffer, i: number, end: number): boolean {
  for (; i < end; i++) if ((buf[i] ?? 0) > 32) return false
  return true
}

/**
 * Digits and dots from i, as isOutputLine reads a figure: where they end, how many dots, and
 * the value parseFloat gives them (digits[.digits]) where it is exact: m / 10^k is the correctly
 * rounded value of the decimal, as parseFloat's, while both are exact doubles.
 */
function readFigure(buf: Buffer, i: number, end: number): { end: number; dots: number; value: number | undefined } {
  let m = 0
  let scale = 1
  let dots = 0
  for (; i < end; i++) {
    const c = buf[i] ?? 0
    if (c >= 48 && c <= 57) {
      if (dots > 1) continue
      m = m * 10 + c - 48
      if (dots === 1) scale *= 10
    } else if (c === 46) {
      dots++
    } else {
      break
    }
  }
  return { end: i, dots, value: m <= Number.MAX_SAFE_INTEGER && scale <= 1e22 ? m / scale : undefined }
}

/** `#12`, made once per number: an output line's key is looked up without a new string. */
const KEYS: string[] = []
function vertexKey(n: number): string {
  if (n >= 4096) return `#${n}`
  return (KEYS[n] ??= `#${n}`)
}

/** A step's seconds: finite, and shorter than any job can run (35 days), so that sums stay finite. */
function plausible(secs: number): boolean {
  return Number.isFinite(secs) && secs >= 0 && secs <= 35 * 24 * 3600
}

/** `DONE 1.2s`'s figure as BuildKit prints it. */
const DONE_TIME = /^\d+(?:\.\d+)?s$/

const STATUS_WORD = /^(?:CACHED|DONE|CANCELED)/

function isStatusWord(rest: string): boolean {
  const c = rest.charCodeAt(0)
  // C, D, E: a status line's first letter is looked at before a match is made of it
  if (c < 67 || c > 69) return false
  return STATUS_WORD.test(rest) || rest.startsWith('ERROR')
}

/** Trailing whitespace and control characters (CR, NUL) cut off; they are never part of a status. */
function trimControl(s: string): string {
  let end = s.length
  while (end > 0 && s.charCodeAt(end - 1) <= 32) end--
  return end === s.length ? s : s.slice(0, end)
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/** A control character or U+FFFD (undecodable bytes) where a vertex number should be. */
function isDamaged(c: number): boolean {
  return (c < 32 && c !== 9) || c === 0xfffd
}

function isVertexNumber(key: string): boolean {
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return key.length > 1
}

/** `12.06 text`, `0.088 text`, `9.659` (a blank output line): seconds since the vertex started. */
function isOutputLine(rest: string): boolean {
  let i = 0
  while (i < rest.length) {
    const c = rest.charCodeAt(i)
    if ((c >= 48 && c <= 57) || c === 46) i++
    else break
  }
  return i === rest.length || rest.charCodeAt(i) === 32
}

// `resolve image config for docker-image://...` is a vertex; `resolve docker.io/...@sha256:... done` is a
// status line of a FROM, which buildx 0.29 on the containerd store can print as `#1` (a cached FROM first).
function looksLikeHeader(rest: string): boolean {
  return rest.startsWith('[') || rest.startsWith('FROM ') || rest.startsWith('load ') || rest.startsWith('resolve image config ')
}
