import type { RawBuild } from './vertex.js'
import type { Problem } from '../problems.js'

/** A streaming reader of one progress format: bytes in (or text), chunk by chunk; builds and problems out. */
export interface ProgressParser {
  write(chunk: Buffer): void
  push(chunk: string): void
  end(): RawBuild[]
  /** The builds finished so far that were not taken before: a reader of a long log hands them on as it goes. end() returns the rest. */
  take(): RawBuild[]
  /** Found while reading: never thrown. */
  readonly problems: Problem[]
}

/** Sees every status object of a structured format as it is parsed (run mode prints them). */
export type StatusListener = (status: Record<string, unknown>) => void

/** One progress format: how to recognise it from a line (its CI prefix stripped, or as it was), and its parser. */
export interface ProgressFormat {
  name: string
  recognises(line: string, raw: string): boolean
  parser(file: string, onStatus?: StatusListener): ProgressParser
}
