/** One `--cache-from` or `--cache-to` value: `type=gha,mode=max,scope=app`, as buildx reads it. */
export interface CacheEntry {
  /** As written; a `${{ }}` expression stays text. */
  text: string
  /** 1-based line in the workflow file. */
  line: number
  /** `gha`, `registry`, `local`, `inline`, `s3`, `azblob`; undefined when an expression decides it. */
  type: string | undefined
  /** The other attributes (`mode`, `scope`, `ref`, `dest`), keys lower-cased. */
  attrs: Record<string, string>
  /** For a bake `set` line, the targets it applies to (`*`, `app`, `app-*`). */
  target?: string
}

const EXPRESSION = /\$\{\{[\s\S]*?\}\}/
const EXPRESSIONS = /\$\{\{[\s\S]*?\}\}/g

/**
 * Reads a cache value as buildx does: CSV fields of `key=value`, double quotes around a field
 * that holds a comma, and a value with no `=` at all a registry ref (`user/app:cache`). A comma
 * inside a `${{ }}` expression does not split it: GitHub replaces the expression first.
 */
export function parseCacheEntry(text: string, line: number): CacheEntry | undefined {
  const t = text.trim()
  if (t === '') return undefined
  const attrs: Record<string, string> = {}
  // an expression alone may give any type, or nothing at all
  if (t.replace(EXPRESSIONS, '').trim() === '') return { text: t, line, type: undefined, attrs }
  const fields = csvFields(t)
  if (fields.length === 1 && !t.replace(EXPRESSIONS, '').includes('=')) return { text: t, line, type: 'registry', attrs: { ref: t } }
  for (const f of fields) {
    const eq = f.indexOf('=')
    if (eq > 0) attrs[f.slice(0, eq).trim().toLowerCase()] = f.slice(eq + 1).trim()
  }
  const type = attrs.type
  delete attrs.type
  return { text: t, line, type: type === undefined || EXPRESSION.test(type) ? undefined : type.toLowerCase(), attrs }
}

/** `scope` of a `type=gha` cache: `buildkit` when none is given, as BuildKit's default. */
export function ghaScope(e: CacheEntry): string {
  return e.attrs.scope ?? 'buildkit'
}

/** Whether the entry exports all layers (`mode=max`); undefined when an expression decides. */
export function modeMax(e: CacheEntry): boolean | undefined {
  const mode = e.attrs.mode
  if (mode !== undefined && EXPRESSION.test(mode)) return undefined
  return mode === 'max'
}

export function hasExpression(text: string): boolean {
  return EXPRESSION.test(text)
}

function csvFields(text: string): string[] {
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? ''
    if (!quoted && text.startsWith('${{', i)) {
      const end = text.indexOf('}}', i + 3)
      const stop = end < 0 ? text.length : end + 2
      field += text.slice(i, stop)
      i = stop - 1
    } else if (c === '"') {
      // `""` inside quotes is one quote, as in encoding/csv
      if (quoted && text[i + 1] === '"') {
        field += '"'
        i++
      } else quoted = !quoted
    } else if (c === ',' && !quoted) {
      fields.push(field)
      field = ''
    } else field += c
  }
  fields.push(field)
  return fields.map((f) => f.trim()).filter((f) => f !== '')
}
