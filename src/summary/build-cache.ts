import type { Report } from '../report/report.js'
import { bar, formatBytes, formatBytesDelta } from '../format.js'
import { code } from './escape.js'
import { row } from './table.js'
import { maxOf } from '../arrays.js'

// The job summary's section on Docker's build cache (`docker buildx du`): not GitHub's Actions
// cache, which has its own section.

export function buildCacheSection(r: Report): string {
  const c = r.cache
  if (!c) return ''
  const t = c.totals
  const growth =
    c.growth === undefined
      ? 'growth unknown (no measurement of this builder before the builds)'
      : `this job: **${formatBytesDelta(c.growth)}**${c.cacheMountGrowth !== undefined && c.cacheMountGrowth !== 0 ? ` (cache mounts ${formatBytesDelta(c.cacheMountGrowth)})` : ''}`
  const max = maxOf(
    c.byType.map((b) => b.size),
    0
  )
  const lines = [
    '### Build cache',
    '',
    `**${formatBytes(t.total)}** in ${c.records} records on builder ${code(c.builder)} · reclaimable ${formatBytes(t.reclaimable)} · shared ${formatBytes(t.shared)} · cache mounts ${formatBytes(c.cacheMounts)} · ${growth}`,
    ''
  ]
  if (c.byType.length > 0) {
    lines.push(row(['Record type', 'Records', 'Size', '']), row(['---', '--:', '--:', '---']))
    for (const b of c.byType) lines.push(row([code(b.type), String(b.count), formatBytes(b.size), bar(b.size, max)]))
    lines.push('')
  }
  if (c.largest.length > 0) {
    lines.push('<details><summary>Largest cache records</summary>', '', row(['Type', 'Size', 'Description']), row(['---', '--:', '---']))
    for (const l of c.largest) lines.push(row([code(l.type), formatBytes(l.size), code(l.description, 160)]))
    lines.push('', '</details>', '')
  }
  return lines.join('\n')
}
