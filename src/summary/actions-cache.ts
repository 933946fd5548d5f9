import type { Report } from '../report/report.js'
import { gib } from '../format.js'
import { escapeText } from './escape.js'

// The job summary's section on the repository's GitHub Actions cache (REST API): not Docker's
// build cache, which has its own section.

export function actionsCacheSection(r: Report): string {
  const a = r.actionsCache
  if (!a) return ''
  const b = a.buildkit
  const lines = [
    '### GitHub Actions cache',
    '',
    `${escapeText(a.repository)}: **${gib(a.usageBytes)}** of ${gib(a.limitBytes)} (${a.percentOfLimit.toFixed(1)}%, ${a.limitFromApi ? 'the configured limit' : 'the default limit'}) in ${a.activeCount} entries${a.percentOfLimit > 80 ? ' ⚠️ near the limit: GitHub evicts the least recently used entries beyond it' : ''}`,
    '',
    `BuildKit \`type=gha\` entries: ${b.count}, ${gib(b.bytes)}${b.oldestLastAccessedAt === undefined ? '' : ` · oldest last access ${escapeText(b.oldestLastAccessedAt)}`} · entries unused for 7 days are dropped`,
    ''
  ]
  return lines.join('\n')
}
