import { Input } from '../constants.js'
import { inputProblem, notice, type Problem } from '../problems.js'
import { redact } from '../redact.js'

// Where metrics and traces go, read as every OpenTelemetry SDK reads it: a base URL (`/v1/metrics`
// and `/v1/traces` are appended, as to OTEL_EXPORTER_OTLP_ENDPOINT) and headers as `key=value`
// pairs (OTEL_EXPORTER_OTLP_HEADERS), the inputs first and the standard variables after them.

export interface OtlpSettings {
  /** `https://otlp.example.com/otlp/v1/metrics` */
  metricsUrl: string
  tracesUrl: string
  /** Usually an API key: never printed, never in the report. */
  headers: Record<string, string>
  traces: boolean
  /** The header values and the raw input, to mask in the job log before anything is printed. */
  secrets: string[]
}

/** The endpoint as it may be shown: scheme, host and path, no user, password or query. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}${u.pathname}`
  } catch {
    return redact(url).text
  }
}

/** `base` + `/v1/metrics`, with one slash between them, as the OTLP exporter specification appends it. */
export function signalUrl(base: string, signal: 'metrics' | 'traces'): string {
  return `${base.endsWith('/') ? base : `${base}/`}v1/${signal}`
}

// RFC 9110 token characters: what an HTTP header name may be made of
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * `api-key=abc,x-tenant=ci` (or one pair a line, as a multi-line input is written); values are
 * percent-decoded as in OTEL_EXPORTER_OTLP_HEADERS. A malformed pair is named by its position,
 * never by its text: it may hold the key.
 */
export function parseHeaders(text: string): { headers: Record<string, string>; bad: number[] } {
  const headers: Record<string, string> = {}
  const bad: number[] = []
  const pairs = text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
  pairs.forEach((pair, i) => {
    const eq = pair.indexOf('=')
    const name = eq < 0 ? '' : pair.slice(0, eq).trim()
    if (!HEADER_NAME.test(name)) {
      bad.push(i + 1)
      return
    }
    const raw = pair.slice(eq + 1).trim()
    let value = raw
    try {
      value = decodeURIComponent(raw)
    } catch {
      // a lone `%` is kept as written, as the SDKs do
    }
    headers[name] = value
  })
  return { headers, bad }
}

/** The inputs, or OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_HEADERS where they are empty; undefined when no endpoint is set. */
export function otlpSettings(get: (name: string) => string, env: NodeJS.ProcessEnv, traces: boolean, errors: Problem[]): OtlpSettings | undefined {
  const fromInput = get(Input.OtlpEndpoint).trim()
  const inputHeaders = get(Input.OtlpHeaders).trim()
  const endpoint = fromInput || (env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '').trim()
  if (endpoint === '') return undefined
  if (fromInput === '') {
    // the variables may be there for another program of the job (buildx's own traces, a gRPC collector)
    if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return undefined
    if ((env.OTEL_EXPORTER_OTLP_PROTOCOL ?? '').trim() === 'grpc') {
      errors.push(
        notice(
          'input-invalid',
          `no metrics sent to OTEL_EXPORTER_OTLP_ENDPOINT: OTEL_EXPORTER_OTLP_PROTOCOL is grpc, and this action speaks OTLP/HTTP; set ${Input.OtlpEndpoint} to the OTLP/HTTP endpoint`
        )
      )
      return undefined
    }
  }
  const rawHeaders = inputHeaders || (env.OTEL_EXPORTER_OTLP_HEADERS ?? '').trim()
  const { headers, bad } = parseHeaders(rawHeaders)
  if (bad.length > 0) {
    const which = `pair ${bad.join(', ')} of ${inputHeaders === '' ? 'OTEL_EXPORTER_OTLP_HEADERS' : Input.OtlpHeaders}`
    errors.push(inputProblem(Input.OtlpHeaders, '(not shown)', `key=value pairs separated by commas or lines (${which} is not)`))
  }
  let url: URL | undefined
  try {
    url = new URL(endpoint)
  } catch {
    url = undefined
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    errors.push(inputProblem(fromInput === '' ? 'OTEL_EXPORTER_OTLP_ENDPOINT' : Input.OtlpEndpoint, shownUrl(endpoint), 'an http or https URL'))
    return undefined
  }
  const secrets = [...new Set([rawHeaders, ...Object.values(headers)].filter((v) => v !== ''))]
  return { metricsUrl: signalUrl(endpoint, 'metrics'), tracesUrl: signalUrl(endpoint, 'traces'), headers, traces, secrets }
}
