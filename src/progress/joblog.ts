import { ByteLines, countLong, isWideSpace, lineText, startsWith, Utf8Encoder } from './bytes.js'
import { MAX_LINE, tooLong, type LongLines } from './lines.js'
import type { RawBuild } from './vertex.js'
import { problem, type Problem } from '../problems.js'
import { utcStamp } from '../json.js'

// A GitHub Actions job log: every line carries the time the runner read it. Raw logs (the REST
// API's `actions/jobs/{id}/logs`, the web UI's download) begin each line with an RFC 3339
// timestamp (`2025-01-06T09:50:04.2335218Z #1 [internal] ...`); `gh run view --log` puts the job
// and the step before it (`build<TAB>Build and push<TAB>2025-...Z ...`). The runner adds its own
// commands (`##[group]Run ...`, `##[endgroup]`, `##[error]...`), masks secrets as `***`, and writes
// a blank line of a program as a timestamp alone. Each workflow step's BuildKit text is read by
// the plain or rawjson parser, line by line with its time, so that plain progress gets real times.

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d))(?: |$)/
const GH_PREFIX = /^[^\t]+\t[^\t]*\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g
const COMMAND = /^##\[([a-z]+)\]/
/** A line the runner opens a `run:` or `uses:` step with (composite actions' steps too). */
const STEP_START = 'Run '
const POST = 'Post job cleanup.'

/** The time (ms since the epoch) of a job-log line's RFC 3339 prefix, and where its text starts. */
export function lineStamp(line: string): { at: number; rest: number } | undefined {
  const fast = runnerStamp(line)
  if (fast !== undefined) return fast
  const m = STAMP.exec(line)
  if (!m?.[1]) return undefined
  const at = Date.parse(m[1])
  return Number.isNaN(at) ? undefined : { at, rest: m[0].length }
}

/** The runner's own form (`2025-01-06T09:50:04.2335218Z `), read on its characters; any other is left to the regex and Date.parse (undefined). */
function runnerStamp(line: string): { at: number; rest: number } | undefined {
  const utc = utcStamp(line)
  if (utc === undefined) return undefined
  const after = utc.z + 1
  // a space, or the line's end, after the Z
  if (after === line.length) return { at: utc.at, rest: after }
  return line.charCodeAt(after) === 32 ? { at: utc.at, rest: after + 1 } : undefined
}

/**
 * The runner's own timestamp (`2025-01-06T09:50:04.2335218Z `) read on a line's bytes, as
 * runnerStamp reads it: a line's second is compared with the last one's, and a new second is
 * read by utcStamp, so that each is parsed once.
 */
export class StampBytes {
  /** `YYYY-MM-DDTHH:MM:SS` of the last second read (kept even when what follows it is no runner stamp), and its time (ms since the epoch). */
  private readonly second = Buffer.alloc(19)
  private secondAt = Number.NaN
  /** The last line's time and where its text starts, when read returned true. */
  at = 0
  rest = 0

  read(buf: Buffer, start: number, end: number): boolean {
    const second = this.second
    let same = end - start >= 22 && !Number.isNaN(this.secondAt)
    for (let k = 0; same && k < 19; k++) same = buf[start + k] === second[k]
    if (!same) {
      if (end - start < 22) return false
      const utc = utcStamp(`${buf.toString('latin1', start, start + 19)}.0Z`)
      if (utc === undefined) return false
      buf.copy(second, 0, start, start + 19)
      this.secondAt = utc.at
    }
    // `.` and 1 to 9 digits of fraction, Z, then a space or the line's end
    let i = start + 19
    if (buf[i++] !== 46) return false
    const digitsFrom = i
    let ms = 0
    for (; i < end && i < digitsFrom + 9; i++) {
      const c = (buf[i] ?? 0) - 48
      if (c < 0 || c > 9) break
      if (i < digitsFrom + 3) ms = ms * 10 + c
    }
    if (i === digitsFrom || i >= end || buf[i] !== 90 /* Z */) return false
    for (let k = i - digitsFrom; k < 3; k++) ms *= 10
    i++
    if (i < end && buf[i++] !== 32) return false
    this.at = this.secondAt + ms
    this.rest = i
    return true
  }
}

/** What String.prototype.trimStart removes that is ASCII: space, tab, LF, VT, FF, CR. */
function isAsciiBlank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13)
}

/**
 * The character whose UTF-8 starts at i is one String.prototype.trimStart removes past ASCII
 * (isWideSpace). A damaged sequence decodes to U+FFFD, no blank; so do the leads of ranges that
 * hold none (E0, ED, four-byte ones), which are not decoded here.
 */
export function isWideBlank(buf: Buffer, i: number, end: number): boolean {
  const a = buf[i] ?? 0
  const b = continuation(buf, i + 1, end)
  if (a >= 0xc2 && a <= 0xdf) return b >= 0 && isWideSpace(((a & 0x1f) << 6) | b)
  if (a < 0xe1 || a > 0xef || a === 0xed) return false
  const c = continuation(buf, i + 2, end)
  return b >= 0 && c >= 0 && isWideSpace(((a & 0x0f) << 12) | (b << 6) | c)
}

/** The low six bits of a UTF-8 continuation byte at i within the line, or -1. */
function continuation(buf: Buffer, i: number, end: number): number {
  const x = i < end ? (buf[i] ?? 0) : 0
  return (x & 0xc0) === 0x80 ? x & 0x3f : -1
}

/** A line of a job log as the runner or `gh run view --log` writes it (a BOM or NULs before it allowed). */
export function isJobLogLine(raw: string): boolean {
  const line = skipLead(raw)
  return GH_PREFIX.test(line) || lineStamp(line) !== undefined
}

function skipLead(s: string): string {
  let i = 0
  while (i < s.length && (s.charCodeAt(i) === 0xfeff || s.charCodeAt(i) === 0)) i++
  return i === 0 ? s : s.slice(i)
}

/** A parser fed one decoded line at a time, with the time the line was written. */
export interface TimedParser {
  timedLine(text: string, at: number | undefined, lineNo: number): void
  /**
   * The line's bytes [start, end), its runner timestamp cut, read exactly as timedLine would read
   * their text; false, with nothing read, for a line that must be decoded. Only lines whose reading
   * the job log's own handling would not change may be taken: none that is a runner command
   * (`##[...]`) or opens a step, and none whose ANSI codes, once removed, would read otherwise.
   */
  timedBytes?(buf: Buffer, start: number, end: number, at: number, lineNo: number): boolean
  /** The builds no later line can change, handed out once. */
  take(): RawBuild[]
  end(): RawBuild[]
  readonly problems: Problem[]
}

/** A format the BuildKit text inside a job log can take. */
export interface InnerFormat {
  name: string
  /** The line (its prefix stripped) is this format's: the step's text is read as it from here on. */
  recognises(line: string, previous: string): boolean
  /**
   * The characters (ASCII only) a line this format recognises starts with (after blanks), and so
   * does any line whose being the one before changes whether the next is recognised: a line that
   * starts with none of any format's, or with a character that is not ASCII, is passed over
   * without being decoded.
   */
  readonly starts: string
  parser(file: string): TimedParser
}

interface Segment {
  job: string | undefined
  step: string | undefined
  parser: TimedParser | undefined
  /** The line before, for a format recognised on two lines (buildx 0.13's indented rawjson). */
  previous: { text: string; at: number | undefined } | undefined
  /** `gh run view --log`: the columns (`job<TAB>step<TAB>`) of the step's lines, as bytes. */
  columns?: Buffer
}

/**
 * Reads a job log a line at a time. Builds never span steps: each step's text goes to a parser of
 * its own, chosen by the first line of BuildKit's in it, and every build read is told its step
 * (and, from `gh run view --log`, its job).
 */
export class JobLogParser {
  private readonly lines: ByteLines
  private readonly encoder = new Utf8Encoder()
  readonly problems: Problem[] = []
  private readonly builds: RawBuild[] = []
  private segment: Segment = { job: undefined, step: undefined, parser: undefined, previous: undefined }
  /** Decided on the first line: `gh run view --log`'s columns, or the raw log's timestamps. */
  private gh: boolean | undefined
  private lastAt: number | undefined
  private lineNo = 0
  private long: LongLines | undefined
  private readonly stamps = new StampBytes()
  /** By ASCII code: a line of a step not yet recognised that starts with it must be decoded (see InnerFormat.starts). */
  private readonly decoded: boolean[] = []
  /** Lines made strings, whole or after their timestamp: the rest were read, or passed over, on their bytes. */
  decodedLines = 0
  constructor(
    private readonly file: string,
    private readonly inner: readonly InnerFormat[],
    /** False: every line decoded and read as text, as before lines were read on bytes (the tests' reference). */
    private readonly bytes = true
  ) {
    // a format's lines; ESC, which may hide one; `#`, which opens a step (`##[group]Run`)
    for (const c of `${inner.map((f) => f.starts).join('')}\x1b#`) this.decoded[c.charCodeAt(0)] = true
    this.lines = new ByteLines((buf, start, end, dropped) => {
      this.lineNo++
      if (this.bytes && dropped === 0 && end - start <= MAX_LINE && this.stampedLine(buf, start, end)) return
      this.decodedLines++
      const { text, cut } = lineText(buf, start, end, dropped)
      if (cut) this.long = countLong(this.long, this.lineNo)
      this.line(text)
    })
  }

  write(chunk: Buffer): void {
    this.lines.write(chunk)
  }

  push(chunk: string): void {
    this.lines.write(this.encoder.encode(chunk))
  }

  /**
   * The builds no later line can change, handed out once: those of the steps read to their end, then
   * the finished ones of the step being read (each is told its step and job as it is handed out).
   */
  take(): RawBuild[] {
    const done = this.builds.splice(0)
    const parser = this.segment.parser
    if (parser !== undefined) for (const b of parser.take()) done.push(this.told(b))
    return done
  }

  end(): RawBuild[] {
    this.lines.write(this.encoder.end())
    this.lines.end()
    this.close()
    if (this.long) this.problems.push(problem('line-too-long', tooLong(this.long.count, 'line', MAX_LINE, true), { file: this.file, line: this.long.first }))
    return this.builds
  }

  /**
   * A job log's line in the runner's form (after `gh run view --log`'s columns, when they name the
   * step being read), its timestamp read on its bytes: most lines of a
   * step's plain progress (output, CACHED, DONE, blank) are read there too, with no string made;
   * any other is decoded after its timestamp. False for a line left to `line`: those up to the
   * first line with text, `gh run view --log`'s whose columns are not the step's being read (one
   * that opens a step, a BOM or NUL before them, names not in UTF-8), and any not in the runner's
   * own form (no timestamp, a BOM or NUL before it, 10 digits of fraction or more, no space after
   * the Z).
   */
  private stampedLine(buf: Buffer, start: number, end: number): boolean {
    const stamps = this.stamps
    let from = start
    if (this.gh === true) {
      // `gh run view --log`: a line of the step being read, its columns matched on the bytes
      const columns = this.segment.columns
      if (columns === undefined || !startsWith(buf, start, end, columns)) return false
      from += columns.length
    } else if (this.gh !== false) {
      return false
    }
    if (!stamps.read(buf, from, end)) return false
    const at = stamps.at
    this.lastAt = at
    const seg = this.segment
    if (seg.parser === undefined) {
      // another program's output, in a step with no BuildKit text yet: it could not be recognised,
      // and as the line before it makes no difference to whether the next one is
      if (this.passedOver(buf, stamps.rest, end)) {
        seg.previous = { text: '', at }
        return true
      }
    } else if (seg.parser.timedBytes?.(buf, stamps.rest, end, at, this.lineNo) === true) {
      return true
    }
    this.decodedLines++
    this.stamped(buf.toString('utf8', stamps.rest, end), at)
    return true
  }

  /**
   * The line is blank, or starts (after blanks) with a character no format's line starts with (see
   * InnerFormat.starts), and is not `Post job cleanup.`, which opens a step.
   */
  private passedOver(buf: Buffer, start: number, end: number): boolean {
    let i = start
    while (i < end && isAsciiBlank(buf[i] ?? 0)) i++
    if (i === end) return true
    const c = buf[i] ?? 0
    if (c === 80 /* P */ && i === start) return false
    if (c < 0x80) return this.decoded[c] !== true
    // not ASCII (`✓ passed`): passed over unless it is a blank that trimStart removes (U+00A0, U+3000, ...)
    return !isWideBlank(buf, i, end)
  }

  private line(raw: string): void {
    let s = skipLead(raw)
    // decided on the first line with text: every line of gh's output has its columns
    if (this.gh === undefined && s !== '') this.gh = GH_PREFIX.test(s)
    if (this.gh) {
      // `gh run view --log`: each step is told by its columns
      const tab = s.indexOf('\t')
      const tab2 = tab < 0 ? -1 : s.indexOf('\t', tab + 1)
      if (tab2 >= 0) {
        const job = s.slice(0, tab)
        const step = s.slice(tab + 1, tab2)
        if (job !== this.segment.job || step !== this.segment.step) this.open(job, step)
        s = s.slice(tab2 + 1)
      }
    }
    // a line without a time goes on the one before it (a value over several lines, continued)
    const stamp = lineStamp(s)
    if (stamp) {
      this.lastAt = stamp.at
      s = s.slice(stamp.rest)
    }
    this.stamped(s, stamp?.at ?? this.lastAt)
  }

  /** A line's text after its timestamp, and when it was written. */
  private stamped(text: string, at: number | undefined): void {
    let s = text
    if (s.includes('\x1b')) s = s.replace(ANSI, '')
    const command = COMMAND.exec(s)
    // `gh run view --log`'s steps are opened by its columns; a raw log's by the runner's lines
    if (this.gh !== true) {
      if (command?.[1] === 'group' && s.startsWith(STEP_START, command[0].length)) this.open(undefined, s.slice(command[0].length).trim())
      else if (s === POST) this.open(undefined, POST.slice(0, -1))
    }
    if (command) s = s.slice(command[0].length)
    this.feed(s, at)
  }

  private feed(text: string, at: number | undefined): void {
    const seg = this.segment
    if (seg.parser === undefined) {
      const trimmed = text.trimStart()
      const previous = seg.previous
      const format = this.inner.find((f) => f.recognises(trimmed, previous?.text ?? ''))
      seg.previous = { text: trimmed, at }
      if (format === undefined) return
      seg.parser = format.parser(this.file)
      // the line before, when it opened the text (rawjson's `{` alone on its line)
      if (previous !== undefined && !format.recognises(trimmed, '')) seg.parser.timedLine(previous.text, previous.at, this.lineNo - 1)
    }
    seg.parser.timedLine(text, at, this.lineNo)
  }

  private open(job: string | undefined, step: string | undefined): void {
    this.close()
    this.segment = { job, step, parser: undefined, previous: undefined }
    if (this.gh === true && job !== undefined) this.segment.columns = Buffer.from(`${job}\t${step ?? ''}\t`)
  }

  /** A build of the step being read, told that step and its job. */
  private told(b: RawBuild): RawBuild {
    const { step, job } = this.segment
    if (step !== undefined && step !== '') b.step = step
    if (job !== undefined && job !== '') b.job = job
    return b
  }

  private close(): void {
    const parser = this.segment.parser
    if (parser === undefined) return
    for (const b of parser.end()) this.builds.push(this.told(b))
    for (const p of parser.problems) this.problems.push(p)
    this.segment.parser = undefined
  }
}
