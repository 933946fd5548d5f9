import { afterEach, describe, expect, test } from 'vitest'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixture } from './helpers.js'
import { runAction, runActionAsync } from './runner.js'
import { gaugePoints, spans, startReceiver, type Receiver } from './otlp-receiver.js'

// dist/index.js under the runner's contract, as a matrix uses it: each leg reads its build and
// writes its report (uploaded as an artifact), and a last job merges them; and a run that sends
// its metrics and traces over OTLP/HTTP.

const env = (arch: string) => ({
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_WORKFLOW: 'images',
  GITHUB_JOB: 'build',
  GITHUB_RUN_ID: '4242',
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: arch,
  RUNNER_ENVIRONMENT: 'github-hosted'
})

describe('a matrix of two legs, then a job that merges their reports', () => {
  test('each leg its report; the merge: a row per leg worst first, totals, the gate on the whole and per leg', () => {
    const artifacts = mkdtempSync(join(tmpdir(), 'build-insights-artifacts-'))
    const started = new Date(Date.now() - 61_000).toISOString()
    const legs: [string, string, string][] = [
      ['multistage/docker28-multistage-warm.rawjson.log', 'linux/amd64', 'X64'],
      ['multistage/docker28-multistage-partial.rawjson.log', 'linux/arm64', 'ARM64']
    ]
    for (const [log, platform, arch] of legs) {
      const r = runAction(
        { 'log-files': fixture(log), du: 'false', 'actions-cache-usage': 'false', matrix: JSON.stringify({ platform }), 'minute-price': '0.008' },
        { env: env(arch), state: { 'job-started-at': started } }
      )
      expect(r.status, r.stdout).toBe(0)
      // as actions/download-artifact puts each artifact down: a folder per artifact
      const dir = join(artifacts, `report-${platform.replace('/', '-')}`)
      mkdirSync(dir)
      copyFileSync(r.outputs.report ?? '', join(dir, 'build-insights-report.json'))
    }
    const merged = runAction(
      { 'merge-reports': `${artifacts}/**/*.json`, 'min-cache-hit-rate': '80', 'gate-each-leg': 'true' },
      { env: { ...env('X64'), GITHUB_JOB: 'report' } }
    )
    expect(merged.status).toBe(1)
    expect(merged.stdout).toContain('::error::leg `build (linux/arm64)`: cache hit rate 68.8%25 is below min-cache-hit-rate 80%25')
    expect(merged.outputs).toMatchObject({
      'cache-hit-rate': '84.4',
      'cached-steps': '27',
      'total-steps': '32',
      builds: '2',
      gate: 'fail',
      'billable-minutes': '4',
      cost: '0.04'
    })
    expect(merged.summary).toContain('**Cache hit rate 84.4%** · 27 of 32 steps cached · 2 builds in 2 legs')
    expect(merged.summary).toContain('✅ Gate: cache hit rate 84.4% meets min-cache-hit-rate 80%')
    const rows = merged.summary.split('\n').filter((l) => l.startsWith('| build (') || l.startsWith('| **All'))
    expect(rows.slice(0, 3)).toEqual([
      expect.stringMatching(/^\| build \(linux\/arm64\) \| Linux ARM64 \| 1 \| 16 \| 11 \| 68\.8% \| .* \| 2 \| \$0\.02 \| – \|$/),
      expect.stringMatching(/^\| build \(linux\/amd64\) \| Linux X64 \| 1 \| 16 \| 16 \| 100\.0% \| .* \| 2 \| \$0\.02 \| – \|$/),
      expect.stringMatching(/^\| \*\*All 2 legs\*\* \| {2}\| 2 \| 32 \| 27 \| \*\*84\.4%\*\* \| .* \| 4 \| \$0\.04 \| ❌ fail \|$/)
    ] as unknown[])
    const report = JSON.parse(readFileSync(merged.outputs.report ?? '', 'utf8')) as { kind: string; legs: { name: string }[] }
    expect(report).toMatchObject({ kind: 'merged', legs: [{ name: 'build (linux/arm64)' }, { name: 'build (linux/amd64)' }] })
  })
})

describe('metrics and traces over OTLP/HTTP from dist/index.js', () => {
  let receiver: Receiver | undefined
  afterEach(async () => {
    await receiver?.close()
    receiver = undefined
  })

  test('otlp-endpoint from OTEL_EXPORTER_OTLP_ENDPOINT, headers from the input: gauges and traces arrive, the key is masked', async () => {
    receiver = await startReceiver()
    const r = await runActionAsync(
      {
        'log-files': fixture('threeimages/docker28-threeimages-cold.rawjson.log'),
        du: 'false',
        'actions-cache-usage': 'false',
        'otlp-headers': 'authorization=Bearer%20e2e-s3cret-token',
        'otlp-traces': 'true'
      },
      { env: { ...env('X64'), OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } }
    )
    expect(r.status, r.stdout).toBe(0)
    expect(r.stdout).toContain('::add-mask::Bearer e2e-s3cret-token')
    expect(r.stdout).toMatch(/OTLP: sent 17 metric points to http:\/\/127\.0\.0\.1:\d+\/v1\/metrics/)
    expect(r.stdout).toMatch(/OTLP: sent 3 trace\(s\) of \d+ spans to http:\/\/127\.0\.0\.1:\d+\/v1\/traces/)
    const metrics = receiver.requests.find((q) => q.path === '/v1/metrics')
    expect(metrics?.headers.authorization).toBe('Bearer e2e-s3cret-token')
    const rate = gaugePoints(metrics?.body ?? Buffer.alloc(0)).find((p) => p.name === 'docker.builds.cache.hit_rate')
    expect(rate).toMatchObject({ value: 33.3, attributes: { 'github.repository': 'acme/shop', 'github.job': 'build' } })
    const traced = spans(receiver.requests.find((q) => q.path === '/v1/traces')?.body ?? Buffer.alloc(0))
    expect(traced.filter((s) => s.parentId === '').map((s) => s.name)).toEqual([
      'docker build acme/api:ci',
      'docker build acme/worker:ci',
      'docker build acme/web:ci'
    ])
    expect(r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::') && l.includes('s3cret'))).toEqual([])
  })
})
