/** Splits streamed text into lines without holding more than one partial line. */
export class LineSplitter {
  private rest = ''
  private lineNo = 0

  constructor(private readonly onLine: (line: string, lineNo: number) => void) {}

  push(chunk: string): void {
    let text = this.rest.length > 0 ? this.rest + chunk : chunk
    let start = 0
    for (;;) {
      const nl = text.indexOf('\n', start)
      if (nl < 0) break
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
      this.onLine(text.slice(start, end), ++this.lineNo)
      start = nl + 1
    }
    text = text.slice(start)
    this.rest = text
  }

  /** A last line without a newline is still a line. */
  end(): void {
    if (this.rest.length > 0) this.onLine(this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest, ++this.lineNo)
    this.rest = ''
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
  const c = line.charCodeAt(0)
  if (c === 35 /* # */ || c === 123 /* { */) return line
  let s = line
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
