import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { billableMinutes, costDeltas, minutePrice, runnerFromEnv, PRICES_AS_OF, type MinutePrice } from '../src/billing/billing.js'
import { currentJob, runsPerMonth, workflowFile } from '../src/billing/github-runs.js'
import { gatherBilling, priceBuild } from '../src/billing/job-billing.js'
import type { GitHubRequest } from '../src/github/request.js'
import { isRecord } from '../src/json.js'
import { asMessage, messages, noticeOf, ROOT, roundTrips } from './helpers.js'

// Bodies shaped as github/rest-api-description has them; see test/fixtures/github/BILLING-FIXTURES.md.
const body = (name: string): unknown => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'github', name), 'utf8'))

const s = 1000
const m = 60 * s

describe('billableMinutes rounds each job up to the whole minute', () => {
  test.each([
    { name: '0', ms: 0, minutes: 0 },
    { name: '0:01', ms: 1 * s, minutes: 1 },
    { name: '0:59', ms: 59 * s, minutes: 1 },
    { name: '1:00', ms: 1 * m, minutes: 1 },
    { name: '1:01', ms: 1 * m + 1 * s, minutes: 2 },
    { name: '59:59', ms: 59 * m + 59 * s, minutes: 60 },
    { name: '60:00', ms: 60 * m, minutes: 60 },
    { name: '60:01', ms: 60 * m + 1 * s, minutes: 61 },
    { name: 'negative', ms: -5 * s, minutes: 0 },
    { name: 'NaN', ms: Number.NaN, minutes: 0 }
  ])('$name → $minutes', ({ ms, minutes }) => {
    expect(billableMinutes(ms)).toBe(minutes)
  })
})

const hosted = (os: string, arch: string): Record<string, string> => ({ RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_OS: os, RUNNER_ARCH: arch })

describe('minutePrice by runner kind', () => {
  test.each([
    {
      name: 'Linux x64 2-core hosted',
      env: hosted('Linux', 'X64'),
      labels: ['ubuntu-latest'],
      cores: 2,
      override: undefined,
      sku: 'linux',
      usd: 0.006,
      source: 'table'
    },
    {
      name: 'Linux x64, public repo: 4 cores on ubuntu-latest are still the standard SKU',
      env: hosted('Linux', 'X64'),
      labels: ['ubuntu-24.04'],
      cores: 4,
      override: undefined,
      sku: 'linux',
      usd: 0.006,
      source: 'table'
    },
    {
      name: 'Linux x64, no labels, cores unknown: standard',
      env: hosted('Linux', 'X64'),
      labels: [],
      cores: undefined,
      override: undefined,
      sku: 'linux',
      usd: 0.006,
      source: 'table'
    },
    {
      name: 'Linux arm64 by RUNNER_ARCH',
      env: hosted('Linux', 'ARM64'),
      labels: ['ubuntu-24.04-arm'],
      cores: 2,
      override: undefined,
      sku: 'linux_2_core_arm',
      usd: 0.005,
      source: 'table'
    },
    {
      name: 'Linux arm64 by label when RUNNER_ARCH is missing',
      env: { RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_OS: 'Linux' },
      labels: ['ubuntu-22.04-arm'],
      cores: undefined,
      override: undefined,
      sku: 'linux_2_core_arm',
      usd: 0.005,
      source: 'table'
    },
    {
      name: 'Linux 1-core ubuntu-slim (whatever cores its container sees)',
      env: hosted('Linux', 'X64'),
      labels: ['ubuntu-slim'],
      cores: 4,
      override: undefined,
      sku: 'linux_slim',
      usd: 0.002,
      source: 'table'
    },
    {
      name: 'Linux 1-core by core count',
      env: hosted('Linux', 'X64'),
      labels: [],
      cores: 1,
      override: undefined,
      sku: 'linux_slim',
      usd: 0.002,
      source: 'table'
    },
    {
      name: 'Windows 2-core',
      env: hosted('Windows', 'X64'),
      labels: ['windows-latest'],
      cores: 2,
      override: undefined,
      sku: 'windows',
      usd: 0.01,
      source: 'table'
    },
    {
      name: 'Windows arm64',
      env: hosted('Windows', 'ARM64'),
      labels: ['windows-11-arm'],
      cores: 4,
      override: undefined,
      sku: 'windows_2_core_arm',
      usd: 0.008,
      source: 'table'
    },
    {
      name: 'macOS arm64 (M1)',
      env: hosted('macOS', 'ARM64'),
      labels: ['macos-latest'],
      cores: 3,
      override: undefined,
      sku: 'macos',
      usd: 0.062,
      source: 'table'
    },
    {
      name: 'macOS x64 (Intel)',
      env: hosted('macOS', 'X64'),
      labels: ['macos-15-intel'],
      cores: 4,
      override: undefined,
      sku: 'macos',
      usd: 0.062,
      source: 'table'
    },
    {
      name: 'macOS xlarge by label',
      env: hosted('macOS', 'ARM64'),
      labels: ['macos-latest-xlarge'],
      cores: 5,
      override: undefined,
      sku: 'macos_xl',
      usd: 0.102,
      source: 'table'
    },
    {
      name: 'macOS large by label',
      env: hosted('macOS', 'X64'),
      labels: ['macos-15-large'],
      cores: 12,
      override: undefined,
      sku: 'macos_l',
      usd: 0.077,
      source: 'table'
    },
    {
      name: 'larger Linux 8-core by label',
      env: hosted('Linux', 'X64'),
      labels: ['ubuntu-latest-8-cores'],
      cores: undefined,
      override: undefined,
      sku: 'linux_8_core',
      usd: 0.022,
      source: 'table'
    },
    {
      name: 'larger Linux 8-core by core count',
      env: hosted('Linux', 'X64'),
      labels: [],
      cores: 8,
      override: undefined,
      sku: 'linux_8_core',
      usd: 0.022,
      source: 'table'
    },
    {
      name: 'larger Linux arm64 16-core by label',
      env: hosted('Linux', 'ARM64'),
      labels: ['linux-arm-16core'],
      cores: 16,
      override: undefined,
      sku: 'linux_16_core_arm',
      usd: 0.026,
      source: 'table'
    },
    {
      name: 'larger Windows 96-core by label',
      env: hosted('Windows', 'X64'),
      labels: ['windows-2025-96-cores'],
      cores: 96,
      override: undefined,
      sku: 'windows_96_core',
      usd: 0.552,
      source: 'table'
    },
    {
      name: 'self-hosted → $0',
      env: { RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' },
      labels: ['self-hosted', 'linux'],
      cores: 64,
      override: undefined,
      sku: 'self-hosted',
      usd: 0,
      source: 'self-hosted'
    },
    {
      name: 'self-hosted by label when RUNNER_ENVIRONMENT is missing → $0',
      env: { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' },
      labels: ['self-hosted', 'x64'],
      cores: 8,
      override: undefined,
      sku: 'self-hosted',
      usd: 0,
      source: 'self-hosted'
    },
    {
      name: 'minute-price override wins, even on self-hosted',
      env: { RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' },
      labels: [],
      cores: 8,
      override: 0.004,
      sku: 'minute-price',
      usd: 0.004,
      source: 'input'
    },
    {
      name: 'a negative override is ignored',
      env: hosted('Linux', 'X64'),
      labels: ['ubuntu-latest'],
      cores: 2,
      override: -1,
      sku: 'linux',
      usd: 0.006,
      source: 'table'
    },
    { name: 'unknown OS → unknown, $0', env: hosted('FreeBSD', 'X64'), labels: [], cores: 2, override: undefined, sku: 'unknown', usd: 0, source: 'unknown' },
    { name: 'no runner variables at all → unknown, $0', env: {}, labels: [], cores: undefined, override: undefined, sku: 'unknown', usd: 0, source: 'unknown' },
    {
      name: 'a core count GitHub does not sell → unknown, $0',
      env: hosted('Linux', 'X64'),
      labels: [],
      cores: 12,
      override: undefined,
      sku: 'unknown',
      usd: 0,
      source: 'unknown'
    }
  ])('$name', ({ env, labels, cores, override, sku, usd, source }) => {
    const runner = runnerFromEnv(env, labels, cores)
    const price = minutePrice(runner, override)
    expect(price).toEqual({ usdPerMinute: usd, sku, source, asOf: source === 'input' ? '' : PRICES_AS_OF })
  })

  test('runnerFromEnv normalizes the runner variables', () => {
    expect(runnerFromEnv({ RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_OS: 'macOS', RUNNER_ARCH: 'ARM64' }, ['macos-latest'], 3)).toEqual({
      environment: 'github-hosted',
      os: 'macos',
      arch: 'arm64',
      labels: ['macos-latest'],
      cores: 3
    })
    expect(runnerFromEnv({}, [], 0)).toEqual({ environment: 'unknown', os: '', arch: '', labels: [], cores: undefined })
  })
})

describe('the cost of every run, with or without a baseline', () => {
  const runner = runnerFromEnv({ RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' }, ['ubuntu-latest'], 4)
  const now = new Date('2026-11-28T12:00:00Z')
  const started = now.getTime() - 4 * m - 10 * s

  test('a GitHub-hosted job: minutes at the table price, per run and per month, in cents', () => {
    const price = minutePrice(runner, undefined)
    const b = priceBuild({ runner, price, jobStartedAt: started, runsPerMonth: 600, runsPerMonthFrom: 'input' }, now, undefined)
    expect(b).toMatchObject({ billableMinutes: 5, runsPerMonth: 600, monthlyMinutes: 3000 })
    expect(b.cost).toBe(Math.round(5 * price.usdPerMinute * 100) / 100)
    expect(b.monthlyCost).toBe(Math.round(3000 * price.usdPerMinute * 100) / 100)
    expect(b.deltas).toBeUndefined()
  })

  test('self-hosted costs $0; an unknown price leaves the dollars out, not at 0', () => {
    const self = runnerFromEnv({ RUNNER_ENVIRONMENT: 'self-hosted' }, [], 8)
    expect(priceBuild({ runner: self, price: minutePrice(self, undefined), jobStartedAt: started, runsPerMonth: 10 }, now, undefined)).toMatchObject({
      cost: 0,
      monthlyMinutes: 50,
      monthlyCost: 0
    })
    const odd = runnerFromEnv({ RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_OS: 'Plan9' }, [], 3)
    const b = priceBuild({ runner: odd, price: minutePrice(odd, undefined), jobStartedAt: started, runsPerMonth: 10 }, now, undefined)
    expect(b.cost).toBeUndefined()
    expect(b.monthlyCost).toBeUndefined()
    expect(b.monthlyMinutes).toBe(50)
  })

  test('minute-price wins; without a job start there is no cost', () => {
    const price = minutePrice(runner, 0.016)
    expect(priceBuild({ runner, price, jobStartedAt: started, runsPerMonth: 3 }, now, undefined)).toMatchObject({
      cost: 0.08,
      monthlyMinutes: 15,
      monthlyCost: 0.24
    })
    expect(priceBuild({ runner, price, runsPerMonth: 3 }, now, undefined)).not.toHaveProperty('cost')
  })
})

describe('costDeltas', () => {
  const at = (usd: number): MinutePrice => ({ usdPerMinute: usd, sku: 'linux', source: 'table', asOf: PRICES_AS_OF })
  test.each([
    {
      name: '−90 s per run at $0.006, 600 runs/month',
      seconds: -90,
      usd: 0.006,
      runs: 600,
      minutes: -1.5,
      cost: -0.009,
      monthlyMinutes: -900,
      monthlyCost: -5.4
    },
    { name: '+30 s per run at $0.022, 1000 runs/month', seconds: 30, usd: 0.022, runs: 1000, minutes: 0.5, cost: 0.011, monthlyMinutes: 500, monthlyCost: 11 },
    { name: 'no change', seconds: 0, usd: 0.006, runs: 600, minutes: 0, cost: 0, monthlyMinutes: 0, monthlyCost: 0 }
  ])('$name', ({ seconds, usd, runs, minutes, cost, monthlyMinutes, monthlyCost }) => {
    const d = costDeltas(seconds, at(usd), runs)
    expect(d.minutesDelta).toBeCloseTo(minutes, 9)
    expect(d.costDelta).toBeCloseTo(cost, 9)
    expect(d.runsPerMonth).toBe(runs)
    expect(d.monthlyMinutesDelta).toBeCloseTo(monthlyMinutes, 9)
    expect(d.monthlyCostDelta).toBeCloseTo(monthlyCost, 9)
    expect(Math.sign(d.costDelta)).toBe(Math.sign(seconds))
  })

  test('without runs per month there are no monthly figures', () => {
    expect(Object.keys(costDeltas(-90, at(0.006), undefined))).toEqual(['minutesDelta', 'costDelta'])
  })

  test('a saving on a $0 runner is 0, not −0', () => {
    const d = costDeltas(-90, at(0), 600)
    expect([Object.is(d.costDelta, 0), Object.is(d.monthlyCostDelta, 0)]).toEqual([true, true])
  })
})

type Reply = { status: number; data: unknown } | { throwStatus: number; data: unknown } | Error

/** A fake octokit.request: route → reply; octokit throws a RequestError with status and response.data for non-2xx. */
function fake(table: Record<string, Reply>): { request: GitHubRequest; calls: { route: string; params: Record<string, string | number> }[] } {
  const calls: { route: string; params: Record<string, string | number> }[] = []
  const request: GitHubRequest = (route, params) => {
    calls.push({ route, params })
    const reply = table[route]
    if (reply === undefined) return Promise.resolve({ status: 404, data: body('basic-error-404.json') })
    if (reply instanceof Error) return Promise.reject(reply)
    if ('throwStatus' in reply) return Promise.reject(Object.assign(new Error('HttpError'), { status: reply.throwStatus, response: { data: reply.data } }))
    return Promise.resolve(reply)
  }
  return { request, calls }
}

const RUNS = 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs'
const ATTEMPT_JOBS = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs'
const RUN_JOBS = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs'
const REF = 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main'
const NOW = new Date('2026-03-03T14:05:00Z')
const forbidden: Reply = { throwStatus: 403, data: body('basic-error-403.json') }

describe('runsPerMonth with a fake request', () => {
  test('total_count of the runs created in the last 30 days', async () => {
    const { request, calls } = fake({ [RUNS]: { status: 200, data: body('workflow-runs-30-days.json') } })
    expect(await runsPerMonth(request, 'octo-org', 'octo-repo', REF, NOW)).toEqual({ runs: 412 })
    expect(calls).toEqual([{ route: RUNS, params: { owner: 'octo-org', repo: 'octo-repo', workflow_id: 'ci.yml', created: '>=2026-02-01', per_page: 1 } }])
  })

  test('the description example as it is: one run', async () => {
    const { request } = fake({ [RUNS]: { status: 200, data: body('workflow-runs-paginated.json') } })
    expect(await runsPerMonth(request, 'octo-org', 'octo-repo', REF, NOW)).toEqual({ runs: 1 })
  })

  test('at the search cap of 1000 the count comes with a notice', async () => {
    const recorded = body('workflow-runs-30-days.json')
    const data = isRecord(recorded) ? { ...recorded, total_count: 1000 } : recorded
    const { request } = fake({ [RUNS]: { status: 200, data } })
    const r = await runsPerMonth(request, 'octo-org', 'octo-repo', REF, NOW)
    expect(r.runs).toBe(1000)
    expect(noticeOf(r)).toMatch(/at most 1000/)
  })

  test.each([
    { name: '403 → one notice naming actions: read', reply: forbidden, want: /HTTP 403.*`actions: read`/ },
    { name: 'network error → notice', reply: new Error('ECONNRESET'), want: /request failed \(ECONNRESET\)/ },
    { name: 'unexpected body → notice', reply: { status: 200, data: { total_count: 'many' } }, want: /unexpected fields/ }
  ])('$name', async ({ reply, want }) => {
    const { request } = fake({ [RUNS]: reply })
    const r = await runsPerMonth(request, 'octo-org', 'octo-repo', REF, NOW)
    expect(r.runs).toBeUndefined()
    expect(noticeOf(r)).toMatch(want)
  })

  test('a ref that is not a workflow file asks nothing', async () => {
    const { request, calls } = fake({})
    const r = await runsPerMonth(request, 'o', 'r', 'o/r/dynamic/dependabot/dependabot-updates@refs/heads/main', NOW)
    expect(noticeOf(r)).toMatch(/no workflow file/)
    expect(calls).toEqual([])
    expect(workflowFile('o/r/.github/workflows/release.yaml')).toBe('release.yaml')
  })
})

describe('currentJob with a fake request', () => {
  const inProgress: Reply = { status: 200, data: body('jobs-in-progress.json') }

  test('the running job on RUNNER_NAME: start and labels', async () => {
    const { request, calls } = fake({ [ATTEMPT_JOBS]: inProgress })
    expect(await currentJob(request, 'octo-org', 'octo-repo', '30433642', '1', 'GitHub Actions 12')).toEqual({
      startedAt: Date.parse('2026-03-03T14:00:05Z'),
      labels: ['ubuntu-latest-8-cores'],
      name: 'image (linux/amd64)'
    })
    expect(calls).toEqual([
      { route: ATTEMPT_JOBS, params: { owner: 'octo-org', repo: 'octo-repo', run_id: '30433642', attempt_number: '1', per_page: 100, page: 1 } }
    ])
  })

  test('without an attempt, the run jobs endpoint; by job name when the runner name is unknown', async () => {
    const { request, calls } = fake({ [RUN_JOBS]: inProgress })
    const r = await currentJob(request, 'octo-org', 'octo-repo', '30433642', '', undefined, 'image (linux/arm64)')
    expect(r).toEqual({ startedAt: Date.parse('2026-03-03T14:00:06Z'), labels: ['ubuntu-24.04-arm'], name: 'image (linux/arm64)' })
    expect(calls[0]?.route).toBe(RUN_JOBS)
  })

  test('a completed job on the same runner is not this job', async () => {
    const { request } = fake({ [ATTEMPT_JOBS]: inProgress })
    const r = await currentJob(request, 'octo-org', 'octo-repo', '30433642', '1', 'GitHub Actions 11', 'lint')
    expect(asMessage(r)).toEqual({ notice: 'This job\'s start and runner labels unknown: no running job on runner "GitHub Actions 11" in run 30433642.' })
  })

  test('the description example (a completed job) gives no current job', async () => {
    const { request } = fake({ [ATTEMPT_JOBS]: { status: 200, data: body('jobs-paginated.json') } })
    expect(noticeOf(await currentJob(request, 'octo-org', 'octo-repo', '29679449', '1', 'my runner'))).toMatch(/no running job/)
  })

  test('a matrix of more than 100 jobs: the next page is read', async () => {
    const recorded = body('jobs-in-progress.json')
    const jobs: unknown[] = isRecord(recorded) && Array.isArray(recorded.jobs) ? recorded.jobs : []
    const others = Array.from({ length: 100 }, (_, i) => ({ ...(isRecord(jobs[1]) ? jobs[1] : {}), runner_name: `GitHub Actions ${String(100 + i)}` }))
    const pages: number[] = []
    const request: GitHubRequest = (_route, params) => {
      pages.push(Number(params.page))
      return Promise.resolve({ status: 200, data: { total_count: 103, jobs: params.page === 1 ? others : jobs } })
    }
    expect((await currentJob(request, 'octo-org', 'octo-repo', '30433642', '1', 'GitHub Actions 13')).name).toBe('image (linux/arm64)')
    expect(pages).toEqual([1, 2])
  })

  test('403 → one notice naming actions: read', async () => {
    const { request } = fake({ [ATTEMPT_JOBS]: forbidden })
    const r = await currentJob(request, 'octo-org', 'octo-repo', '30433642', '1', 'GitHub Actions 12')
    expect(Object.keys(asMessage(r))).toEqual(['notice'])
    expect(noticeOf(r)).toMatch(/HTTP 403.*`actions: read`/)
  })
})

describe('what the cost figures cannot read is a problem whose code says what happened', () => {
  const codeOf = (r: { problem?: { code: string; severity: string } }) => r.problem && `${r.problem.severity} ${r.problem.code}`

  test('runsPerMonth: no workflow file, no clock, a refusal, no answer, unexpected fields, a capped count', async () => {
    const runs = async (reply: Reply, ref = REF, now = NOW) => codeOf(await runsPerMonth(fake({ [RUNS]: reply }).request, 'o', 'r', ref, now))
    expect(await runs(forbidden, 'o/r/dynamic/dependabot@refs/heads/main')).toBe('notice workflow-file-unknown')
    expect(await runs(forbidden, REF, new Date(Number.NaN))).toBe('notice clock-invalid')
    expect(await runs(forbidden)).toBe('notice api-refused')
    expect(await runs({ status: 502, data: {} })).toBe('notice api-error')
    expect(await runs(new Error('ECONNRESET'))).toBe('notice service-failed')
    expect(await runs({ status: 200, data: { total_count: 'many' } })).toBe('notice api-unexpected')
    expect(await runs({ status: 200, data: { total_count: 1000, workflow_runs: [] } })).toBe('notice count-capped')
  })

  test('currentJob: a refusal, no running job', async () => {
    expect(codeOf(await currentJob(fake({ [ATTEMPT_JOBS]: forbidden }).request, 'o', 'r', '1', '1', 'x'))).toBe('notice api-refused')
    const done = fake({ [ATTEMPT_JOBS]: { status: 200, data: body('jobs-paginated.json') } })
    expect(codeOf(await currentJob(done.request, 'o', 'r', '1', '1', 'x'))).toBe('notice job-not-found')
  })

  test('gatherBilling: the job and the runs asked in one round trip', async () => {
    const f = fake({
      [ATTEMPT_JOBS]: { status: 200, data: body('jobs-paginated.json') },
      [RUNS]: { status: 200, data: { total_count: 12, workflow_runs: [] } }
    })
    const held = roundTrips(f.request)
    const { value, trips } = await held.settle(
      gatherBilling({
        env: { GITHUB_RUN_ID: '30433642', GITHUB_RUN_ATTEMPT: '1', GITHUB_WORKFLOW_REF: REF },
        minutePrice: undefined,
        runsPerMonth: undefined,
        preJobStart: '',
        request: held.request,
        repo: { owner: 'octo-org', repo: 'octo-repo' },
        now: NOW,
        cores: 4,
        publicRepository: false
      })
    )
    expect(trips[0]).toEqual([`${ATTEMPT_JOBS} 1`, RUNS])
    expect(value.inputs.runsPerMonth).toBe(12)
  })

  test('gatherBilling: the job first, then the runs, as the log tells them', async () => {
    const { request } = fake({ [ATTEMPT_JOBS]: forbidden, [RUNS]: { status: 200, data: { total_count: 1000, workflow_runs: [] } } })
    const { problems } = await gatherBilling({
      env: { GITHUB_RUN_ID: '30433642', GITHUB_RUN_ATTEMPT: '1', GITHUB_WORKFLOW_REF: REF },
      minutePrice: undefined,
      runsPerMonth: undefined,
      preJobStart: '',
      request,
      repo: { owner: 'octo-org', repo: 'octo-repo' },
      now: NOW,
      cores: 4,
      publicRepository: false
    })
    expect(problems.map((p) => `${p.severity} ${p.code}`)).toEqual(['notice api-refused', 'notice count-capped'])
    expect(messages(problems, 'notice')[1]).toBe('Runs per month of ci.yml: GitHub counts at most 1000 runs in a date range, so there may be more.')
  })
})
