// A Mermaid `xychart-beta` chart (GitHub renders Mermaid in job summaries and Markdown files), or why
// one is left out: it needs two points at least, and numbers it can draw. Its text is checked with
// mermaid's own parser in the tests.

export interface ChartSeries {
  kind: 'line' | 'bar'
  values: readonly (number | null)[]
}

export interface Chart {
  title: string
  /** One label per point: short, quoted. */
  x: readonly string[]
  yTitle: string
  /** Fixed range (a percentage); else from the values. */
  yRange?: [number, number]
  series: readonly ChartSeries[]
}

/** Points drawn at most: the newest are kept, as GitHub's renderer crowds a long axis. */
export const MAX_POINTS = 60

/** The chart as a fenced mermaid block, or a one-line note of why it cannot be drawn. */
export function xychart(c: Chart): { markdown: string } | { omitted: string } {
  const from = Math.max(0, c.x.length - MAX_POINTS)
  const x = c.x.slice(from)
  if (x.length < 2) return { omitted: `${c.title}: a chart needs two runs at least` }
  const series = c.series.map((s) => ({ kind: s.kind, values: s.values.slice(from) }))
  // a run without the figure (no step read) breaks the line: drawn as 0 it would lie
  if (series.some((s) => s.values.length !== x.length || s.values.some((v) => v === null || !Number.isFinite(v))))
    return { omitted: `${c.title}: some runs have no figure, so no chart` }
  const values = series.flatMap((s) => s.values as number[])
  const [lo, hi] = c.yRange ?? [Math.min(0, ...values), niceMax(Math.max(...values))]
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title ${quote(c.title)}`,
    `  x-axis [${x.map(quote).join(', ')}]`,
    `  y-axis ${quote(c.yTitle)} ${num(lo)} --> ${num(hi)}`,
    ...series.map((s) => `  ${s.kind} [${(s.values as number[]).map(num).join(', ')}]`),
    '```'
  ]
  return { markdown: lines.join('\n') }
}

// mermaid's grammar has no escape inside a quoted string: a quote becomes an apostrophe; `<...=`
// reads as a tag to mermaid, and `%%` starts a comment even there (both seen failing its parser)
const quote = (s: string): string => {
  const t = s
    .replace(/["\r\n]/g, "'")
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/%{2,}/g, '%')
    .slice(0, 60)
  // nor an empty one
  return `"${t.trim() === '' ? '-' : t}"`
}

/** Plain decimal, never an exponent (1e-7), which the grammar does not read. */
const num = (n: number): string => {
  const r = Math.round(n * 1000) / 1000
  return Object.is(r, -0) ? '0' : String(r)
}

/** A round top for the axis: 1, 2 or 5 times a power of ten, at least the largest value. */
function niceMax(v: number): number {
  if (!(v > 0)) return 1
  const p = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p
  return 10 * p
}
