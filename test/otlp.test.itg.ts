import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { fixture } from './helpers.js'
import { runAction } from './runner.js'
import { METRICS_URL, promql, requireMetricsServer } from './metrics-server.js'

// The committed dist/index.js sends a real run's metrics to a real Prometheus-compatible database
// (VictoriaMetrics, as .ci/run starts it), and PromQL reads them back as a dashboard would.
const live = requireMetricsServer()

// a repository name of its own per run: the database outlives the test
const REPO = `acme/itg-${Date.now().toString(36)}`

describe.runIf(live)('metrics over OTLP/HTTP into a Prometheus-compatible database', () => {
  test('three images built: the run`s hit rate and build duration, per build and with the repository and job, read back with PromQL', async () => {
    const r = runAction(
      {
        'log-files': fixture('threeimages/docker28-threeimages-cold.rawjson.log'),
        du: 'false',
        'actions-cache-usage': 'false',
        'minute-price': '0.008',
        matrix: '{"platform":"linux/amd64"}',
        'otlp-endpoint': `${METRICS_URL}/opentelemetry`,
        'otlp-headers': 'x-api-key=itg-secret-key'
      },
      {
        state: { 'job-started-at': new Date(Date.now() - 61_000).toISOString() },
        env: {
          GITHUB_REPOSITORY: REPO,
          GITHUB_WORKFLOW: 'images',
          GITHUB_JOB: 'build',
          GITHUB_REF: 'refs/heads/main',
          GITHUB_RUN_ID: '7',
          RUNNER_OS: 'Linux',
          RUNNER_ARCH: 'X64',
          RUNNER_ENVIRONMENT: 'self-hosted'
        }
      }
    )
    expect(r.status, r.stdout).toBe(0)
    expect(r.stdout).toMatch(/OTLP: sent 19 metric points to http:\/\/127\.0\.0\.1:\d+\/opentelemetry\/v1\/metrics/)
    // the key was masked before anything was printed, and is nowhere in what the step wrote
    expect(r.stdout).toContain('::add-mask::itg-secret-key')
    expect(r.stdout.replaceAll('::add-mask::itg-secret-key', '').replaceAll('::add-mask::x-api-key=itg-secret-key', '')).not.toContain('itg-secret-key')
    expect(readFileSync(r.outputs.report ?? '', 'utf8') + r.summary).not.toContain('itg-secret-key')

    const labels = `"github.repository"="${REPO}", "github.job"="build"`
    const rateQuery = `{"docker.builds.cache.hit_rate", ${labels}}`
    const rate = await promql(rateQuery)
    console.log(`PromQL: ${rateQuery}\nanswer: ${JSON.stringify(rate)}`)
    expect(rate).toHaveLength(1)
    expect(rate[0]?.metric).toMatchObject({
      __name__: 'docker.builds.cache.hit_rate',
      'github.repository': REPO,
      'github.job': 'build',
      'github.workflow': 'images',
      'github.ref': 'refs/heads/main',
      'matrix.platform': 'linux/amd64',
      'runner.os': 'Linux',
      'service.name': 'build-insights'
    })
    expect(rate[0]?.value[1]).toBe(r.outputs['cache-hit-rate'])
    expect(rate[0]?.value[1]).toBe('33.3')

    const durationQuery = `{"docker.builds.duration", ${labels}}`
    const duration = await promql(durationQuery)
    console.log(`PromQL: ${durationQuery}\nanswer: ${JSON.stringify(duration)}`)
    expect(Number(duration[0]?.value[1]).toFixed(1)).toBe(r.outputs.duration)

    // one series per build, told apart by what it built
    const perBuild = await promql(`{"docker.build.cache.hit_rate", ${labels}}`)
    expect(perBuild.map((s) => [s.metric['docker.build.name'], s.value[1]]).sort()).toEqual([
      ['acme/api:ci', '40'],
      ['acme/web:ci', '25'],
      ['acme/worker:ci', '33.3']
    ])
    const minutes = await promql(`{"github.job.billable_minutes", ${labels}}`)
    expect(minutes[0]?.value[1]).toBe(r.outputs['billable-minutes'])
    const cost = await promql(`{"github.job.cost", ${labels}}`)
    expect(cost[0]?.value[1]).toBe(String(Number(r.outputs.cost)))
  }, 120_000)

  test('an endpoint that refuses: a warning, the step passes and its report is written', () => {
    const r = runAction({
      'log-files': fixture('threeimages/docker28-threeimages-cold.rawjson.log'),
      du: 'false',
      'actions-cache-usage': 'false',
      'min-cache-hit-rate': '10',
      // VictoriaMetrics answers 400 to a path that is not an OTLP one
      'otlp-endpoint': `${METRICS_URL}/not-otlp`,
      timeout: '5'
    })
    expect(r.status, r.stdout).toBe(0)
    expect(r.stdout).toMatch(/::warning::OTLP: 17 metric points not sent to http:\/\/127\.0\.0\.1:\d+\/not-otlp\/v1\/metrics: HTTP 4\d\d/)
    expect(r.outputs).toMatchObject({ 'cache-hit-rate': '33.3', gate: 'pass' })
  })
})
