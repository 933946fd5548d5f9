import { escapeText } from './escape.js'
import { xychart } from './xychart.js'

export interface TrendPoint {
  label: string
  hitRate: number | null
  /** Seconds. */
  seconds: number | null
  minutes: number | null
}

/**
 * The hit rate, the duration and (where known) the billable minutes of runs, oldest first, as three
 * Mermaid charts (one unit each); a chart that cannot be drawn is left out with one line saying why.
 */
export function trendCharts(points: readonly TrendPoint[], durationTitle = 'Build time (s)'): string[] {
  const x = points.map((p) => p.label)
  const charts = [
    xychart({ title: 'Cache hit rate (%)', x, yTitle: '%', yRange: [0, 100], series: [{ kind: 'line', values: points.map((p) => p.hitRate) }] }),
    xychart({ title: durationTitle, x, yTitle: 's', series: [{ kind: 'bar', values: points.map((p) => p.seconds) }] })
  ]
  if (points.some((p) => p.minutes !== null))
    charts.push(xychart({ title: 'Billable minutes', x, yTitle: 'min', series: [{ kind: 'bar', values: points.map((p) => p.minutes) }] }))
  return charts.flatMap((c) => ('markdown' in c ? [c.markdown, ''] : [`_${escapeText(c.omitted, 200)}._`, '']))
}
