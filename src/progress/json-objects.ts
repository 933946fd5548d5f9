/**
 * Splits a stream into top-level JSON objects by structure, not by lines: buildx 0.13 indents
 * them over many lines, newer buildx prints one per line, and `docker buildx history logs
 * --progress rawjson` concatenates them with nothing between. Text outside objects (the plain
 * error block printed after the last object of a failed build) is handed over line by line.
 */
export class JsonObjectSplitter {
  private buf = ''
  /** Offset of buf[0] in the whole stream, for problem positions. */
  private base = 0
  private depth = 0
  private inString = false
  /** Scan position inside buf while an object is open. */
  private pos = 0
  private objectStart = -1
  /** Where to go on scanning an open object when more text arrives. */
  private resume = 0

  constructor(
    private readonly onObject: (json: string, offset: number) => void,
    private readonly onText: (line: string) => void
  ) {}

  push(chunk: string): void {
    this.buf = this.buf.length > 0 ? this.buf + chunk : chunk
    this.scan()
  }

  end(): void {
    if (this.objectStart >= 0) {
      // A truncated object: hand it on so that the parser reports it.
      this.onObject(this.buf.slice(this.objectStart), this.base + this.objectStart)
      this.objectStart = -1
    } else {
      this.text(this.buf)
    }
    this.buf = ''
  }

  private scan(): void {
    const buf = this.buf
    let i = this.pos
    let consumed = 0
    for (;;) {
      if (this.objectStart < 0) {
        const open = buf.indexOf('{', i)
        if (open < 0) {
          // keep a partial line of text until its newline arrives
          const nl = buf.lastIndexOf('\n')
          if (nl >= consumed) {
            this.text(buf.slice(consumed, nl + 1))
            consumed = nl + 1
          }
          i = buf.length
          break
        }
        // Text before an object: only whole lines of it are text; `{` inside a text line (a
        // Dockerfile excerpt's `${VAR}`) does not open an object unless it starts the line.
        const lineStart = buf.lastIndexOf('\n', open) + 1
        const before = buf.slice(Math.max(lineStart, consumed), open)
        if (before.trim() !== '' && !before.trimEnd().endsWith('}')) {
          const nl = buf.indexOf('\n', open)
          if (nl < 0) {
            i = open
            break
          }
          i = nl + 1
          continue
        }
        if (lineStart > consumed) this.text(buf.slice(consumed, lineStart))
        this.objectStart = open
        this.depth = 0
        this.inString = false
        i = open
      }
      const end = this.closeAt(buf, i)
      if (end < 0) {
        i = this.resume
        break
      }
      this.onObject(buf.slice(this.objectStart, end + 1), this.base + this.objectStart)
      this.objectStart = -1
      i = end + 1
      consumed = i
    }
    // drop what is consumed, keep an open object or a partial text line
    const keep = this.objectStart >= 0 ? this.objectStart : consumed
    this.buf = buf.slice(keep)
    this.base += keep
    if (this.objectStart >= 0) this.objectStart = 0
    this.pos = i - keep
  }

  /** Scans from i for the `}` that closes the open object; -1 when the chunk ends first. */
  private closeAt(buf: string, i: number): number {
    const structure = /["{}\\]/g
    structure.lastIndex = i
    let m: RegExpExecArray | null
    while ((m = structure.exec(buf)) !== null) {
      const c = m[0]
      if (this.inString) {
        if (c === '\\') {
          if (m.index + 1 >= buf.length) {
            // an escape cut at the chunk's end: rescan it with the next chunk
            this.resume = m.index
            return -1
          }
          structure.lastIndex = m.index + 2
        } else if (c === '"') {
          this.inString = false
        }
        continue
      }
      if (c === '"') this.inString = true
      else if (c === '{') this.depth++
      else if (c === '}' && --this.depth === 0) return m.index
    }
    this.resume = buf.length
    return -1
  }

  private text(s: string): void {
    if (s.length === 0) return
    for (const line of s.split('\n')) if (line.trim() !== '') this.onText(line.replace(/\r$/, ''))
  }
}
