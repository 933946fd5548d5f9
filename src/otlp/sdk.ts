import { ROOT_CONTEXT, SpanStatusCode, trace, ValueType, type Context, type Gauge, type Tracer } from '@opentelemetry/api'
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import { TracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace'
import type { MetricDef, MetricPoint, Attributes } from './metrics.js'
import type { SpanAttributes, SpanNode } from './spans.js'

// The OpenTelemetry JS SDK, loaded only when an endpoint is set (export.ts imports this module
// lazily): its instruments make the points and spans, its OTLP/HTTP exporters encode them as
// protobuf and send them. Each signal is collected once and exported with one call, whose result
// (or error) is returned rather than left to the SDK's diagnostic log, which nobody reads.

export interface Target {
  url: string
  headers: Record<string, string>
  timeoutMs: number
}

export interface Outcome {
  ok: boolean
  /** Why not, in the exporter's words (`connect ECONNREFUSED ...`, an HTTP status): never a header. */
  error?: string
}

const SCOPE = 'build-insights'

/** A reader that collects when asked and never on a timer: the run ends right after. */
class OnceReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve()
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve()
  }
}

function outcome(result: { code: number; error?: Error }): Outcome {
  // ExportResultCode.SUCCESS is 0
  if (result.code === 0) return { ok: true }
  const e = result.error as (Error & { code?: unknown }) | undefined
  const status = typeof e?.code === 'number' ? `HTTP ${e.code}` : ''
  // the SDK keeps no status for an answer worth retrying: only these four are
  const message =
    e?.message === 'Export failed with retryable status'
      ? 'the endpoint answered HTTP 429, 502, 503 or 504 on every try within the time budget'
      : (e?.message ?? 'the export failed')
  return { ok: false, error: status !== '' && !message.includes(String(e?.code)) ? `${status} ${message}` : message }
}

export async function sendMetrics(points: readonly MetricPoint[], resource: Attributes, to: Target): Promise<Outcome> {
  const reader = new OnceReader()
  const provider = new MeterProvider({ resource: resourceFromAttributes(resource), readers: [reader] })
  const meter = provider.getMeter(SCOPE)
  const gauges = new Map<MetricDef, Gauge>()
  for (const p of points) {
    let g = gauges.get(p.metric)
    if (g === undefined) {
      g = meter.createGauge(p.metric.name, {
        unit: p.metric.unit,
        description: p.metric.description,
        valueType: p.metric.integer ? ValueType.INT : ValueType.DOUBLE
      })
      gauges.set(p.metric, g)
    }
    g.record(p.value, p.attributes)
  }
  const { resourceMetrics, errors } = await reader.collect()
  if (errors.length > 0) return { ok: false, error: String(errors[0]) }
  const exporter = new OTLPMetricExporter({ url: to.url, headers: to.headers, timeoutMillis: to.timeoutMs })
  try {
    return await new Promise<Outcome>((resolve) => {
      exporter.export(resourceMetrics, (r) => {
        resolve(outcome(r))
      })
    })
  } finally {
    void exporter.shutdown().catch(() => undefined)
    void provider.shutdown().catch(() => undefined)
  }
}

/** Keeps every span that ends, to send them in one request. */
class Collect implements SpanProcessor {
  readonly spans: ReadableSpan[] = []
  onStart(): void {
    // nothing to do before a span ends
  }
  onEnd(span: ReadableSpan): void {
    this.spans.push(span)
  }
  forceFlush(): Promise<void> {
    return Promise.resolve()
  }
  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}

function start(tracer: Tracer, node: SpanNode, parent: Context): void {
  const span = tracer.startSpan(node.name, { startTime: node.start, attributes: node.attributes satisfies SpanAttributes }, parent)
  if (node.error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: node.error })
  const context = trace.setSpan(parent, span)
  for (const child of node.children) start(tracer, child, context)
  span.end(node.end)
}

export async function sendTraces(traces: readonly SpanNode[], resource: SpanAttributes, to: Target): Promise<Outcome> {
  const collect = new Collect()
  const provider = new TracerProvider({ resource: resourceFromAttributes(resource), spanProcessors: [collect] })
  const tracer = provider.getTracer(SCOPE)
  // each build is the root of a trace of its own
  for (const t of traces) start(tracer, t, ROOT_CONTEXT)
  const exporter = new OTLPTraceExporter({ url: to.url, headers: to.headers, timeoutMillis: to.timeoutMs })
  try {
    return await new Promise<Outcome>((resolve) => {
      exporter.export(collect.spans, (r) => {
        resolve(outcome(r))
      })
    })
  } finally {
    void exporter.shutdown().catch(() => undefined)
    void provider.shutdown().catch(() => undefined)
  }
}
