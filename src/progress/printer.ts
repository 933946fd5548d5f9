import { isRecord } from '../json.js'
import { MAX_LINE } from './lines.js'

/**
 * Turns rawjson SolveStatus objects into plain-progress lines as they arrive (`#3 [build 2/4]
 * RUN make`, output, `#3 DONE 1.2s`), so a run-mode build reads in the job log as it would with
 * `--progress=plain` while the action parses the rawjson it asked for.
 */
export class RawJsonPrinter {
  private readonly numbers = new Map<string, number>()
  private readonly announced = new Set<string>()
  private readonly finished = new Set<string>()
  private readonly partial = new Map<string, string>()

  constructor(private readonly write: (line: string) => void) {}

  status(status: Record<string, unknown>): void {
    const { vertexes, logs } = status
    if (Array.isArray(vertexes)) for (const v of vertexes) if (isRecord(v)) this.vertex(v)
    if (Array.isArray(logs)) for (const l of logs) if (isRecord(l)) this.log(l)
  }

  end(): void {
    for (const [digest, rest] of this.partial) if (rest !== '') this.write(`#${this.number(digest)} ${rest}`)
    this.partial.clear()
  }

  private number(digest: string): number {
    let n = this.numbers.get(digest)
    if (n === undefined) {
      n = this.numbers.size + 1
      this.numbers.set(digest, n)
    }
    return n
  }

  private vertex(v: Record<string, unknown>): void {
    const digest = v.digest
    if (typeof digest !== 'string') return
    const started = typeof v.started === 'string'
    if (!started && v.cached !== true) return
    const n = this.number(digest)
    if (!this.announced.has(digest)) {
      this.announced.add(digest)
      this.write(`#${n} ${typeof v.name === 'string' ? v.name : digest}`)
    }
    if (this.finished.has(digest)) return
    if (v.cached === true) {
      this.finished.add(digest)
      this.write(`#${n} CACHED`)
    } else if (typeof v.error === 'string' && v.error !== '') {
      this.finished.add(digest)
      this.write(/context canceled/.test(v.error) ? `#${n} CANCELED` : `#${n} ERROR: ${v.error}`)
    } else if (typeof v.completed === 'string' && started) {
      this.finished.add(digest)
      const secs = (Date.parse(v.completed) - Date.parse(v.started as string)) / 1000
      this.write(`#${n} DONE ${Number.isFinite(secs) ? secs.toFixed(1) : '?'}s`)
    }
  }

  private log(l: Record<string, unknown>): void {
    if (typeof l.vertex !== 'string' || typeof l.data !== 'string') return
    const text = (this.partial.get(l.vertex) ?? '') + Buffer.from(l.data, 'base64').toString('utf8')
    const lines = text.split('\n')
    let rest = lines.pop() ?? ''
    const n = this.number(l.vertex)
    for (const line of lines) this.write(`#${n} ${line.replace(/\r$/, '')}`)
    // output that never ends its line is printed in 1 MiB pieces: held whole, each chunk would copy it again
    if (rest.length >= MAX_LINE) {
      this.write(`#${n} ${rest}`)
      rest = ''
    }
    this.partial.set(l.vertex, rest)
  }
}
