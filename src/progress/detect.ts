import { stripLinePrefix } from './lines.js'
import type { RawBuild } from './vertex.js'
import type { Problem } from '../problems.js'
import type { ProgressFormat, ProgressParser, StatusListener } from './format.js'
import { FALLBACK, FORMATS } from './formats.js'

/** How much text to look at for the format before assuming the fallback. */
const SNIFF_LIMIT = 256 * 1024

/** Decides the format from the first line that one of them recognises, then streams into its parser. */
export class ProgressReader {
  private parser: ProgressParser | undefined
  private chosen: ProgressFormat | undefined
  private head = ''
  /** Where the first line not yet looked at starts in head: each line is looked at once. */
  private scanned = 0

  constructor(
    private readonly file: string,
    private readonly onStatus?: StatusListener
  ) {}

  /** The name of the format being read, once known. */
  get format(): string | undefined {
    return this.chosen?.name
  }

  push(chunk: string): void {
    if (this.parser) {
      this.parser.push(chunk)
      return
    }
    this.head += chunk
    // a chunk with no line end decides nothing; looking into head would flatten it on every chunk
    if (!chunk.includes('\n') && this.head.length <= SNIFF_LIMIT) return
    const format = this.sniff(false)
    if (format !== undefined || this.head.length > SNIFF_LIMIT) this.start(format ?? FALLBACK)
  }

  end(): { builds: RawBuild[]; problems: Problem[] } {
    const parser = this.parser ?? this.start(this.sniff(true) ?? FALLBACK)
    const builds = parser.end()
    return { builds, problems: parser.problems }
  }

  private start(format: ProgressFormat): ProgressParser {
    const parser = format.parser(this.file, this.onStatus)
    this.parser = parser
    this.chosen = format
    const head = this.head
    this.head = ''
    if (head !== '') parser.push(head)
    return parser
  }

  /** The format of the first line one of them recognises; a partial last line waits for more, unless at the end. */
  private sniff(atEnd: boolean): ProgressFormat | undefined {
    const text = this.head
    for (;;) {
      const start = this.scanned
      const nl = text.indexOf('\n', start)
      if (nl < 0 && !atEnd) return undefined
      const line = stripLinePrefix(text.slice(start, nl < 0 ? undefined : nl)).trimStart()
      const format = FORMATS.find((f) => f.recognises(line))
      if (format) return format
      if (nl < 0) return undefined
      this.scanned = nl + 1
    }
  }
}
