import type { ActionIO } from '../action-io.js'
import { Deadline, Timeout } from '../deadline.js'
import { errorText } from '../problems.js'
import { redact } from '../redact.js'
import type { Report } from '../report/report.js'
import { jobAttributes, metricPoints } from './metrics.js'
import { shownUrl, type OtlpSettings } from './settings.js'
import { buildTraces, countSpans, type SpanAttributes } from './spans.js'
import type { Outcome, Target } from './sdk.js'

// Sends the report's metrics (and, asked for, its builds as traces) to the team's OpenTelemetry
// backend. Nothing here can fail the step: an endpoint that refuses, does not answer or is not
// there is a warning, and the wait is bounded by what is left of the `timeout` budget.

/** Even with the budget spent on docker, the export gets this long: a few seconds for one request. */
const FLOOR_MS = 5_000

const SERVICE = { 'service.name': 'build-insights' }

/** The run as a trace's resource: its identity in full, run and commit included (a trace is one run). */
function traceResource(report: Report): SpanAttributes {
  const j = report.job
  const a: SpanAttributes = { ...SERVICE, ...jobAttributes(j) }
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined) a[key] = value
  }
  put('github.run_id', j?.runId)
  put('github.run_attempt', j?.runAttempt)
  put('github.run_url', j?.runUrl)
  put('github.sha', j?.sha)
  put('runner.name', j?.runner?.name)
  return a
}

type Send = (target: Target) => Promise<Outcome>

export async function exportTelemetry(
  report: Report,
  settings: OtlpSettings,
  io: Pick<ActionIO, 'info' | 'notice' | 'warning'>,
  budget: Pick<Deadline, 'remainingMs'>
): Promise<void> {
  const ms = Math.max(FLOOR_MS, budget.remainingMs())
  const deadline = new Deadline(ms / 1000)
  const target = (url: string): Target => ({ url, headers: settings.headers, timeoutMs: ms })
  try {
    // the SDK is loaded here, and only here: a run without an endpoint never pays for it
    const sdk = await import('./sdk.js')
    const points = metricPoints(report)
    const sends: [what: string, url: string, send: Send][] = [
      [`${points.length} metric points`, settings.metricsUrl, (t) => sdk.sendMetrics(points, SERVICE, t)]
    ]
    if (settings.traces) {
      const built = buildTraces(report)
      if (built.untimed.length > 0)
        io.notice(
          `OTLP: no trace for ${built.untimed.join(', ')}: a plain log has no timestamps (build with --progress=rawjson, or read the build records with build-refs)`
        )
      if (built.stepsLeftOut) io.notice('OTLP: the traces carry builds and stages only: their steps were too many to send')
      const spans = built.traces.reduce((n, t) => n + countSpans(t), 0)
      if (built.traces.length > 0)
        sends.push([`${built.traces.length} trace(s) of ${spans} spans`, settings.tracesUrl, (t) => sdk.sendTraces(built.traces, traceResource(report), t)])
    }
    await Promise.all(sends.map(([what, url, send]) => sendOne(what, url, () => send(target(url)), deadline, io)))
  } catch (e) {
    io.warning(`OTLP: nothing was sent: ${redact(errorText(e)).text}`)
  } finally {
    deadline.dispose()
  }
}

async function sendOne(what: string, url: string, send: () => Promise<Outcome>, deadline: Deadline, io: Pick<ActionIO, 'info' | 'warning'>): Promise<void> {
  const where = shownUrl(url)
  try {
    const r = await deadline.bound(send(), `the OTLP endpoint ${where}`)
    if (r instanceof Timeout) io.warning(`OTLP: ${what} not sent: ${r.message}`)
    else if (r.ok) io.info(`OTLP: sent ${what} to ${where}`)
    else io.warning(`OTLP: ${what} not sent to ${where}: ${redact(r.error ?? 'the export failed').text}`)
  } catch (e) {
    io.warning(`OTLP: ${what} not sent to ${where}: ${redact(errorText(e)).text}`)
  }
}
