import { stripLinePrefix } from './lines.js'
import { Utf8Encoder } from './bytes.js'
import type { RawBuild } from './vertex.js'
import type { Problem } from '../problems.js'
import type { ProgressFormat, ProgressParser, StatusListener } from './format.js'
import { FALLBACK, FORMATS } from './formats.js'

/** How many bytes to look at for the format before assuming the fallback. */
const SNIFF_LIMIT = 256 * 1024

/** Decides the format from the first line that one of them recognises, then streams the bytes into its parser. */
export class ProgressReader {
  private parser: ProgressParser | undefined
  private chosen: ProgressFormat | undefined
  /** The bytes before the format is known: what was joined, and the chunks since. */
  private head: Buffer = Buffer.alloc(0)
  private more: Buffer[] = []
  private headLength = 0
  /** Where the first line not yet looked at starts in head: each line is looked at once. */
  private scanned = 0
  private readonly encoder = new Utf8Encoder()

  constructor(
    private readonly file: string,
    private readonly onStatus?: StatusListener
  ) {}

  /** The name of the format being read, once known. */
  get format(): string | undefined {
    return this.chosen?.name
  }

  write(chunk: Buffer): void {
    if (this.parser) {
      this.parser.write(chunk)
      return
    }
    if (chunk.length === 0) return
    // a copy: the caller may fill the same buffer again
    this.more.push(Buffer.from(chunk))
    this.headLength += chunk.length
    // a chunk with no line end decides nothing; looking into head would join it on every chunk
    if (chunk.indexOf(10) < 0 && this.headLength <= SNIFF_LIMIT) return
    const format = this.sniff(false)
    if (format !== undefined || this.headLength > SNIFF_LIMIT) this.start(format ?? FALLBACK)
  }

  /** Text, for callers that hold strings. */
  push(chunk: string): void {
    this.write(this.encoder.encode(chunk))
  }

  /** The builds finished so far and not taken before (see ProgressParser.take). */
  take(): RawBuild[] {
    return this.parser?.take() ?? []
  }

  end(): { builds: RawBuild[]; problems: Problem[] } {
    this.write(this.encoder.end())
    const parser = this.parser ?? this.start(this.sniff(true) ?? FALLBACK)
    const builds = parser.end()
    return { builds, problems: parser.problems }
  }

  private start(format: ProgressFormat): ProgressParser {
    const parser = format.parser(this.file, this.onStatus)
    this.parser = parser
    this.chosen = format
    const head = this.joined()
    this.head = Buffer.alloc(0)
    if (head.length > 0) parser.write(head)
    return parser
  }

  private joined(): Buffer {
    if (this.more.length > 0) {
      this.head = Buffer.concat([this.head, ...this.more])
      this.more = []
    }
    return this.head
  }

  /** The format of the first line one of them recognises; a partial last line waits for more, unless at the end. */
  private sniff(atEnd: boolean): ProgressFormat | undefined {
    const bytes = this.joined()
    for (;;) {
      const start = this.scanned
      const nl = bytes.indexOf(10, start)
      if (nl < 0 && !atEnd) return undefined
      const raw = bytes.toString('utf8', start, nl < 0 ? bytes.length : nl)
      const line = stripLinePrefix(raw).trimStart()
      const format = FORMATS.find((f) => f.recognises(line, raw))
      if (format) return format
      if (nl < 0) return undefined
      this.scanned = nl + 1
    }
  }
}
