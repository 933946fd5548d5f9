import { MAX_LINE, Pieces, type LongLines } from './lines.js'

/**
 * The largest SolveStatus object kept (UTF-16 units): real ones carrying `logs` reach a few MB,
 * so this only stops a runaway or hostile object from taking the memory with it.
 */
export const MAX_OBJECT = 64 << 20

/** No unit other than blanks since the line began or the last object closed. */
const NONE = -1
const CLOSE = 125 // }

/**
 * Splits a stream into top-level JSON objects by structure, not by lines: buildx 0.13 indents
 * them over many lines, newer buildx prints one per line, and `docker buildx history logs
 * --progress rawjson` concatenates them with nothing between. Text outside objects (the plain
 * error block printed after the last object of a failed build) is handed over line by line.
 *
 * Each chunk is scanned once, where the last one left off, and an object or a line that spans
 * chunks is joined once, when it completes: the time is linear in the text, and the memory is
 * bounded by `MAX_OBJECT` and `MAX_LINE`, not by what the stream holds.
 */
export class JsonObjectSplitter {
  /** Offset in the whole stream of the next chunk's first unit, for problem positions. */
  private offset = 0
  // outside an object
  private readonly line = new Pieces(MAX_LINE)
  private lineStart = 0
  /** The last non-blank unit of the line since it began or the last object closed, or NONE. */
  private last = NONE
  /** A `{` in this line did not open an object (a Dockerfile excerpt's `${VAR}`): the rest of the line is text. */
  private textLine = false
  // inside an object
  private inObject = false
  private readonly object = new Pieces(MAX_OBJECT)
  private objectStart = 0
  private depth = 0
  private inString = false
  /** A backslash in a string ended the last chunk: the next unit is escaped. */
  private escape = false
  /** The open object is over `MAX_OBJECT`: nothing more of it is kept. */
  private tooLarge = false
  /** Text lines cut to `MAX_LINE` (`first` is the stream offset of the first). */
  long: LongLines | undefined
  /** Objects over `MAX_OBJECT`, skipped (`first` is the stream offset of the first). */
  large: LongLines | undefined

  constructor(
    private readonly onObject: (json: string, offset: number) => void,
    private readonly onText: (line: string) => void
  ) {}

  push(chunk: string): void {
    let i = 0
    while (i < chunk.length) i = this.inObject ? this.scanObject(chunk, i) : this.scanText(chunk, i)
    this.offset += chunk.length
  }

  end(): void {
    if (this.inObject) {
      // A truncated object: hand it on so that the parser reports it.
      this.closeObject()
    } else {
      this.endLine()
    }
  }

  /** Text from i: up to a newline, or up to a `{` that opens an object; returns where to go on. */
  private scanText(chunk: string, i: number): number {
    const re = this.textLine ? NEWLINE : NEWLINE_OR_OPEN
    re.lastIndex = i
    const m = re.exec(chunk)
    const j = m ? m.index : chunk.length
    if (!this.textLine) this.last = lastMark(chunk, i, j, this.last)
    if (!m) {
      this.addText(chunk, i, j)
      return j
    }
    if (chunk.charCodeAt(j) === 10) {
      this.addText(chunk, i, j)
      this.endLine()
      this.lineStart = this.offset + j + 1
      return j + 1
    }
    // Only whole lines of text are text: `{` opens an object where the line holds nothing but
    // blanks before it (or the end of the previous object, `}{`), and nowhere else in a text line.
    if (this.last !== NONE && this.last !== CLOSE) {
      this.textLine = true
      this.addText(chunk, i, j + 1)
      return j + 1
    }
    this.line.clear()
    this.inObject = true
    this.objectStart = this.offset + j
    this.depth = 0
    this.inString = false
    this.escape = false
    this.tooLarge = false
    return this.scanObject(chunk, j)
  }

  /** An open object from i: to the `}` that closes it, or to the chunk's end; returns where to go on. */
  private scanObject(chunk: string, i: number): number {
    const from = i
    const n = chunk.length
    if (this.escape) {
      this.escape = false
      i++
    }
    // Next `"` and `\` from where the string scan stands, found natively and kept until passed:
    // `logs` data is megabytes of base64 inside one string.
    let quote = -1
    let slash = -1
    let end = -1
    while (i < n) {
      if (this.inString) {
        if (quote < i) quote = indexOrEnd(chunk, '"', i)
        if (slash < i) slash = indexOrEnd(chunk, '\\', i)
        if (slash < quote) {
          if (slash + 1 >= n) {
            this.escape = true
            i = n
          } else {
            i = slash + 2
          }
          continue
        }
        if (quote === n) break
        this.inString = false
        i = quote + 1
        continue
      }
      STRUCTURE.lastIndex = i
      const m = STRUCTURE.exec(chunk)
      if (m === null) break
      const c = chunk.charCodeAt(m.index)
      i = m.index + 1
      if (c === 34 /* " */) this.inString = true
      else if (c === 123 /* { */) this.depth++
      else if (--this.depth === 0) {
        end = i
        break
      }
    }
    if (end < 0) {
      this.addObject(from === 0 ? chunk : chunk.slice(from))
      return n
    }
    this.addObject(from === 0 && end === n ? chunk : chunk.slice(from, end))
    this.closeObject()
    this.lineStart = this.offset + end
    return end
  }

  private addObject(s: string): void {
    if (this.tooLarge) return
    this.object.add(s)
    if (this.object.dropped > 0) {
      // it will be skipped: let go of what was kept now, not when it closes
      this.tooLarge = true
      this.object.clear()
    }
  }

  private closeObject(): void {
    this.inObject = false
    this.last = NONE
    this.textLine = false
    if (this.tooLarge) {
      this.tooLarge = false
      if (this.large) this.large.count++
      else this.large = { count: 1, first: this.objectStart }
      return
    }
    this.onObject(this.object.take(), this.objectStart)
  }

  private addText(chunk: string, i: number, j: number): void {
    if (j > i) this.line.add(i === 0 && j === chunk.length ? chunk : chunk.slice(i, j))
  }

  private endLine(): void {
    const cut = this.line.dropped > 0
    const line = this.line.take()
    this.last = NONE
    this.textLine = false
    if (cut) {
      if (this.long) this.long.count++
      else this.long = { count: 1, first: this.lineStart }
    }
    if (line.trim() !== '') this.onText(line.endsWith('\r') ? line.slice(0, -1) : line)
  }
}

const NEWLINE = /\n/g
const NEWLINE_OR_OPEN = /[\n{]/g
const STRUCTURE = /["{}]/g

function indexOrEnd(chunk: string, c: string, from: number): number {
  const at = chunk.indexOf(c, from)
  return at < 0 ? chunk.length : at
}

/** The last unit of chunk[i, j) that is not blank, else `last`: what stands before a `{`. */
function lastMark(chunk: string, i: number, j: number, last: number): number {
  for (let k = j - 1; k >= i; k--) {
    const c = chunk.charCodeAt(k)
    if (!isBlank(c)) return c
  }
  return last
}

/** What String.prototype.trim removes, and NUL (padding some log collectors write). */
function isBlank(c: number): boolean {
  if (c <= 32) return c === 32 || c === 0 || (c >= 9 && c <= 13)
  if (c < 0xa0) return false
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  )
}
