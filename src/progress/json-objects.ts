import { countLong, isWideSpace, lineText, PendingBytes, startsWith } from './bytes.js'
import type { LongLines } from './lines.js'

/**
 * The largest SolveStatus object kept (bytes): real ones carrying `logs` reach a few MB, so this
 * only stops a runaway or hostile object from taking the memory with it.
 */
export const MAX_OBJECT = 64 << 20

/** No byte other than blanks since the line began or the last object closed. */
const NONE = -1
/** A byte of a multi-byte character: whether it is a blank (U+00A0, U+FEFF, ...) is told by decoding. */
const WIDE = -2
const CLOSE = 125 // }
/** Not in a key string. */
const NOT_KEY = -2
const LOGS = Buffer.from('logs')
const EMPTY = Buffer.alloc(0)
/** The line that closes an indented object: `}` alone. */
const INDENTED_CLOSE = Buffer.from('\n}')
/** A line of step output, as buildx writes one: `{"logs":[{...},{...}]}`. */
const LOGS_LINE = Buffer.from('{"logs":[')
/** Lines that did not parse as one object before the whole-line path is left to the byte scan for good. */
const LINE_MISSES = 2

/**
 * Splits a stream of bytes into top-level JSON objects by structure, not by lines: buildx 0.13
 * indents them over many lines, newer buildx prints one per line, and `docker buildx history
 * logs --progress rawjson` concatenates them with nothing between. Text outside objects (the
 * plain error block printed after the last object of a failed build) is handed over line by line.
 *
 * Each chunk is scanned once, where the last one left off; an object is copied piece by piece
 * and joined once, when it closes, and decoded only if it is to be parsed: with `skipLogs`,
 * an object whose only top-level key is `logs` (step output, the bulk of a log, which nothing
 * counted reads) is passed over without being decoded. Time is linear in the bytes, memory
 * bounded by `MAX_OBJECT` and the longest line kept.
 */
export class JsonObjectSplitter {
  /** Offset in the whole stream of the next chunk's first byte, for problem positions. */
  private offset = 0
  // outside an object
  private readonly line = new PendingBytes()
  private lineStart = 0
  /** The last non-blank byte of the line since it began or the last object closed, NONE or WIDE. */
  private last = NONE
  /** A `{` in this line did not open an object (a Dockerfile excerpt's `${VAR}`): the rest of the line is text. */
  private textLine = false
  // inside an object
  private inObject = false
  private object: Buffer[] = []
  private objectLength = 0
  private objectStart = 0
  private depth = 0
  /** `[` open directly in the top-level object: a string there is no key. */
  private arrays = 0
  private inString = false
  /** A backslash in a string ended the last chunk: the next byte is escaped. */
  private escape = false
  /** The next string directly in the top-level object is a key. */
  private keyNext = false
  /** A key string is being read: how many of its bytes matched `logs`, or -1 once one did not. */
  private key = -2
  /** Every top-level key so far was `logs`. */
  private onlyLogs = true
  /** Next `"` and `\` from where the string scan stands, found natively and kept until passed. */
  private quote = -1
  private slash = -1
  /** Text lines cut to `MAX_LINE` (`first` is the stream offset of the first). */
  long: LongLines | undefined
  /** Objects over `MAX_OBJECT`, skipped (`first` is the stream offset of the first). */
  large: LongLines | undefined

  /** Whole lines that began with `{` and did not parse as one object (`}{`, buildx 0.13's indented objects). */
  private lineMisses = 0
  /** Indented objects that did not parse as one up to their first `}` alone on a line. */
  private indentedMisses = 0
  /** Where in this chunk a search found no `}` alone on a line after it (-1: none failed). */
  private noCloseFrom = -1

  constructor(
    private readonly onObject: (json: string, offset: number) => void,
    private readonly onText: (line: string) => void,
    private readonly skipLogs = false,
    /**
     * Given, a line that is one whole object (buildx 0.14 and later print one a line) is parsed
     * as it stands, not scanned byte by byte, and handed on parsed.
     */
    private readonly onParsed?: (value: object, offset: number) => void
  ) {}

  write(chunk: Buffer): void {
    let i = 0
    this.quote = -1
    this.slash = -1
    this.noCloseFrom = -1
    while (i < chunk.length) i = this.inObject ? this.scanObject(chunk, i) : this.scanText(chunk, i)
    this.offset += chunk.length
  }

  end(): void {
    if (this.inObject) {
      // A truncated object: hand it on, whatever it holds, so that the parser reports it.
      this.onlyLogs = false
      this.closeObject(EMPTY, 0, 0)
    } else {
      this.endLine()
    }
  }

  /**
   * A line that is one object, whole in this chunk, from its first byte: parsed as it stands. What
   * parses as one object is what the byte scan would have split; what does not is left to the scan,
   * which splits `}{` and says what is damaged. Returns where to go on, or -1 for the scan.
   */
  private wholeLine(chunk: Buffer, i: number): number {
    if (this.lineMisses >= LINE_MISSES) return -1
    const nl = chunk.indexOf(10, i)
    if (nl < 0) return -1
    let end = nl
    if (chunk[end - 1] === 13) end--
    if (chunk[end - 1] !== CLOSE || end - i > MAX_OBJECT) return -1
    // step output: the scan passes over it without decoding, and finds a damaged one (a parse would not be tried)
    if (this.skipLogs && startsWith(chunk, i, end, LOGS_LINE)) return -1
    if (!this.handOnWhole(chunk, i, end)) {
      // `{...}{...}` (history logs) or damage: the scan splits it, or says what is wrong
      if (++this.lineMisses >= LINE_MISSES) this.lineMisses = Number.POSITIVE_INFINITY
      return -1
    }
    this.lineStart = this.offset + nl + 1
    return nl + 1
  }

  /** chunk[i, end) parsed and handed on when it is one JSON object (it starts with `{`: it is one or none). */
  private handOnWhole(chunk: Buffer, i: number, end: number): boolean {
    let value: unknown
    try {
      value = JSON.parse(chunk.toString('utf8', i, end))
    } catch {
      return false
    }
    this.onParsed?.(value as object, this.offset + i)
    return true
  }

  /**
   * An indented object (buildx 0.13): `{` alone on its line, up to the first line that is `}` alone,
   * whole in this chunk. What parses as one object there is what the byte scan would have split (a
   * JSON string holds no raw newline, so that `}` closes the object or the text is no one object);
   * what does not is left to the scan. Returns where to go on, or -1 for the scan.
   */
  private wholeIndented(chunk: Buffer, i: number): number {
    if (this.indentedMisses >= LINE_MISSES || (this.noCloseFrom >= 0 && i >= this.noCloseFrom)) return -1
    let close = chunk.indexOf(INDENTED_CLOSE, i)
    // `}` alone: then a newline, a CRLF, or the end of what was written so far is not known yet
    while (close >= 0 && !(chunk[close + 2] === 10 || (chunk[close + 2] === 13 && chunk[close + 3] === 10))) close = chunk.indexOf(INDENTED_CLOSE, close + 2)
    if (close < 0) {
      // none from here to the chunk's end: not looked for again in this chunk, or each `{` would search to it
      this.noCloseFrom = i
      return -1
    }
    if (close + 2 - i > MAX_OBJECT) return -1
    const end = close + 2
    if (!this.handOnWhole(chunk, i, end)) {
      if (++this.indentedMisses >= LINE_MISSES) this.indentedMisses = Number.POSITIVE_INFINITY
      return -1
    }
    const nl = chunk.indexOf(10, end)
    this.lineStart = this.offset + nl + 1
    return nl + 1
  }

  /** Text from i: up to a newline, or up to a `{` that opens an object; returns where to go on. */
  private scanText(chunk: Buffer, i: number): number {
    const n = chunk.length
    if (chunk[i] === 123 && this.onParsed && this.last === NONE && !this.textLine && this.line.empty) {
      const alone = chunk[i + 1] === 10 || (chunk[i + 1] === 13 && chunk[i + 2] === 10)
      const next = alone ? this.wholeIndented(chunk, i) : this.wholeLine(chunk, i)
      if (next >= 0) return next
    }
    let j = i
    let last = this.last
    if (this.textLine) {
      j = chunk.indexOf(10, i)
      if (j < 0) j = n
    } else {
      for (; j < n; j++) {
        const c = chunk[j] ?? 0
        if (c === 10 || c === 123) break
        if (c >= 0x80) last = WIDE
        else if (!(c === 32 || c === 0 || (c >= 9 && c <= 13))) last = c
      }
      this.last = last
    }
    if (j === n) {
      this.line.add(chunk, i, j)
      return j
    }
    if (chunk[j] === 10) {
      this.line.add(chunk, i, j)
      this.endLine()
      this.lineStart = this.offset + j + 1
      return j + 1
    }
    // Only whole lines of text are text: `{` opens an object where the line holds nothing but
    // blanks before it (or the end of the previous object, `}{`), and nowhere else in a text line.
    this.line.add(chunk, i, j)
    if (last === WIDE) last = lastMark(this.line.peek())
    if (last !== NONE && last !== CLOSE) {
      this.textLine = true
      this.line.add(chunk, j, j + 1)
      return j + 1
    }
    this.line.clear()
    this.inObject = true
    this.object = []
    this.objectLength = 0
    this.objectStart = this.offset + j
    this.depth = 0
    this.arrays = 0
    this.inString = false
    this.escape = false
    this.keyNext = false
    this.key = NOT_KEY
    this.onlyLogs = true
    return this.scanObject(chunk, j)
  }

  /** An open object from i: to the `}` that closes it, or to the chunk's end; returns where to go on. */
  private scanObject(chunk: Buffer, i: number): number {
    const from = i
    const n = chunk.length
    if (this.escape) {
      this.escape = false
      i++
    }
    let end = -1
    while (i < n) {
      if (this.inString) {
        if (this.quote < i) this.quote = indexOrEnd(chunk, 34, i)
        if (this.slash < i) this.slash = indexOrEnd(chunk, 92, i)
        if (this.slash < this.quote) {
          // an escape in a key: not plain `logs`, and the object is parsed
          if (this.key !== NOT_KEY) this.key = -1
          if (this.slash + 1 >= n) {
            this.escape = true
            i = n
          } else {
            i = this.slash + 2
          }
          continue
        }
        if (this.key !== NOT_KEY) this.keyBytes(chunk, i, this.quote)
        if (this.quote === n) break
        if (this.key !== NOT_KEY) {
          if (this.key !== LOGS.length) this.onlyLogs = false
          this.key = NOT_KEY
        }
        this.inString = false
        i = this.quote + 1
        continue
      }
      const c = chunk[i++] ?? 0
      if (c === 34 /* " */) {
        this.inString = true
        if (this.keyNext && this.depth === 1 && this.arrays === 0) {
          this.keyNext = false
          this.key = 0
        }
      } else if (c === 123 /* { */) {
        if (++this.depth === 1) this.keyNext = true
      } else if (c === 125 /* } */) {
        if (--this.depth === 0) {
          end = i
          break
        }
      } else if (this.depth === 1) {
        if (c === 44 /* , */ && this.arrays === 0) this.keyNext = true
        else if (c === 91 /* [ */) this.arrays++
        else if (c === 93 /* ] */) this.arrays--
      }
    }
    if (end < 0) {
      this.addObject(chunk, from, n)
      return n
    }
    this.closeObject(chunk, from, end)
    this.lineStart = this.offset + end
    return end
  }

  /** Bytes of a top-level key, wherever the chunks cut it: matched against `logs`. */
  private keyBytes(chunk: Buffer, from: number, to: number): void {
    let k = this.key
    for (let i = from; i < to && k >= 0; i++) k = k < LOGS.length && chunk[i] === LOGS[k] ? k + 1 : -1
    this.key = k
  }

  private addObject(chunk: Buffer, from: number, to: number): void {
    const size = to - from
    if (size <= 0) return
    this.objectLength += size
    // over the cap it will be skipped: what was kept is let go of now, not when it closes
    if (this.objectLength > MAX_OBJECT) this.object = []
    else this.object.push(Buffer.from(chunk.subarray(from, to)))
  }

  /** The object ends with chunk[from, to): one held in a single chunk is decoded from it, never copied. */
  private closeObject(chunk: Buffer, from: number, to: number): void {
    this.inObject = false
    this.last = NONE
    this.textLine = false
    const whole = this.object.length === 0 && this.objectLength === 0
    this.objectLength += to - from
    if (this.objectLength > MAX_OBJECT) {
      this.object = []
      this.large = countLong(this.large, this.objectStart)
      return
    }
    if (this.skipLogs && this.onlyLogs) {
      this.object = []
      return
    }
    if (whole) {
      this.onObject(chunk.toString('utf8', from, to), this.objectStart)
      return
    }
    if (to > from) this.object.push(chunk.subarray(from, to))
    const json = Buffer.concat(this.object, this.objectLength).toString('utf8')
    this.object = []
    this.onObject(json, this.objectStart)
  }

  private endLine(): void {
    const dropped = this.line.dropped
    const bytes = this.line.take()
    this.last = NONE
    this.textLine = false
    let end = bytes.length
    if (end > 0 && bytes[end - 1] === 13 && dropped === 0) end--
    const { text, cut } = lineText(bytes, 0, end, dropped)
    if (cut) this.long = countLong(this.long, this.lineStart)
    if (text.trim() !== '') this.onText(text)
  }
}

function indexOrEnd(chunk: Buffer, c: number, from: number): number {
  const at = chunk.indexOf(c, from)
  return at < 0 ? chunk.length : at
}

/** The last unit of the text that is not blank, or NONE: what stands before a `{`. */
function lastMark(bytes: Buffer): number {
  const s = bytes.toString('utf8')
  for (let k = s.length - 1; k >= 0; k--) {
    const c = s.charCodeAt(k)
    if (!isBlank(c)) return c
  }
  return NONE
}

/** What String.prototype.trim removes, and NUL (padding some log collectors write). */
function isBlank(c: number): boolean {
  if (c <= 32) return c === 32 || c === 0 || (c >= 9 && c <= 13)
  return isWideSpace(c)
}
