import { afterEach, describe, expect, test } from 'vitest'
import { fixture, memoryIO } from './helpers.js'
import { reportFromLogs } from '../src/pipeline.js'
import { jobIdentity, legName, parseMatrix } from '../src/github/job.js'
import { getInputs } from '../src/inputs.js'
import { METRICS, metricPoints } from '../src/otlp/metrics.js'
import { buildTraces, countSpans, MAX_SPANS } from '../src/otlp/spans.js'
import { exportTelemetry } from '../src/otlp/export.js'
import { otlpSettings, parseHeaders, shownUrl, signalUrl, type OtlpSettings } from '../src/otlp/settings.js'
import type { Problem } from '../src/problems.js'
import type { Report } from '../src/report/report.js'
import { gaugePoints, spans, startReceiver, type Receiver } from './otlp-receiver.js'

const NOW = new Date('2026-11-28T12:00:00Z')
const THREE = fixture('threeimages/docker28-threeimages-cold.rawjson.log')
const ENV = {
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_WORKFLOW: 'CI',
  GITHUB_JOB: 'images',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: 'abc123',
  RUNNER_NAME: 'GitHub Actions 7',
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64',
  RUNNER_ENVIRONMENT: 'github-hosted'
}

async function report(file: string, matrix?: Record<string, string>): Promise<Report> {
  return reportFromLogs([file], { thresholds: {}, now: NOW }, { job: jobIdentity(ENV, matrix) })
}

describe('the job and matrix leg a report comes from', () => {
  test.each([
    ['', undefined],
    ['null', undefined],
    ['{}', undefined],
    ['{"platform":"linux/arm64","node":20,"lts":true}', { platform: 'linux/arm64', node: '20', lts: 'true' }],
    ['{"config":{"os":"ubuntu-24.04-arm"}}', { config: '{"os":"ubuntu-24.04-arm"}' }],
    ['{"token":"ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"}', { token: '***' }],
    ['[1, 2]', 'invalid'],
    ['linux/arm64', 'invalid']
  ])('matrix %j', (text, want) => {
    expect(parseMatrix(text)).toEqual(want)
  })

  test('from the runner variables, with the run URL GitHub shows; named as GitHub names a matrix job', () => {
    const job = jobIdentity(ENV, { platform: 'linux/arm64', os: 'ubuntu-24.04-arm' })
    expect(job).toMatchObject({
      repository: 'acme/shop',
      job: 'images',
      runUrl: 'https://github.com/acme/shop/actions/runs/4242/attempts/2',
      runner: { name: 'GitHub Actions 7', os: 'Linux', arch: 'X64', environment: 'github-hosted' }
    })
    expect(legName(job)).toBe('images (linux/arm64, ubuntu-24.04-arm)')
    expect(legName(jobIdentity(ENV, undefined))).toBe('images')
    expect(jobIdentity({}, undefined)).toBeUndefined()
  })

  test('the report records it; a bad matrix input is an input problem that fails nothing', () => {
    const r = getInputs((n) => (n === 'matrix' ? 'linux/arm64' : ''), {})
    expect(r.errors.map((e) => e.message)).toEqual(['matrix: "linux/arm64" is not a JSON object, as ${{ toJSON(matrix) }} gives'])
    expect(r.inputs.matrix).toBeUndefined()
  })
})

describe('otlp-endpoint and otlp-headers, as the OpenTelemetry variables are read', () => {
  const settings = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}, errors: Problem[] = []) =>
    otlpSettings((n) => inputs[n] ?? '', env, false, errors)

  test('a base URL gets /v1/metrics and /v1/traces, with one slash', () => {
    expect(signalUrl('http://127.0.0.1:18428/opentelemetry', 'metrics')).toBe('http://127.0.0.1:18428/opentelemetry/v1/metrics')
    expect(signalUrl('https://otlp.example.com/', 'traces')).toBe('https://otlp.example.com/v1/traces')
  })

  test('the inputs first, then OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_HEADERS; none: no export', () => {
    expect(settings({})).toBeUndefined()
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://env.example.com', OTEL_EXPORTER_OTLP_HEADERS: 'api-key=from-env' }
    expect(settings({}, env)).toMatchObject({ metricsUrl: 'https://env.example.com/v1/metrics', headers: { 'api-key': 'from-env' } })
    expect(settings({ 'otlp-endpoint': 'https://in.example.com', 'otlp-headers': 'x-key=from-input' }, env)).toMatchObject({
      metricsUrl: 'https://in.example.com/v1/metrics',
      headers: { 'x-key': 'from-input' }
    })
  })

  test('the variables are left alone when they are for a gRPC collector, or the SDK is disabled: said once, nothing sent', () => {
    const errors: Problem[] = []
    expect(settings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, errors)).toBeUndefined()
    expect(errors.map((e) => [e.severity, e.message])).toEqual([
      [
        'notice',
        'no metrics sent to OTEL_EXPORTER_OTLP_ENDPOINT: OTEL_EXPORTER_OTLP_PROTOCOL is grpc, and this action speaks OTLP/HTTP; set otlp-endpoint to the OTLP/HTTP endpoint'
      ]
    ])
    expect(settings({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined()
    // an input is the user's own choice for this action
    expect(settings({ 'otlp-endpoint': 'http://localhost:4318' }, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })?.metricsUrl).toBe('http://localhost:4318/v1/metrics')
  })

  test('headers: commas or lines, percent-decoded values; a bad pair is named by its place, never by its text', () => {
    expect(parseHeaders('api-key=s3cr%20et, x-tenant = ci\nAuthorization=Bearer abc.def')).toEqual({
      headers: { 'api-key': 's3cr et', 'x-tenant': 'ci', Authorization: 'Bearer abc.def' },
      bad: []
    })
    const errors: Problem[] = []
    const s = settings({ 'otlp-endpoint': 'http://127.0.0.1:4318', 'otlp-headers': 'api-key=topsecret-value,topsecret-alone' }, {}, errors)
    expect(errors.map((e) => e.message)).toEqual([
      'otlp-headers: "(not shown)" is not key=value pairs separated by commas or lines (pair 2 of otlp-headers is not)'
    ])
    expect(JSON.stringify(errors)).not.toContain('topsecret')
    expect(s?.secrets).toEqual(['api-key=topsecret-value,topsecret-alone', 'topsecret-value'])
  })

  test('an endpoint that is no http URL is an input problem, shown without its credentials', () => {
    const errors: Problem[] = []
    expect(settings({ 'otlp-endpoint': 'otlp.example.com:4318' }, {}, errors)).toBeUndefined()
    expect(errors[0]?.message).toMatch(/^otlp-endpoint: ".*" is not an http or https URL$/)
    expect(shownUrl('https://user:pa55word@otlp.example.com/v1/metrics?api_key=k3y')).toBe('https://otlp.example.com/v1/metrics')
  })
})

describe('metrics: one point per build and per run', () => {
  test('three images built: each build its four points, the run its totals, all with the job attributes and no run id', async () => {
    const r = await report(THREE, { platform: 'linux/amd64' })
    const points = metricPoints(r)
    const byName = (name: string) => points.filter((p) => p.metric.name === name)
    expect(byName('docker.build.steps').map((p) => [p.attributes['docker.build.name'], p.value])).toEqual([
      ['acme/api:ci', 5],
      ['acme/worker:ci', 3],
      ['acme/web:ci', 4]
    ])
    expect(byName('docker.build.steps.cached').map((p) => p.value)).toEqual([2, 1, 1])
    expect(byName('docker.builds.cache.hit_rate')).toEqual([
      {
        metric: METRICS.runHitRate,
        value: r.totals.hitRate,
        attributes: {
          'github.repository': 'acme/shop',
          'github.workflow': 'CI',
          'github.job': 'images',
          'github.ref': 'refs/heads/main',
          'matrix.platform': 'linux/amd64',
          'runner.os': 'Linux',
          'runner.arch': 'X64',
          'runner.environment': 'github-hosted'
        }
      }
    ])
    expect(byName('docker.builds.duration')[0]?.value).toBe(r.totals.duration)
    for (const p of points) expect(Object.keys(p.attributes).filter((k) => /run_id|sha|runner\.name/.test(k))).toEqual([])
    // no price and no job start off GitHub: no billing point rather than a made-up one
    expect(byName('github.job.billable_minutes')).toEqual([])
  })

  test('every metric has a dotted name, a UCUM unit and a description', () => {
    for (const m of Object.values(METRICS)) {
      expect(m.name).toMatch(/^[a-z_]+(\.[a-z_]+)+$/)
      expect(m.unit).toMatch(/^(s|min|By|%|\{[a-z]+\}|\{USD\})$/)
      expect(m.description.length).toBeGreaterThan(10)
    }
  })
})

describe('traces: a span per build, stage and step at the times BuildKit gave', () => {
  test('rawjson: every step span is its step`s own interval, inside its stage, inside its build', async () => {
    const r = await report(fixture('multistage/docker28-multistage-partial.rawjson.log'))
    const { traces, untimed } = buildTraces(r)
    expect(untimed).toEqual([])
    expect(traces).toHaveLength(1)
    const b = r.builds[0]
    const root = traces[0]
    if (!b || !root) throw new Error('no build')
    expect([root.start, root.end]).toEqual([b.startedAt, b.completedAt])
    const timed = b.steps.filter((s) => s.span !== undefined)
    expect(timed.length).toBeGreaterThan(0)
    const stepSpans = root.children.flatMap((st) => st.children)
    expect(stepSpans).toHaveLength(timed.length)
    for (const st of root.children) {
      expect(st.start).toBeGreaterThanOrEqual(root.start)
      expect(st.end).toBeLessThanOrEqual(root.end)
      for (const s of st.children) {
        expect(s.start).toBeGreaterThanOrEqual(st.start)
        expect(s.end).toBeLessThanOrEqual(st.end)
      }
    }
    const ran = timed.find((s) => !s.cached)
    expect(stepSpans.find((s) => s.name === ran?.name)).toMatchObject({
      start: ran?.span?.[0],
      end: ran?.span?.[1],
      attributes: { 'docker.build.step.cached': false }
    })
  })

  test('a plain log has no timestamps: no trace, named', async () => {
    const r = await report(fixture('multistage/docker28-multistage-partial.plain.log'))
    expect(buildTraces(r)).toMatchObject({ traces: [], untimed: ['fixture/multistage'] })
  })

  test('a failed build and its failed step are errors', async () => {
    const r = await report(fixture('failing/docker28-failing-fail.rawjson.log'))
    const root = buildTraces(r).traces[0]
    expect(root?.error).toBeDefined()
    expect(root?.children.flatMap((st) => st.children).some((s) => s.attributes['docker.build.step.status'] === 'error' && s.error !== undefined)).toBe(true)
  })

  test(`more than ${MAX_SPANS} spans: the steps are left out, builds and stages kept`, async () => {
    const r = await report(THREE)
    const many = { ...r, builds: Array.from({ length: 800 }, () => r.builds).flat() }
    const built = buildTraces(many)
    expect(built.stepsLeftOut).toBe(true)
    expect(built.traces.reduce((n, t) => n + countSpans(t), 0)).toBeLessThanOrEqual(2400 * 3)
    expect(built.traces.every((t) => t.children.every((st) => st.children.length === 0))).toBe(true)
  })
})

describe('the export through the OpenTelemetry SDK to an OTLP/HTTP receiver', () => {
  let receiver: Receiver | undefined
  afterEach(async () => {
    await receiver?.close()
    receiver = undefined
  })
  const budget = { remainingMs: () => 10_000 }
  const to = (url: string, traces = false): OtlpSettings => ({
    metricsUrl: signalUrl(url, 'metrics'),
    tracesUrl: signalUrl(url, 'traces'),
    headers: { 'api-key': 'k3y-never-printed' },
    traces,
    secrets: ['k3y-never-printed']
  })
  const said = (m: ReturnType<typeof memoryIO>, info: string[]) => [...info, ...m.warnings, ...m.notices].join('\n')

  test('protobuf gauges at /v1/metrics with the headers: the run`s hit rate and duration as the report has them', async () => {
    receiver = await startReceiver()
    const r = await report(THREE, { platform: 'linux/amd64' })
    const info: string[] = []
    const m = memoryIO({}, { info: (s) => info.push(s) })
    await exportTelemetry(r, to(receiver.url), m.io, budget)
    expect(m.warnings).toEqual([])
    expect(info).toEqual([`OTLP: sent ${metricPoints(r).length} metric points to ${receiver.url}/v1/metrics`])
    const req = receiver.requests[0]
    expect(req).toMatchObject({ path: '/v1/metrics', headers: { 'api-key': 'k3y-never-printed', 'content-type': 'application/x-protobuf' } })
    const points = gaugePoints(req?.body ?? Buffer.alloc(0))
    const rate = points.find((p) => p.name === 'docker.builds.cache.hit_rate')
    expect(rate).toMatchObject({ unit: '%', value: r.totals.hitRate, resource: { 'service.name': 'build-insights' } })
    expect(rate?.attributes).toMatchObject({ 'github.repository': 'acme/shop', 'github.job': 'images', 'matrix.platform': 'linux/amd64' })
    expect(points.find((p) => p.name === 'docker.builds.duration')).toMatchObject({ unit: 's', value: r.totals.duration })
    expect(points.filter((p) => p.name === 'docker.build.steps').map((p) => p.value)).toEqual([5, 3, 4])
    expect(said(m, info)).not.toContain('k3y')
  })

  test('otlp-traces: one request at /v1/traces, a trace per build, the step times and the run in the resource', async () => {
    receiver = await startReceiver()
    const r = await report(THREE)
    const info: string[] = []
    const m = memoryIO({}, { info: (s) => info.push(s) })
    await exportTelemetry(r, to(receiver.url, true), m.io, budget)
    expect(m.warnings).toEqual([])
    const req = receiver.requests.find((q) => q.path === '/v1/traces')
    const got = spans(req?.body ?? Buffer.alloc(0))
    const roots = got.filter((s) => s.parentId === '')
    expect(roots.map((s) => s.name)).toEqual(['docker build acme/api:ci', 'docker build acme/worker:ci', 'docker build acme/web:ci'])
    expect(new Set(roots.map((s) => s.traceId)).size).toBe(3)
    expect(roots[0]?.resource).toMatchObject({
      'github.run_id': '4242',
      'github.run_url': 'https://github.com/acme/shop/actions/runs/4242/attempts/2',
      'github.sha': 'abc123'
    })
    const expected = r.builds.flatMap((b) => b.steps.filter((s) => s.span !== undefined))
    const stepSpans = got.filter((s) => s.attributes['docker.build.step.cached'] !== undefined)
    expect(stepSpans.map((s) => [s.name, s.start, s.end, s.attributes['docker.build.step.cached']]).sort()).toEqual(
      expected.map((s) => [s.name, s.span?.[0], s.span?.[1], s.cached]).sort()
    )
    // each step's parent is a stage span of the same trace
    const byId = new Map(got.map((s) => [s.spanId, s]))
    for (const s of stepSpans) expect(byId.get(s.parentId)?.name).toMatch(/^stage /)
    expect(info.some((l) => /^OTLP: sent 3 trace\(s\) of \d+ spans to /.test(l))).toBe(true)
  })

  test.each([
    ['that refuses (401)', 401, /^OTLP: 17 metric points not sent to http:\/\/127\.0\.0\.1:\d+\/v1\/metrics: HTTP 401 Unauthorized$/],
    [
      'that is unavailable (503, retried within the budget)',
      503,
      /^OTLP: 17 metric points not sent to http:\/\/127\.0\.0\.1:\d+\/v1\/metrics: the endpoint answered HTTP 429, 502, 503 or 504 on every try within the time budget$/
    ]
  ])('an endpoint %s: a warning, never a failure, never the key', async (_name, status, warning) => {
    receiver = await startReceiver(() => status)
    const m = memoryIO({})
    const t0 = performance.now()
    await exportTelemetry(await report(THREE), to(receiver.url), m.io, { remainingMs: () => 0 })
    expect(performance.now() - t0).toBeLessThan(8_000)
    expect(m.warnings).toHaveLength(1)
    expect(m.warnings[0]).toMatch(warning)
    expect(m.failed).toEqual([])
    expect(m.warnings.join()).not.toContain('k3y')
  })

  test('an endpoint that never answers: a warning once the budget (at least 5 s) is spent', async () => {
    receiver = await startReceiver(() => 'hang')
    const m = memoryIO({})
    const t0 = performance.now()
    await exportTelemetry(await report(THREE), to(receiver.url), m.io, { remainingMs: () => 0 })
    const took = performance.now() - t0
    expect(took).toBeGreaterThan(4_500)
    expect(took).toBeLessThan(8_000)
    expect(m.warnings).toHaveLength(1)
    expect(m.warnings[0]).toMatch(/^OTLP: \d+ metric points not sent/)
  })

  test('nothing listening: a warning', async () => {
    const m = memoryIO({})
    await exportTelemetry(await report(THREE), to('http://127.0.0.1:9'), m.io, { remainingMs: () => 0 })
    expect(m.warnings).toHaveLength(1)
    expect(m.warnings).toEqual(['OTLP: 17 metric points not sent to http://127.0.0.1:9/v1/metrics: connect ECONNREFUSED 127.0.0.1:9'])
  })

  test('a plain log with otlp-traces: metrics sent, a notice that it has no timestamps', async () => {
    receiver = await startReceiver()
    const m = memoryIO({})
    await exportTelemetry(await report(fixture('multistage/docker28-multistage-partial.plain.log')), to(receiver.url, true), m.io, budget)
    expect(receiver.requests.map((q) => q.path)).toEqual(['/v1/metrics'])
    expect(m.notices).toEqual([
      'OTLP: no trace for fixture/multistage: a plain log has no timestamps (build with --progress=rawjson, or read the build records with build-refs)'
    ])
  })
})
