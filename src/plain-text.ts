// The job summary's markdown as plain text for a terminal (the CLI): no HTML entities, tags or
// emphasis, tables as aligned columns. Only the constructs the summary writes are handled.

const ENTITY = /&#(\d+);|&#x([0-9a-f]+);|&(amp|lt|gt|quot);/gi
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"' }

function decode(s: string): string {
  return s.replace(ENTITY, (_, dec: string | undefined, hex: string | undefined, name: string | undefined) =>
    dec !== undefined
      ? String.fromCodePoint(Number(dec))
      : hex !== undefined
        ? String.fromCodePoint(parseInt(hex, 16))
        : (NAMED[(name ?? '').toLowerCase()] ?? '')
  )
}

/** Markup out of one line of text (not a table row): tags, emphasis, callouts. */
function inline(s: string): string {
  return decode(
    s
      .replace(/<summary>(.*?)<\/summary>/g, '$1')
      .replace(/<\/?[a-z][^>]*>/gi, '')
      .replace(/\*\*(.+?)\*\*/g, '$1')
  )
}

const isRow = (line: string): boolean => line.startsWith('|') && line.endsWith('|')
const cells = (line: string): string[] =>
  line
    .slice(1, -1)
    .split('|')
    .map((c) => c.trim())
const isRule = (line: string): boolean => /^\|(\s*:?-+:?\s*\|)+$/.test(line)
const width = (s: string): number => Array.from(s).length

function table(rows: string[]): string[] {
  const rule = rows.find(isRule)
  const right = rule === undefined ? [] : cells(rule).map((c) => c.endsWith(':'))
  const body = rows.filter((r) => !isRule(r)).map((r) => cells(r).map(inline))
  const widths: number[] = []
  for (const r of body) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, width(c))))
  return body.map((r) =>
    r
      .map((c, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - width(c))
        return right[i] === true ? pad + c : c + pad
      })
      .join('  ')
      .trimEnd()
  )
}

export function plainText(markdown: string): string {
  const out: string[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (isRow(line)) {
      const rows: string[] = []
      while (i < lines.length && isRow(lines[i] ?? '')) rows.push(lines[i++] ?? '')
      i--
      for (const r of table(rows)) out.push(r)
      continue
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      const text = inline(heading[2] ?? '')
      out.push(text, (heading[1] === '#' || heading[1] === '##' ? '=' : '-').repeat(width(text)))
      continue
    }
    const callout = /^>\s*\[!(\w+)\]\s*$/.exec(line)
    if (callout) {
      out.push(`${(callout[1] ?? '').charAt(0)}${(callout[1] ?? '').slice(1).toLowerCase()}:`)
      continue
    }
    out.push(inline(line.replace(/^>\s?/, '')))
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n')
}
