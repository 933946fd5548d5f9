/**
 * `JSON.stringify(value, null, 2)` in pieces, the same text: a report of any size is written,
 * where one string of it would pass V8's longest string (about 512 MiB) and take twice the
 * memory on its way to a file as UTF-8. Objects and arrays down to `depth` are walked here; what
 * lies deeper is stringified whole, re-indented (JSON strings hold no raw newline).
 */
export function* jsonPieces(value: unknown, depth = 2, indent = ''): Generator<string> {
  const v = toJsonValue(value)
  if (depth === 0 || v === null || typeof v !== 'object') {
    const s = JSON.stringify(v, null, 2) as string | undefined
    yield indent === '' || s === undefined ? (s ?? 'null') : s.replaceAll('\n', `\n${indent}`)
    return
  }
  const inner = `${indent}  `
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]'
      return
    }
    yield '['
    for (let i = 0; i < v.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`
      // as JSON.stringify: what has no JSON form is null in an array
      yield* jsonable(v[i]) ? jsonPieces(v[i], depth - 1, inner) : ['null']
    }
    yield `\n${indent}]`
    return
  }
  let first = true
  for (const [k, x] of Object.entries(v)) {
    if (!jsonable(x)) continue
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `
    first = false
    yield* jsonPieces(x, depth - 1, inner)
  }
  yield first ? '{}' : `\n${indent}}`
}

/** The text of `JSON.stringify(value, null, 2)` and a newline, in blocks of about a MiB. */
export function* jsonText(value: unknown): Generator<string> {
  yield* blocks(jsonPieces(value))
  yield '\n'
}

/** Pieces joined into blocks of about `size` characters: few writes, none of them large. */
export function* blocks(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
  let parts: string[] = []
  let length = 0
  for (const p of pieces) {
    parts.push(p)
    length += p.length
    if (length >= size) {
      yield parts.join('')
      parts = []
      length = 0
    }
  }
  if (length > 0) yield parts.join('')
}

function toJsonValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') return (value.toJSON as () => unknown)()
  return value
}

/** What JSON.stringify writes for an object's property (undefined, functions and symbols are left out). */
function jsonable(x: unknown): boolean {
  return x !== undefined && typeof x !== 'function' && typeof x !== 'symbol'
}
