import { spawnSync } from 'node:child_process'
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './helpers.js'

/**
 * What GitHub does to a job summary, short of its sanitizer: cmark-gfm (GitHub's fork of cmark) with
 * the extensions github.com enables. `--unsafe` keeps raw HTML (`<details>`, `<code>`) as GitHub
 * does; cmark-gfm's default would drop it.
 */
export const EXTENSIONS = ['table', 'strikethrough', 'autolink', 'tagfilter'] as const

const HOW = 'install it: apt-get install -y cmark-gfm (.ci/run does)'

/** Whether cmark-gfm runs here; in CI (CI=true) its absence is an error, not a skip. */
export function cmarkGfm(): boolean {
  const r = spawnSync('cmark-gfm', ['--version'], { encoding: 'utf8' })
  if (r.status === 0) return true
  if (process.env.CI === 'true') throw new Error(`cmark-gfm not found (${HOW}): summaries must be rendered as GitHub renders them`)
  return false
}

export const MISSING = `cmark-gfm not found, summaries not rendered; ${HOW}`

/** `sourcepos`: each element made from markdown says its lines (`data-sourcepos`), which tells it from raw HTML. */
export function renderGfm(markdown: string, extensions: readonly string[] = EXTENSIONS, sourcepos = false): string {
  const args = ['--unsafe', ...(sourcepos ? ['--sourcepos'] : []), ...extensions.flatMap((e) => ['-e', e])]
  const r = spawnSync('cmark-gfm', args, { input: markdown, encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.status !== 0) throw new Error(`cmark-gfm failed (${String(r.status)}): ${r.stderr}`)
  return r.stdout
}

export interface Rendered {
  problems: string[]
  tables: number
  rows: number
  details: number
}

/** Renders a summary as GitHub would and says what a reader would see broken. */
export function checkSummary(markdown: string): Rendered {
  const html = renderGfm(markdown)
  const problems = [...checkTables(markdown, renderGfm(markdown, EXTENSIONS, true)), ...checkTags(html), ...checkText(html)]
  // tagfilter turns a few raw tags (<script>, <style>, <iframe>, ...) into text: any difference is one that reached the markdown
  const unfiltered = renderGfm(
    markdown,
    EXTENSIONS.filter((e) => e !== 'tagfilter')
  )
  if (unfiltered !== html) problems.push('a raw tag that GitHub filters (tagfilter) is in the markdown')
  const count = (re: RegExp): number => [...html.matchAll(re)].length
  return { problems, tables: count(/<table\b/g), rows: count(/<tr\b/g), details: count(/<details\b/g) }
}

/** Throws with every problem of a summary; counts what was checked into .test-results/gfm.jsonl for the closing line of `npm test`. */
export function assertRendersOnGitHub(markdown: string, label: string): Rendered {
  const r = checkSummary(markdown)
  if (r.problems.length > 0) throw new Error(`${label}: the summary does not render on GitHub as written:\n- ${r.problems.join('\n- ')}`)
  const dir = join(ROOT, '.test-results')
  mkdirSync(dir, { recursive: true })
  appendFileSync(join(dir, 'gfm.jsonl'), `${JSON.stringify({ label, tables: r.tables, rows: r.rows, details: r.details })}\n`)
  return r
}

interface SourceTable {
  line: number
  columns: number
  /** Cells in each body row, as written. */
  body: number[]
}

/** Cells of a row as GFM splits it: on `|` not escaped by a backslash, code spans included; one leading and one trailing pipe dropped. */
export function cells(row: string): number {
  const s = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
  return s.split(/(?<!\\)\|/).length
}

const DELIMITER = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/

/** The tables the markdown means to have: a line with a pipe over a delimiter row, outside fenced code; the body runs to the next blank line. */
function sourceTables(markdown: string): SourceTable[] {
  const lines = markdown.split('\n')
  const tables: SourceTable[] = []
  let fence: string | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (f !== undefined && (fence === undefined || (f[0] === fence[0] && f.length >= fence.length))) {
      fence = fence === undefined ? f : undefined
      continue
    }
    if (fence !== undefined || !line.includes('|') || !DELIMITER.test(lines[i + 1] ?? '')) continue
    const body: number[] = []
    let j = i + 2
    for (; j < lines.length && (lines[j] ?? '').trim() !== ''; j++) body.push(cells(lines[j] ?? ''))
    tables.push({ line: i + 1, columns: cells(line), body })
    i = j
  }
  return tables
}

/**
 * Each table meant became a <table> with its rows and columns: GFM pads a short row and drops extra
 * cells without a word, and shows a broken table as text. Tables made from markdown are told from
 * raw HTML ones by their source line (`html` rendered with sourcepos).
 */
function checkTables(markdown: string, html: string): string[] {
  const problems: string[] = []
  const made = new Map([...html.matchAll(/<table data-sourcepos="(\d+):[^"]*">([\s\S]*?)<\/table>/g)].map((m) => [Number(m[1]), m[2] ?? '']))
  const meant = sourceTables(markdown)
  for (const line of made.keys()) if (!meant.some((t) => t.line === line)) problems.push(`a table at line ${line} that the check did not find in the markdown`)
  for (const t of meant) {
    t.body.forEach((n, r) => {
      if (n !== t.columns) problems.push(`table at line ${t.line}: row ${r + 1} has ${n} cells, its header ${t.columns}`)
    })
    const h = made.get(t.line)
    if (h === undefined) {
      problems.push(`table at line ${t.line}: no <table> in the HTML (GitHub shows it as text)`)
      continue
    }
    const head = [...h.matchAll(/<th\b/g)].length
    const body = /<tbody>([\s\S]*)<\/tbody>/.exec(h)?.[1] ?? ''
    const rows = [...body.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => [...(m[1] ?? '').matchAll(/<td\b/g)].length)
    if (head !== t.columns) problems.push(`table at line ${t.line}: ${head} header cells in the HTML, ${t.columns} in the markdown`)
    if (rows.length !== t.body.length) problems.push(`table at line ${t.line}: ${rows.length} rows in the HTML, ${t.body.length} in the markdown`)
    if (rows.some((n) => n !== head)) problems.push(`table at line ${t.line}: a row of the HTML has not ${head} cells`)
  }
  for (const m of html.matchAll(/<p\b[^>]*>(\|[^\n]*)/g)) problems.push(`a table row shown as text: ${(m[1] ?? '').slice(0, 80)}`)
  return problems
}

/** Elements a summary is made of: cmark-gfm's own and the raw HTML the summary writes. A tag not here came from a log. */
const ALLOWED = new Set(
  'p h1 h2 h3 h4 h5 h6 table thead tbody tr th td strong em del code pre a ul ol li blockquote hr br details summary sub sup kbd b i s'.split(' ')
)
const VOID = new Set(['br', 'hr', 'img', 'input', 'wbr'])

/** Every element allowed, and opened and closed in order (`<details>` above all: one left open swallows the rest of the summary). */
function checkTags(html: string): string[] {
  const problems: string[] = []
  const open: string[] = []
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(\/?)>/g)) {
    const [tag, closing, raw, selfClosing] = m
    const name = (raw ?? '').toLowerCase()
    if (!ALLOWED.has(name)) problems.push(`a raw tag ${tag} in the HTML`)
    if (VOID.has(name) || selfClosing === '/') continue
    if (closing !== '/') open.push(name)
    else if (open.at(-1) === name) open.pop()
    else problems.push(`</${name}> closes <${open.at(-1) ?? 'nothing'}>`)
  }
  if (open.length > 0) problems.push(`left open: <${open.join('>, <')}>`)
  return problems
}

/** A character reference that cmark-gfm escaped again shows on the page as `&#38;` (an entity in a code span, or escaped twice). */
function checkText(html: string): string[] {
  return [...new Set([...html.matchAll(/&amp;(#\d+|#x[\da-f]+|[a-z][a-z\d]*);/gi)].map((m) => m[0]))].map(
    (e) => `an entity shown as text: ${e.replace('&amp;', '&')}`
  )
}
