import { MAX_LINE, type LongLines } from './lines.js'

/**
 * The most bytes of one line (or of the text around rawjson objects) kept: enough that what they
 * decode to is longer than `MAX_LINE` units whenever bytes were dropped (a unit takes at most 3
 * bytes, a surrogate pair 4), so a line is cut where the string reader cut it.
 */
const KEEP = 4 * MAX_LINE

/** Text pushed as strings (tests, callers that hold strings) as UTF-8, a surrogate pair never split between two chunks. */
export class Utf8Encoder {
  private high = ''

  encode(s: string): Buffer {
    if (this.high !== '') {
      s = this.high + s
      this.high = ''
    }
    const last = s.charCodeAt(s.length - 1)
    if (last >= 0xd800 && last <= 0xdbff) {
      this.high = s.slice(-1)
      s = s.slice(0, -1)
    }
    return Buffer.from(s, 'utf8')
  }

  end(): Buffer {
    const rest = Buffer.from(this.high, 'utf8')
    this.high = ''
    return rest
  }
}

/**
 * The bytes of a line or of a piece of text that spans chunks: the pieces are copied (a reader
 * may fill the same buffer again), joined once when the line ends; past `KEEP` bytes they are
 * counted, not kept.
 */
export class PendingBytes {
  private pieces: Buffer[] = []
  length = 0
  dropped = 0

  add(chunk: Buffer, start: number, end: number): void {
    if (end <= start) return
    const room = KEEP - this.length
    if (room <= 0) {
      this.dropped += end - start
      return
    }
    if (end - start > room) {
      this.dropped += end - start - room
      end = start + room
    }
    this.pieces.push(Buffer.from(chunk.subarray(start, end)))
    this.length += end - start
  }

  get empty(): boolean {
    return this.length === 0 && this.dropped === 0
  }

  /** Everything kept, as one buffer. */
  peek(): Buffer {
    if (this.pieces.length > 1) this.pieces = [Buffer.concat(this.pieces, this.length)]
    return this.pieces[0] ?? EMPTY
  }

  /** Everything kept, as one buffer; empties it. */
  take(): Buffer {
    const b = this.pieces.length === 1 ? (this.pieces[0] ?? EMPTY) : Buffer.concat(this.pieces, this.length)
    this.clear()
    return b
  }

  clear(): void {
    this.pieces = []
    this.length = 0
    this.dropped = 0
  }
}

const EMPTY = Buffer.alloc(0)

/**
 * A line's bytes as text, cut to its first `MAX_LINE` units as the string reader cut it;
 * `cut` says it was.
 */
export function lineText(buf: Buffer, start: number, end: number, dropped: number): { text: string; cut: boolean } {
  const text = buf.toString('utf8', start, end)
  if (dropped === 0 && text.length <= MAX_LINE) return { text, cut: false }
  return { text: text.slice(0, MAX_LINE), cut: true }
}

/** Counts one more long line (first: where the first one is). */
export function countLong(long: LongLines | undefined, at: number): LongLines {
  if (long) {
    long.count++
    return long
  }
  return { count: 1, first: at }
}

/**
 * Splits bytes into lines without making a string of any: each line is handed on as a range of
 * a buffer (its CR of a CRLF left out), with the bytes dropped past `KEEP` when it was longer. A
 * line inside one chunk is a view of that chunk; one that spans chunks is joined once, at its end.
 */
export class ByteLines {
  private readonly pending = new PendingBytes()
  /** The last byte given of the pending line (a CR of a CRLF cut between chunks). */
  private lastByte = -1

  constructor(private readonly onLine: (buf: Buffer, start: number, end: number, dropped: number) => void) {}

  write(chunk: Buffer): void {
    let start = 0
    const n = chunk.length
    if (!this.pending.empty) {
      const nl = chunk.indexOf(10)
      if (nl < 0) {
        this.keep(chunk, 0, n)
        return
      }
      this.keep(chunk, 0, nl)
      this.flush()
      start = nl + 1
    }
    for (;;) {
      const nl = chunk.indexOf(10, start)
      if (nl < 0) break
      this.onLine(chunk, start, nl > start && chunk[nl - 1] === 13 ? nl - 1 : nl, 0)
      start = nl + 1
    }
    if (start < n) this.keep(chunk, start, n)
  }

  /** A last line without a newline is still a line. */
  end(): void {
    if (!this.pending.empty) this.flush()
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    if (end <= start) return
    this.pending.add(chunk, start, end)
    this.lastByte = chunk[end - 1] ?? -1
  }

  private flush(): void {
    // The CR of a CRLF is not part of the line: not kept, and not what makes it too long.
    let dropped = this.pending.dropped
    const cr = this.lastByte === 13
    const line = this.pending.take()
    let end = line.length
    if (cr) {
      if (dropped > 0) dropped--
      else end--
    }
    this.lastByte = -1
    this.onLine(line, 0, end, dropped)
  }
}

/** Whether buf holds word at i, within the line that ends at end. */
export function startsWith(buf: Buffer, i: number, end: number, word: Buffer): boolean {
  if (end - i < word.length) return false
  for (let k = 0; k < word.length; k++) if (buf[i + k] !== word[k]) return false
  return true
}

/**
 * A character past ASCII that String.prototype.trim removes: U+00A0, U+1680, U+2000 to U+200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF.
 */
export function isWideSpace(c: number): boolean {
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  )
}
