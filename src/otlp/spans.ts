import type { Report } from '../report/report.js'
import type { Build, Stage, Step } from '../model/build.js'
import { hitRate } from '../analysis/analyse.js'
import { buildName } from '../model/identity.js'
import { span } from '../model/intervals.js'

// A build as a trace: its span, a child for each stage and a grandchild for each step, at the times
// BuildKit gave them (rawjson, build records), so that Jaeger or Tempo draw the summary's timeline.
// Times are never made up: a build without timestamps (a plain log) has no trace, a step without
// them no span.

export type SpanAttributes = Record<string, string | number | boolean>

export interface SpanNode {
  name: string
  /** ms since the epoch */
  start: number
  end: number
  attributes: SpanAttributes
  /** Set on a failed build or step: the span's status is then an error with this message. */
  error?: string
  children: SpanNode[]
}

export interface BuildTraces {
  traces: SpanNode[]
  /** Builds with no timestamps (plain logs), by name: no trace for them. */
  untimed: string[]
  /** Step spans were left out: there were more than MAX_SPANS. */
  stepsLeftOut: boolean
}

/** Spans sent at most in one run: a build of thousands of steps keeps its build and stage spans. */
export const MAX_SPANS = 5000

const MAX_NAME = 200

const cut = (s: string): string => (s.length > MAX_NAME ? `${s.slice(0, MAX_NAME - 1)}…` : s)

function stepSpan(s: Step, at: [number, number]): SpanNode {
  const node: SpanNode = {
    // as BuildKit prints it: `[build 3/5] RUN npm ci`
    name: cut(s.name),
    start: at[0],
    end: at[1],
    attributes: {
      'docker.build.stage': s.stage,
      'docker.build.step': `${s.index}/${s.count}`,
      'docker.build.step.instruction': s.instruction.toUpperCase(),
      'docker.build.step.cached': s.cached,
      'docker.build.step.status': s.status
    },
    children: []
  }
  if (s.platform !== '') node.attributes['docker.build.platform'] = s.platform
  if (s.status === 'error') node.error = 'the step failed'
  return node
}

function stageSpan(st: Stage): SpanNode | undefined {
  const steps = st.steps.flatMap((s) => (s.span ? [stepSpan(s, s.span)] : []))
  const at = span(steps.map((s): [number, number] => [s.start, s.end]))
  if (at === undefined) return undefined
  const node: SpanNode = {
    name: cut(`stage ${st.name}${st.platform === '' ? '' : ` (${st.platform})`}`),
    start: at[0],
    end: at[1],
    attributes: { 'docker.build.stage': st.name, 'docker.build.steps': st.steps.length, 'docker.build.steps.cached': st.cached },
    children: steps
  }
  if (st.platform !== '') node.attributes['docker.build.platform'] = st.platform
  return node
}

function buildSpan(b: Build, start: number, end: number): SpanNode {
  const cached = b.steps.filter((s) => s.cached).length
  const name = buildName(b)
  const node: SpanNode = {
    name: cut(`docker build ${name}`),
    start,
    end,
    attributes: {
      'docker.build.name': name,
      'docker.build.status': b.status,
      'docker.build.steps': b.steps.length,
      'docker.build.steps.cached': cached
    },
    children: b.stages.flatMap((st) => stageSpan(st) ?? [])
  }
  const rate = hitRate(cached, b.steps.length)
  if (rate !== null) node.attributes['docker.build.cache.hit_rate'] = rate
  if ((b.platforms ?? []).length > 0) node.attributes['docker.build.platform'] = (b.platforms ?? []).join(',')
  if (b.ref !== undefined) node.attributes['docker.build.ref'] = b.ref
  if (b.dockerfile !== undefined) node.attributes['docker.build.dockerfile'] = b.dockerfile
  if (b.status !== 'success') node.error = b.error ?? `the build ${b.status === 'canceled' ? 'was canceled' : 'failed'}`
  return node
}

/** One trace per build that has timestamps; the others are named, so that the job log can say why they have none. */
export function buildTraces(report: Report): BuildTraces {
  const traces: SpanNode[] = []
  const untimed: string[] = []
  for (const b of report.builds) {
    if (b.startedAt === undefined || b.completedAt === undefined) untimed.push(buildName(b))
    else traces.push(buildSpan(b, b.startedAt, b.completedAt))
  }
  const stepsLeftOut = traces.reduce((n, t) => n + countSpans(t), 0) > MAX_SPANS
  if (stepsLeftOut) for (const t of traces) for (const st of t.children) st.children = []
  return { traces, untimed, stepsLeftOut }
}

/** Spans in a trace, the root included. */
export function countSpans(node: SpanNode): number {
  return 1 + node.children.reduce((n, c) => n + countSpans(c), 0)
}
