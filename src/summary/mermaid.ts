// Mermaid gantt charts for the job summary, which GitHub draws from a ```mermaid block. Names come
// from the log: whatever a Dockerfile says must neither break the chart nor the code block.

/** Mermaid refuses a diagram longer than this (its `maxTextSize`). */
export const MERMAID_LIMIT = 50_000

/** One bar: a label and its start and end, ms since the epoch. */
export interface Bar {
  label: string
  start: number
  end: number
}

export interface ChartSection {
  name: string
  bars: Bar[]
}

// `:` ends a task's name; `#…;` is an entity code to Mermaid, which its gantt charts (11.x) then draw
// as `ﬂ°°35¶ß`, so no entity code will do; `#` and `;` end some of its lines, `%` starts a comment
// almost anywhere; quotes and `<>` are markup in a title; a backtick could close the code block. Each becomes a character that looks like it and that common fonts have
// (not the fullwidth forms, which fonts without CJK draw as boxes). `&` is drawn as it is in a bar.
const LOOKALIKE: Readonly<Record<string, string>> = {
  ':': '\u2236',
  '#': '\u266f',
  ';': '\u037e',
  '"': '\u201d',
  "'": '\u2019',
  '<': '\u2039',
  '>': '\u203a',
  '`': '\u02cb',
  '%': '\u066a'
}
const UNSAFE = /[:#;"'<>`%]/g
// a line that starts with one of these words is a directive, not a task or a section: a zero-width space goes before it
const KEYWORD =
  /^(?:title|section|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|click|inclusiveenddates|topaxis|weekday|weekend|acctitle|accdescr|displaymode|gantt|vert)(?![\p{L}\p{N}_-])/iu

/** Log text as a Mermaid name: one line, at most `max` characters, every character that is syntax replaced by one that looks like it. */
export function mermaidText(text: string, max = 60): string {
  // eslint-disable-next-line no-control-regex
  let s = text.replace(/[\s\x00-\x1f\x7f\u200b]+/g, ' ').trim()
  if (s.length > max) s = `${s.slice(0, max - 1)}…`
  s = s.replace(UNSAFE, (c) => LOOKALIKE[c] ?? ' ')
  if (s === '') return '\u2013'
  return KEYWORD.test(s) ? `\u200b${s}` : s
}

// steps of the axis, ms: the first that gives at most 10 ticks over the chart
const TICKS: readonly [number, string][] = [
  [100, '100millisecond'],
  [200, '200millisecond'],
  [500, '500millisecond'],
  [1_000, '1second'],
  [2_000, '2second'],
  [5_000, '5second'],
  [10_000, '10second'],
  [15_000, '15second'],
  [30_000, '30second'],
  [60_000, '1minute'],
  [120_000, '2minute'],
  [300_000, '5minute'],
  [600_000, '10minute'],
  [900_000, '15minute'],
  [1_800_000, '30minute'],
  [3_600_000, '1hour']
]

/**
 * A gantt chart on the reader's own clock (times are real, so the axis is right in every time zone),
 * within `limit` characters: bars that do not fit are left out, each section's last first, and counted.
 */
export function ganttChart(title: string, sections: readonly ChartSection[], limit = MERMAID_LIMIT): { text: string; left: number } {
  const bars = sections.flatMap((s) => s.bars)
  const lo = bars.reduce((m, b) => Math.min(m, b.start), Infinity)
  const hi = bars.reduce((m, b) => Math.max(m, b.end), -Infinity)
  const wall = Number.isFinite(lo) && hi > lo ? hi - lo : 0
  const tick = TICKS.find(([step]) => wall / step <= 10) ?? TICKS[TICKS.length - 1]
  const head = [
    'gantt',
    `  title ${mermaidText(title, 120)}`,
    '  dateFormat x',
    `  axisFormat ${wall < 3_000 ? '%H:%M:%S.%L' : '%H:%M:%S'}`,
    ...(tick ? [`  tickInterval ${tick[1]}`] : []),
    '  todayMarker off'
  ]
  const lines = [...head]
  let size = lines.reduce((n, l) => n + l.length + 1, 0)
  let left = 0
  let id = 0
  for (const section of sections) {
    const heading = `  section ${mermaidText(section.name, 80)}`
    const rows = section.bars.map((b) => `  ${mermaidText(b.label)} :b${++id}, ${Math.round(b.start)}, ${Math.round(Math.max(b.end, b.start))}`)
    if (rows.length === 0) continue
    if (size + heading.length + 1 + (rows[0]?.length ?? 0) + 1 > limit) {
      left += rows.length
      continue
    }
    lines.push(heading)
    size += heading.length + 1
    for (const row of rows) {
      if (size + row.length + 1 > limit) {
        left++
        continue
      }
      lines.push(row)
      size += row.length + 1
    }
  }
  return { text: lines.join('\n'), left }
}
