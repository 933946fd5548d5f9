import { afterAll, describe, expect, test } from 'vitest'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { runActionAsync } from '../runner.js'
import { BOUND_MS, QUICK_MS, TIMEOUT_S, chaosServer, fakeDocker, notices, pathWith, warnings, type ChaosServer, type ServerBehaviour } from './chaos.js'

// The Actions cache service (legacy ACTIONS_CACHE_URL, and v2 twirp at ACTIONS_RESULTS_URL) and
// the REST API (GITHUB_API_URL) on loopback servers that never answer, answer 500 or answer junk,
// under the real bundled action. Each case reads a real log, so that there is a report to write
// and a baseline to save.

const LOG = 'test/fixtures/buildkit/multistage/docker28-multistage-warm.rawjson.log'
const servers: ChaosServer[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})
async function server(behaviour: ServerBehaviour): Promise<ChaosServer> {
  const s = await chaosServer(behaviour)
  servers.push(s)
  return s
}

const RUN = { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1', GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'build', ACTIONS_RUNTIME_TOKEN: 'chaos-token' }

async function withCache(protocol: 'v1' | 'v2', behaviour: ServerBehaviour) {
  const s = await server(behaviour)
  const env: Record<string, string> =
    protocol === 'v1' ? { ...RUN, ACTIONS_CACHE_URL: s.url } : { ...RUN, ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL: s.url }
  const r = await runActionAsync(
    { timeout: String(TIMEOUT_S), du: 'false', 'log-files': LOG, 'save-baseline': 'always' },
    { env: { ...env, PATH: pathWith(fakeDocker('fail')) } }
  )
  console.log(`Actions cache ${protocol}, ${behaviour}: ${r.wallMs.toFixed(0)} ms, ${s.requests.length} request(s)`)
  return { r, s }
}

async function withApi(behaviour: ServerBehaviour) {
  const s = await server(behaviour)
  const r = await runActionAsync(
    { timeout: String(TIMEOUT_S), 'log-files': LOG, 'github-token': 'chaos-token' },
    {
      env: {
        GITHUB_API_URL: s.url.replace(/\/$/, ''),
        GITHUB_REPOSITORY: 'octo-org/app',
        GITHUB_RUN_ID: '42',
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_WORKFLOW_REF: 'octo-org/app/.github/workflows/ci.yml@refs/heads/main',
        // docker answers at once: only the API is in question
        PATH: pathWith(fakeDocker({ answer: { delay: 0 } }))
      }
    }
  )
  console.log(`REST API, ${behaviour}: ${r.wallMs.toFixed(0)} ms, ${s.requests.length} request(s)`)
  return { r, s }
}

function reported(r: Awaited<ReturnType<typeof runActionAsync>>): void {
  expect(r.hung, r.stdout).toBe(false)
  expect(existsSync(join(r.runnerTemp, 'build-insights-report.json'))).toBe(true)
  expect(r.summary).toContain('**Cache hit rate 100.0%**')
  expect(r.outputs['cache-hit-rate']).toBe('100.0')
  expect(r.status).toBe(0)
}

describe.concurrent('chaos: the Actions cache service', () => {
  test.each(['v1', 'v2'] as const)('%s never answers: a warning within the bound, the save not even tried', async (protocol) => {
    const { r, s } = await withCache(protocol, 'hang')
    reported(r)
    expect(r.wallMs).toBeLessThan(BOUND_MS)
    expect(s.requests.length).toBeGreaterThan(0)
    expect(warnings(r.stdout)).toContain(`::warning::no baseline loaded: the Actions cache service did not answer within ${TIMEOUT_S}s`)
    expect(notices(r.stdout).join('\n')).toMatch(
      new RegExp(`the baseline was not saved under \\S+: the Actions cache service did not answer within ${TIMEOUT_S}s`)
    )
  })

  test('v1 answers 500: at once, a notice, the step passes', async () => {
    const { r } = await withCache('v1', 500)
    reported(r)
    expect(r.wallMs).toBeLessThan(QUICK_MS)
    expect(notices(r.stdout).join('\n')).toContain('no baseline in the Actions cache')
  })

  // the twirp client retries a 500 five times, 3 s and more apart: the deadline cuts it short
  test('v2 answers 500: its retries cut short at the deadline', async () => {
    const { r, s } = await withCache('v2', 500)
    reported(r)
    expect(r.wallMs).toBeLessThan(BOUND_MS)
    // the first retry would come 3 s after the first answer
    expect(r.stdout).toMatch(/Attempt 1 of 5 failed with error: Failed request: \(500\)/)
    expect(s.requests.length).toBeGreaterThanOrEqual(1)
    expect(warnings(r.stdout)).toContain(`::warning::no baseline loaded: the Actions cache service did not answer within ${TIMEOUT_S}s`)
  })

  test.each(['v1', 'v2'] as const)('%s answers junk: within the bound, the step passes', async (protocol) => {
    const { r } = await withCache(protocol, 'junk')
    reported(r)
    expect(r.wallMs).toBeLessThan(BOUND_MS)
    expect(r.stdout).not.toMatch(/at .*\.js:\d+/)
  })
})

describe.concurrent('chaos: the REST API', () => {
  test('never answers: notices within the bound, docker figures kept', async () => {
    const { r, s } = await withApi('hang')
    reported(r)
    expect(r.wallMs).toBeLessThan(BOUND_MS)
    expect(s.requests.length).toBeGreaterThan(0)
    const n = notices(r.stdout).join('\n')
    expect(n).toContain(`Actions cache usage of octo-org/app unknown: the REST API did not answer within ${TIMEOUT_S}s.`)
    expect(n).not.toContain('The token needs')
    expect(r.outputs['cache-size']).not.toBe('')
  })

  test('answers 500: at once, notices naming the status', async () => {
    const { r } = await withApi(500)
    reported(r)
    expect(r.wallMs).toBeLessThan(QUICK_MS)
    expect(notices(r.stdout).join('\n')).toContain('Actions cache usage of octo-org/app unknown: GitHub answered HTTP 500.')
  })

  test('answers junk: at once, notices, the step passes', async () => {
    const { r } = await withApi('junk')
    reported(r)
    expect(r.wallMs).toBeLessThan(QUICK_MS)
    expect(notices(r.stdout).join('\n')).toContain('Actions cache usage of octo-org/app unknown: the answer has unexpected fields.')
  })
})
