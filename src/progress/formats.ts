import type { ProgressFormat } from './format.js'
import { PlainParser } from './plain.js'
import { RawJsonParser } from './rawjson.js'
import { isJobLogLine, JobLogParser, type InnerFormat } from './joblog.js'

const rawjson: ProgressFormat = {
  name: 'rawjson',
  recognises: (line) => line.startsWith('{'),
  parser: (file, onStatus) => new RawJsonParser(file, onStatus)
}

const plain: ProgressFormat = {
  name: 'plain',
  recognises: (line) => /^#\d+ /.test(line),
  parser: (file) => new PlainParser(file)
}

// Inside a job log a step prints other JSON (build-push-action's builder info and metadata), so
// rawjson is told by a SolveStatus key, on the `{` line or, indented (buildx 0.13), on the next.
const SOLVE_STATUS = /^\{?\s*"(?:vertexes|statuses|logs|warnings)"\s*:/
export const STEP_FORMATS: readonly InnerFormat[] = [
  {
    name: 'rawjson',
    recognises: (line, previous) => SOLVE_STATUS.test(line) && (line.startsWith('{') || previous === '{'),
    // `{`, and an indented object's first key, recognised after a `{` alone
    starts: '{"',
    parser: (file) => new RawJsonParser(file)
  },
  { name: 'plain', recognises: (line) => plain.recognises(line, line), starts: '#', parser: (file) => new PlainParser(file) }
]

/** A GitHub Actions job log (raw, or `gh run view --log`): told by its prefix, before it is stripped. */
const joblog: ProgressFormat = {
  name: 'joblog',
  recognises: (_line, raw) => isJobLogLine(raw),
  parser: (file) => new JobLogParser(file, STEP_FORMATS)
}

/** Every format the reader knows, in the order they are tried on a line; the first is not the fallback. */
export const FORMATS: readonly ProgressFormat[] = [joblog, rawjson, plain]

/** What a log that no format recognises is read as: plain skips what it does not know. */
export const FALLBACK: ProgressFormat = plain
