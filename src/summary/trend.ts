import type { Report } from '../report/report.js'
import { trendCharts } from './trend-chart.js'

/** `01-06 09:50`: the x-axis label of a run, short enough for a chart of twenty. */
const label = (iso: string): string => (Number.isNaN(Date.parse(iso)) ? '?' : new Date(iso).toISOString().slice(5, 16).replace('T', ' '))

/**
 * The baseline window's trend, this run last: hit rate, duration and (where every run has them)
 * billable minutes, as Mermaid charts; a chart that cannot be drawn is one line saying why.
 */
export function trendSection(r: Report): string {
  const history = r.deltas?.history
  if (history === undefined || history.length === 0) return ''
  const now = r.billing?.billableMinutes
  const points = history.map((h, i) => {
    const last = i === history.length - 1
    return {
      label: last ? 'this run' : label(h.createdAt),
      hitRate: h.hitRate,
      seconds: h.duration,
      minutes: (last ? now : h.billableMinutes) ?? null
    }
  })
  // minutes only where every run has them: a chart with holes says nothing
  const minutes = points.every((p) => p.minutes !== null)
  const shown = minutes ? points : points.map((p) => ({ ...p, minutes: null }))
  const kind = r.totals.durationKind === 'wall' ? 'wall clock' : r.totals.durationKind === 'sum' ? 'sum of vertex times' : 'wall clock where known'
  return ['### Trend', '', `The baseline window, oldest first, and this run (duration: ${kind}).`, '', ...trendCharts(shown, 'Duration (s)')].join('\n')
}
