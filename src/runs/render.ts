import { formatDuration, formatPercent, sparkline } from '../format.js'
import { escapeText } from '../summary/escape.js'
import { row } from '../summary/table.js'
import { trendCharts } from '../summary/trend-chart.js'
import type { JobPoint, JobTrend, Trend } from './trend.js'
import type { RunInfo } from './job-logs.js'

// The trend as a terminal table with sparklines, as Markdown with Mermaid xychart-beta charts, or
// as JSON for tools. Runs oldest first, left to right in the charts and top to bottom in the tables.

const runLabel = (r: RunInfo): string => (r.number === undefined ? r.id : `#${r.number}`)
const day = (p: JobPoint): string => (p.at > 0 ? new Date(p.at).toISOString().slice(0, 16).replace('T', ' ') : '')
const rate = (r: number | null): string => (r === null ? 'n/a' : `${formatPercent(r)}%`)
const minutes = (p: JobPoint): string => (p.billableMinutes === undefined ? '' : String(p.billableMinutes))
const dollars = (p: JobPoint): string => (p.cost === undefined ? '' : `$${p.cost.toFixed(2)}`)
/** A run without the figure is a gap, not a 0. */
function spark(values: (number | null)[]): string {
  // one BMP character per value
  const line = sparkline(values.filter((v): v is number => v !== null))
  let i = 0
  return values.map((v) => (v === null ? ' ' : line.charAt(i++))).join('')
}

function headline(t: JobTrend): string {
  const price = t.price === undefined || t.price.source === 'unknown' ? '' : ` · ${t.price.sku} at $${t.price.usdPerMinute.toFixed(3)}/min`
  return `${t.workflow} · job ${t.job} · ${t.points.length} run${t.points.length === 1 ? '' : 's'}${price}`
}

/** Aligned columns, as the CLI prints the summary's tables. */
function columns(rows: string[][], right: readonly boolean[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? []
  return rows.map((r) =>
    r
      .map((c, i) => (right[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  )
}

export function renderText(trend: Trend): string {
  const out: string[] = []
  for (const t of trend.jobs) {
    out.push(headline(t), '')
    const rows = [['run', 'started (UTC)', 'branch', 'hit rate', 'build time', 'billable min', 'cost']]
    for (const p of t.points) rows.push([runLabel(p.run), day(p), p.run.branch ?? '', rate(p.hitRate), formatDuration(p.buildSeconds), minutes(p), dollars(p)])
    out.push(...columns(rows, [false, false, false, true, true, true, true]).map((l) => `  ${l}`), '')
    const trendRows = [
      ['hit rate', spark(t.points.map((p) => p.hitRate)), `${rate(t.points[0]?.hitRate ?? null)} → ${rate(t.points.at(-1)?.hitRate ?? null)}`],
      [
        'build time',
        spark(t.points.map((p) => p.buildSeconds)),
        `${formatDuration(t.points[0]?.buildSeconds ?? 0)} → ${formatDuration(t.points.at(-1)?.buildSeconds ?? 0)}`
      ]
    ]
    if (t.points.some((p) => p.billableMinutes !== undefined))
      trendRows.push([
        'billable min',
        spark(t.points.map((p) => p.billableMinutes ?? null)),
        `${minutes(t.points[0] as JobPoint)} → ${minutes(t.points.at(-1) as JobPoint)}`
      ])
    out.push(...columns(trendRows, [false, false, false]).map((l) => `  ${l}`), '  (oldest → newest)', '')
    for (const b of t.builds) {
      const series = t.points.map((p) => p.builds.find((x) => x.key === b.key))
      const rates = series.map((x) => x?.hitRate ?? null)
      const times = series.map((x) => x?.seconds ?? null)
      out.push(`  build ${b.name}${b.step === undefined || b.step === b.name ? '' : ` (step: ${b.step})`}`)
      out.push(`    hit rate   ${spark(rates)}  ${rates.map(rate).join(' ')}`)
      out.push(`    build time ${spark(times)}  ${times.map((s) => (s === null ? '—' : formatDuration(s))).join(' ')}`)
    }
    out.push('')
  }
  out.push(...notes(trend))
  return out.join('\n').trimEnd()
}

function notes(trend: Trend): string[] {
  const out: string[] = []
  if (trend.jobs.length === 0) out.push('No job log was read.')
  if (trend.missing.length > 0) {
    out.push(`${trend.missing.length} job log${trend.missing.length === 1 ? '' : 's'} missing (the trend is partial):`)
    for (const m of trend.missing.slice(0, 20)) out.push(`  run ${runLabel(m.run)} ${m.job.name}: ${m.why}`)
    if (trend.missing.length > 20) out.push(`  … and ${trend.missing.length - 20} more`)
  }
  return out
}

export function renderMarkdown(trend: Trend): string {
  const out: string[] = ['## Past runs: Docker build trend', '']
  for (const t of trend.jobs) {
    out.push(`### ${escapeText(headline(t), 300)}`, '')
    out.push(row(['Run', 'Started (UTC)', 'Branch', 'Hit rate', 'Build time', 'Billable min', 'Cost']), row(['---', '---', '---', '--:', '--:', '--:', '--:']))
    for (const p of t.points)
      out.push(row([runLabel(p.run), day(p), escapeText(p.run.branch ?? '', 100), rate(p.hitRate), formatDuration(p.buildSeconds), minutes(p), dollars(p)]))
    out.push('')
    out.push(...trendCharts(t.points.map((p) => ({ label: runLabel(p.run), hitRate: p.hitRate, seconds: p.buildSeconds, minutes: p.billableMinutes ?? null }))))
    if (t.builds.length > 1 || (t.builds.length === 1 && t.points.some((p) => p.builds.length !== 1))) {
      out.push(row(['Build', 'Step', 'Hit rate (oldest → newest)', 'Build time']), row(['---', '---', '---', '---']))
      for (const b of t.builds) {
        const series = t.points.map((p) => p.builds.find((x) => x.key === b.key))
        out.push(
          row([
            escapeText(b.name, 200),
            escapeText(b.step ?? '', 200),
            `${spark(series.map((x) => x?.hitRate ?? null))} ${series.map((x) => rate(x?.hitRate ?? null)).join(' ')}`,
            series.map((x) => (x === undefined ? '—' : formatDuration(x.seconds))).join(' ')
          ])
        )
      }
      out.push('')
    }
  }
  const n = notes(trend)
  if (n.length > 0) out.push('> [!NOTE]', ...n.map((l) => `> ${escapeText(l, 400)}`), '')
  return out.join('\n')
}

/** For tools: the trend as it is, with times in RFC 3339. */
export function renderJson(trend: Trend): string {
  return JSON.stringify(
    {
      jobs: trend.jobs.map((t) => ({
        workflow: t.workflow,
        job: t.job,
        price: t.price,
        builds: t.builds,
        runs: t.points.map((p) => ({ ...p, at: p.at > 0 ? new Date(p.at).toISOString() : undefined }))
      })),
      missing: trend.missing,
      problems: trend.problems
    },
    null,
    2
  )
}
