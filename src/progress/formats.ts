import type { ProgressFormat } from './format.js'
import { PlainParser } from './plain.js'
import { RawJsonParser } from './rawjson.js'

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

/** Every format the reader knows, in the order they are tried on a line; the first is not the fallback. */
export const FORMATS: readonly ProgressFormat[] = [rawjson, plain]

/** What a log that no format recognises is read as: plain skips what it does not know. */
export const FALLBACK: ProgressFormat = plain
