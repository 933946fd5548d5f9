import { spawnSync } from 'node:child_process'

// The metrics database that `.ci/run` starts (VictoriaMetrics, shared/tools/metrics-server): it takes
// OTLP/HTTP at $METRICS_URL/opentelemetry and answers PromQL at $METRICS_URL/api/v1/query.

export const METRICS_URL = process.env.METRICS_URL ?? 'http://127.0.0.1:18428'

/** Whether the metrics server answers its health check. */
export function metricsServerAnswers(): boolean {
  const r = spawnSync('curl', ['-fsS', '-m', '3', `${METRICS_URL}/health`], { encoding: 'utf8', timeout: 10_000 })
  return r.status === 0 && r.stdout.trim() === 'OK'
}

/**
 * In CI the server is part of the test set-up: its absence fails the run. Elsewhere the tests
 * that need it are skipped with a message that says how to start it.
 */
export function requireMetricsServer(): boolean {
  if (metricsServerAnswers()) return true
  const how = 'start it with: eval "$(../shared/tools/metrics-server up)"'
  if (process.env.CI === 'true') throw new Error(`the metrics server does not answer at ${METRICS_URL}; ${how}`)
  console.warn(`OTLP integration tests skipped: no metrics server; ${how}`)
  return false
}

export interface Sample {
  metric: Record<string, string>
  value: [number, string]
}

/** A PromQL instant query, polled until it returns a series: a point can be queried about 10 s after it is written. */
export async function promql(query: string, timeoutMs = 40_000): Promise<Sample[]> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const r = await fetch(`${METRICS_URL}/api/v1/query?${new URLSearchParams({ query }).toString()}`)
    const body = (await r.json()) as { status: string; data?: { result?: Sample[] } }
    const result = body.data?.result ?? []
    if (result.length > 0 || Date.now() > until) return result
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
}
