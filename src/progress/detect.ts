import { PlainParser } from './plain.js'
import { RawJsonParser } from './rawjson.js'
import { stripLinePrefix } from './lines.js'
import type { RawBuild } from './vertex.js'
import type { Problem } from '../problems.js'

export type ProgressFormat = 'plain' | 'rawjson'

/** How much text to look at for the format before assuming plain (which skips what it does not know). */
const SNIFF_LIMIT = 256 * 1024

/** Decides the format from the first line that is BuildKit's, then streams into that parser. */
export class ProgressReader {
  private parser: PlainParser | RawJsonParser | undefined
  private head = ''

  constructor(
    private readonly file: string,
    private readonly onStatus?: (status: Record<string, unknown>) => void
  ) {}

  get format(): ProgressFormat | undefined {
    return this.parser instanceof RawJsonParser ? 'rawjson' : this.parser ? 'plain' : undefined
  }

  push(chunk: string): void {
    if (this.parser) {
      this.parser.push(chunk)
      return
    }
    this.head += chunk
    const format = sniff(this.head, false)
    if (format !== undefined || this.head.length > SNIFF_LIMIT) this.start(format ?? 'plain')
  }

  end(): { builds: RawBuild[]; problems: Problem[] } {
    const parser = this.parser ?? this.start(sniff(this.head, true) ?? 'plain')
    const builds = parser.end()
    return { builds, problems: parser.problems }
  }

  private start(format: ProgressFormat): PlainParser | RawJsonParser {
    const parser = format === 'rawjson' ? new RawJsonParser(this.file, this.onStatus) : new PlainParser(this.file)
    this.parser = parser
    const head = this.head
    this.head = ''
    if (head !== '') parser.push(head)
    return parser
  }
}

function sniff(text: string, atEnd: boolean): ProgressFormat | undefined {
  let start = 0
  for (;;) {
    const nl = text.indexOf('\n', start)
    if (nl < 0 && !atEnd) return undefined
    const line = stripLinePrefix(text.slice(start, nl < 0 ? undefined : nl)).trimStart()
    if (line.startsWith('{')) return 'rawjson'
    if (/^#\d+ /.test(line)) return 'plain'
    if (nl < 0) return undefined
    start = nl + 1
  }
}
