/** The longest line kept whole (UTF-16 units, about 1 MiB of ASCII); the rest of a longer line is dropped. */
export const MAX_LINE = 1 << 20

/**
 * The pending part of a line or object, kept as pieces and joined once when it completes, so
 * that no text is copied or scanned again per chunk. Small pieces (one-character chunks) are
 * merged as they add up, so that the list stays short. Whatever is over `cap` is counted, not kept.
 */
export class Pieces {
  private blocks: string[] = []
  private small: string[] = []
  private smallLength = 0
  /** Units kept. */
  length = 0
  /** Units dropped over the cap. */
  dropped = 0

  constructor(private readonly cap: number) {}

  add(s: string): void {
    if (s.length === 0) return
    const room = this.cap - this.length
    if (room <= 0) {
      this.dropped += s.length
      return
    }
    if (s.length > room) {
      this.dropped += s.length - room
      s = s.slice(0, room)
    }
    this.length += s.length
    if (s.length >= BLOCK) {
      this.merge()
      this.blocks.push(s)
      return
    }
    this.small.push(s)
    this.smallLength += s.length
    if (this.smallLength >= BLOCK || this.small.length >= 1024) this.merge()
  }

  /** Everything kept, joined; empties the buffer. */
  take(): string {
    this.merge()
    const s = this.blocks.length === 1 ? (this.blocks[0] ?? '') : this.blocks.join('')
    this.clear()
    return s
  }

  clear(): void {
    this.blocks = []
    this.small = []
    this.smallLength = 0
    this.length = 0
    this.dropped = 0
  }

  private merge(): void {
    if (this.small.length === 0) return
    this.blocks.push(this.small.length === 1 ? (this.small[0] ?? '') : this.small.join(''))
    this.small = []
    this.smallLength = 0
  }
}

const BLOCK = 64 * 1024

/** One problem message for lines or objects over a cap: `3 lines longer than 1 MiB were cut to their first 1 MiB`. */
export function tooLong(count: number, what: string, cap: number, cut: boolean): string {
  const size = cap >= 1 << 20 ? `${cap / (1 << 20)} MiB` : `${cap} characters`
  const one = count === 1
  const subject = one ? `a ${what} longer than ${size} was` : `${count} ${what}s longer than ${size} were`
  return cut ? `${subject} cut to ${one ? 'its' : 'their'} first ${size}` : `${subject} skipped`
}

/** Lines longer than the cap: how many, and the first one's number, for one problem per file. */
export interface LongLines {
  count: number
  first: number
}

/**
 * Splits streamed text into lines, in time linear in the text: each chunk is scanned once, and
 * a line that spans chunks is joined once, at its newline. A line longer than `maxLine` is cut
 * to its first `maxLine` units (a 1 GiB line without a newline must not take 1 GiB).
 */
export class LineSplitter {
  private readonly pending: Pieces
  /** The pending line's last unit is a CR (a CRLF cut between chunks). */
  private pendingCR = false
  private lineNo = 0
  /** Set once a line was cut; undefined while none was. */
  long: LongLines | undefined

  constructor(
    private readonly onLine: (line: string, lineNo: number) => void,
    private readonly maxLine = MAX_LINE
  ) {
    this.pending = new Pieces(maxLine)
  }

  push(chunk: string): void {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf('\n', start)
      if (nl < 0) break
      if (this.pending.length === 0 && this.pending.dropped === 0) {
        const end = nl > start && chunk.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
        if (end - start <= this.maxLine) this.emit(chunk.slice(start, end), false)
        else this.emit(chunk.slice(start, start + this.maxLine), true)
      } else {
        this.add(chunk, start, nl)
        this.flush()
      }
      start = nl + 1
    }
    if (start < chunk.length) this.add(chunk, start, chunk.length)
  }

  /** A last line without a newline is still a line. */
  end(): void {
    if (this.pending.length > 0 || this.pending.dropped > 0) this.flush()
  }

  private add(chunk: string, start: number, end: number): void {
    if (end === start) return
    this.pending.add(start === 0 && end === chunk.length ? chunk : chunk.slice(start, end))
    this.pendingCR = chunk.charCodeAt(end - 1) === 13
  }

  private flush(): void {
    // The CR of a CRLF is not part of the line: not kept, and not what makes it too long.
    let dropped = this.pending.dropped
    let line = this.pending.take()
    if (this.pendingCR) {
      if (dropped > 0) dropped--
      else line = line.slice(0, -1)
    }
    this.pendingCR = false
    this.emit(line, dropped > 0)
  }

  private emit(line: string, cut: boolean): void {
    ++this.lineNo
    if (cut) {
      if (this.long) this.long.count++
      else this.long = { count: 1, first: this.lineNo }
    }
    this.onLine(line, this.lineNo)
  }
}

// What CI systems put before each line of a copied log: GitHub's raw log timestamp
// (`2025-01-06T09:50:04.2335218Z `), `gh run view --log`'s `job<TAB>step<TAB>timestamp `,
// ANSI colour codes, and `##[group]` markers.
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) /
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g

/** Strips a CI log prefix from a line; lines that start with `#` or `{` are returned as they are. */
export function stripLinePrefix(line: string): string {
  let s = line
  // NULs where a line starts: a log truncated under a writer that kept its offset (copytruncate)
  if (s.charCodeAt(0) === 0) {
    let i = 1
    while (s.charCodeAt(i) === 0) i++
    s = s.slice(i)
  }
  const c = s.charCodeAt(0)
  if (c === 35 /* # */ || c === 123 /* { */) return s
  if (s.includes('\x1b')) s = s.replace(ANSI, '')
  const tab = s.indexOf('\t')
  if (tab >= 0) {
    const tab2 = s.indexOf('\t', tab + 1)
    if (tab2 >= 0) s = s.slice(tab2 + 1)
  }
  const ts = TIMESTAMP.exec(s)
  if (ts) s = s.slice(ts[0].length)
  if (s.startsWith('##[')) s = s.replace(/^##\[[a-z]+\]/, '')
  return s
}
