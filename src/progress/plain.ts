import { BuildCollector, type RawBuild } from './vertex.js'
import { LineSplitter, MAX_LINE, stripLinePrefix, tooLong } from './lines.js'
import { isBuildDefinition } from './boundaries.js'
import { problem, type Problem } from '../problems.js'

// Every line of a vertex begins with `#<n> `: its header (`#12 [build 2/3] RUN make`), status
// lines, output lines (`#12 0.088 text`), and `CACHED` / `DONE 1.2s` / `ERROR: ...` / `CANCELED`.
// A layer download in a FROM or a lazily pulled cached step: `sha256:… 12.58MB / 34.44MB 0.8s`.
const LAYER_PROGRESS = /^(?:extracting )?sha256:[0-9a-f]{12,}(?: [\d.]+[kMG]?B \/ [\d.]+[kMG]?B| [\d.]+s)/
const OLD_ENGINE_DIGEST = /^sha256:[0-9a-f]{64}$/

/**
 * Reads BuildKit plain progress (`--progress=plain`, `docker buildx history logs`, and the
 * Docker 20.10 engine's format) a chunk at a time.
 */
export class PlainParser {
  private readonly collector: BuildCollector
  private readonly lines: LineSplitter
  readonly problems: Problem[] = []
  /** Old engine: `#N sha256:<digest>` of each vertex key, to tell a re-print from a new build. */
  private digests = new Map<string, string>()
  private sawTrailer = false

  constructor(private readonly file: string) {
    this.collector = new BuildCollector(file, 'plain')
    this.lines = new LineSplitter((line) => {
      this.line(stripLinePrefix(line))
    })
  }

  push(chunk: string): void {
    this.lines.push(chunk)
  }

  end(): RawBuild[] {
    this.lines.end()
    const long = this.lines.long
    if (long) {
      this.problems.push(problem('line-too-long', tooLong(long.count, 'line', MAX_LINE, true), { file: this.file, line: long.first }))
    }
    return this.collector.builds
  }

  private line(line: string): void {
    if (line.charCodeAt(0) !== 35 /* # */) {
      this.clientLine(line)
      return
    }
    const sp = line.indexOf(' ')
    if (sp < 2) return
    const key = line.slice(0, sp)
    if (!isVertexNumber(key)) return
    const rest = line.slice(sp + 1)
    // Output lines (`#5 0.088 text`) are the bulk of a log and say nothing about the vertex.
    const c = rest.charCodeAt(0)
    if (c >= 48 && c <= 57 && isOutputLine(rest)) return
    if (key === '#0') {
      if (rest.startsWith('building with ')) this.collector.newBuild()
      this.sawTrailer = false
      this.digests = new Map()
      return
    }
    this.vertexLine(key, rest)
  }

  private vertexLine(key: string, rest: string): void {
    const collector = this.collector
    const known = collector.peek(key)
    if (!known) {
      collector.vertex(key, rest)
      return
    }
    if (rest === 'CACHED') {
      known.cached = true
    } else if (rest.startsWith('DONE ')) {
      known.done = true
      const secs = Number.parseFloat(rest.slice(5))
      if (Number.isFinite(secs) && (known.seconds === undefined || secs > known.seconds)) known.seconds = secs
    } else if (rest === 'CANCELED') {
      known.canceled = true
    } else if (rest.startsWith('ERROR')) {
      known.error = rest.replace(/^ERROR:? ?/, '') || 'error'
    } else if (OLD_ENGINE_DIGEST.test(rest)) {
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
    } else if (LAYER_PROGRESS.test(rest)) {
      known.pulled = true
    } else if (key === '#1' && looksLikeHeader(rest)) {
      // `#1` names another vertex: numbers restarted, a new build in the same log.
      this.startNextBuild(key, rest)
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
      if (this.collector.active) this.collector.error(line.slice(6).trim())
      this.sawTrailer = true
    } else if (line.startsWith('WARNING: ') || / warnings? found \(use /.test(line)) {
      if (this.collector.active) this.collector.warning(line)
    }
  }
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

function looksLikeHeader(rest: string): boolean {
  return rest.startsWith('[') || rest.startsWith('FROM ') || rest.startsWith('load ') || rest.startsWith('resolve ')
}
