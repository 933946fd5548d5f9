import type { Report } from '../report/report.js'
import type { Build, Stage } from '../model/build.js'
import type { PhaseName, Phases } from '../model/phases.js'
import { buildName } from '../model/identity.js'
import { formatDuration } from '../format.js'
import { code, escapeText } from './escape.js'
import { row } from './table.js'
import { ganttChart, type Bar, type ChartSection } from './mermaid.js'

/** Builds shown in detail; the JSON report has every build's phases and critical path. */
const BUILDS_SHOWN = 5
/** Bars per section of a chart, and links of a critical path, shown. */
const BARS = 40
const LINKS = 25

export const PHASE_LABEL: Record<PhaseName, string> = {
  context: 'Context transfer',
  'base-image': 'Base image resolve and pull',
  'cache-import': 'Cache import',
  steps: 'Dockerfile steps',
  export: 'Image export',
  push: 'Push',
  'cache-export': 'Cache export',
  other: 'Other vertexes'
}

/** `51 ms` under a second, where a warm build's phases are; `4.1s` above. */
export function fine(seconds: number): string {
  return seconds < 1 && seconds >= 0 ? `${String(Math.round(seconds * 1000))} ms` : formatDuration(seconds)
}

const percent = (part: number, whole: number): string => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '')

/** Push and cache export together take at least this share of the builds' time: the headline says so. */
const HEADLINE_SHARE = 0.25

/** `⏱️ push 51 ms and cache export 99 ms: 54.3% of the wall clock`, when they are a large share of it; else ''. */
export function pushAndCacheExport(r: Report): string {
  let push = 0
  let cacheExport = 0
  for (const b of r.builds) {
    for (const p of b.phases?.list ?? []) {
      if (p.phase === 'push') push += p.seconds
      else if (p.phase === 'cache-export') cacheExport += p.seconds
    }
  }
  const total = r.totals.duration
  if (total <= 0 || (push + cacheExport) / total < HEADLINE_SHARE) return ''
  const parts = [...(push > 0 ? [`**push ${fine(push)}**`] : []), ...(cacheExport > 0 ? [`**cache export ${fine(cacheExport)}**`] : [])]
  const of = r.totals.durationKind === 'wall' ? 'the wall clock' : 'the time'
  return `⏱️ ${parts.join(' and ')}: ${percent(push + cacheExport, total)} of ${of}, after the steps (see *Where the time went*)`
}

/** Where each build's time went: its phases, its critical path and its timeline, the longest builds first. */
export function timelineSection(r: Report): string {
  const builds = r.builds.filter((b) => b.phases !== undefined && b.phases.list.length > 0)
  if (builds.length === 0) return ''
  const several = r.builds.length > 1
  const shown = several ? [...builds].sort((a, b) => b.duration - a.duration).slice(0, BUILDS_SHOWN) : builds
  const parts = ['### Where the time went', '']
  for (const b of shown) {
    if (several) parts.push(`#### ${escapeText(buildName(b), 200)}`, '')
    if (b.phases) parts.push(...[phaseTable(b, b.phases), criticalPathTable(b), chart(b, b.phases)].filter((x) => x !== ''))
  }
  if (builds.length > shown.length)
    parts.push(`The ${String(builds.length - shown.length)} shorter builds are in the JSON report (\`builds[].phases\`, \`builds[].criticalPath\`).`, '')
  return parts.join('\n')
}

function phaseTable(b: Build, p: Phases): string {
  const wall = p.kind === 'wall'
  const total = p.list.reduce((t, x) => t + x.seconds, 0) + p.idle
  const rows = p.list.map((x) => row([PHASE_LABEL[x.phase], fine(x.seconds), percent(x.seconds, total), fine(x.busy), String(x.vertexes)]))
  if (wall) rows.push(row(['Between vertexes', fine(p.idle), percent(p.idle, total), '', '']))
  const how = wall
    ? `${fine(total)} wall clock: each moment counted once, in the phase running then (the steps first where phases ran side by side); *Busy* adds up each vertex's own time (${fine(p.accumulated)}: on average ${String(p.parallelism ?? 0)} vertexes ran at once). *Between vertexes*: nothing ran (BuildKit solving the graph, computing cache keys).`
    : `${fine(total)}: the sums of the vertexes' DONE times (plain logs carry no timestamps, so side by side vertexes each count, and this is more than the wall time when they ran in parallel).`
  return [
    how,
    '',
    row(['Phase', wall ? 'Wall time' : 'Time', 'Share', 'Busy', 'Vertexes']),
    row(['---', '--:', '--:', '--:', '--:']),
    ...rows,
    row([
      `**${b.status === 'success' ? 'Build' : `Build (${b.status})`}**`,
      `**${fine(total)}**`,
      '',
      fine(p.accumulated),
      String(p.list.reduce((n, x) => n + x.vertexes, 0))
    ]),
    ''
  ].join('\n')
}

function criticalPathTable(b: Build): string {
  const path = b.criticalPath
  if (!path || path.links.length === 0) return ''
  const links = path.links.length > LINKS ? [...path.links.slice(0, 2), ...path.links.slice(-(LINKS - 2))] : path.links
  const skipped = path.links.length - links.length
  const rows = links.map((l, i) => {
    const n = i < 2 || skipped === 0 ? i + 1 : i + 1 + skipped
    const status = l.cached ? 'cached' : ''
    const push = l.push === undefined ? '' : ` (push ${fine(l.push)})`
    return row([
      String(n),
      code(l.name, 160),
      `${PHASE_LABEL[l.phase]}${status === '' ? '' : ` · ${status}`}`,
      fine(l.start),
      `${fine(l.seconds)}${push}`,
      l.wait > 0 ? fine(l.wait) : ''
    ])
  })
  return [
    `**Critical path**: the chain of ${String(path.links.length)} vertexes the wall time was spent along, each waiting for the one before; their times add up to ${fine(path.busy)}, and ${fine(Math.max(0, path.seconds - path.busy))} went between them.`,
    '',
    row(['#', 'Vertex', 'Phase', 'Started at', 'Time', 'Waited']),
    row(['--:', '---', '---', '--:', '--:', '--:']),
    ...rows.slice(0, 2),
    ...(skipped > 0 ? [row(['', `… ${String(skipped)} more`, '', '', '', ''])] : []),
    ...rows.slice(2),
    ''
  ].join('\n')
}

/** The stages' spans, and the steps of the stage with the longest span; undefined without timestamps. */
function chart(b: Build, phases: Phases): string {
  if (b.durationKind !== 'wall' || phases.kind !== 'wall') return 'No timeline: the log has no timestamps (`--progress=rawjson` or a build record has them).\n'
  const spans = b.stages.flatMap((st) => {
    const s = stageSpan(st)
    return s ? [{ st, s }] : []
  })
  const around: Bar[] = phases.list.flatMap((p) => (p.phase !== 'steps' && p.span ? [{ label: PHASE_LABEL[p.phase], start: p.span[0], end: p.span[1] }] : []))
  const stageName = (st: Stage) => (st.platform === '' ? st.name : `${st.name} (${st.platform})`)
  const stages: Bar[] = spans.map(({ st, s }) => ({ label: stageName(st), start: s[0], end: s[1] }))
  // by its steps' time: a stage's span also holds the time it waited for the stages it copies from
  const slowest = spans.reduce<(typeof spans)[number] | undefined>((best, x) => (!best || x.st.seconds > best.st.seconds ? x : best), undefined)
  const steps: Bar[] = (slowest?.st.steps ?? []).flatMap((st) =>
    st.span ? [{ label: `${String(st.index)}/${String(st.count)} ${st.text}`, start: st.span[0], end: st.span[1] }] : []
  )
  const sections: ChartSection[] = [
    { name: 'Around the steps', bars: around.slice(0, BARS) },
    { name: 'Stages', bars: stages.slice(0, BARS) },
    // a build whose every step was cached has no step worth a bar
    ...(slowest && slowest.st.seconds > 0 ? [{ name: `Steps of ${stageName(slowest.st)}`, bars: steps.slice(0, BARS) }] : [])
  ]
  const title = `${buildName(b)}, ${fine(b.duration)}`
  const { text, left } = ganttChart(title, sections)
  const all = [around, stages, steps]
  const cut = sections.reduce((n, x, i) => n + (all[i]?.length ?? 0) - x.bars.length, 0) + left
  return [
    '```mermaid',
    text,
    '```',
    '',
    ...(cut > 0 ? [`${String(cut)} bars were left out of the chart (Mermaid draws at most 50,000 characters; the JSON report has every step's time).`, ''] : [])
  ].join('\n')
}

/** A stage's first step start to last step end, ms; cached steps' instants count. */
function stageSpan(st: Stage): [number, number] | undefined {
  let lo = Infinity
  let hi = -Infinity
  for (const s of st.steps) {
    if (!s.span) continue
    lo = Math.min(lo, s.span[0])
    hi = Math.max(hi, s.span[1])
  }
  return lo <= hi ? [lo, hi] : undefined
}
