import { describe, expect, test } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runActionAsync } from '../runner.js'
import { BOUND_MS, QUICK_MS, TIMEOUT_S, fakeDocker, pathWith, warnings, type DockerBehaviour } from './chaos.js'

// The fake docker stands for the whole of docker: the Engine's own socket (read directly for the
// docker driver's build cache) is not there either, even where CI runs a real daemon
const NO_ENGINE = 'unix:///nonexistent/build-insights-chaos/docker.sock'

// docker that hangs, fails, prints junk or answers slowly, under the real bundled action (main and
// pre) as the runner starts it. With no input naming builds, main asks docker for this job's build
// records (the pre step's start time is given as state) and measures the build cache: every kind
// of docker call is made.

const JOB_START = { 'job-started-at': '2026-11-28T00:00:00.000Z' }

function main(behaviour: DockerBehaviour, inputs: Record<string, string> = {}) {
  return runActionAsync({ timeout: String(TIMEOUT_S), ...inputs }, { env: { PATH: pathWith(fakeDocker(behaviour)), DOCKER_HOST: NO_ENGINE }, state: JOB_START })
}

/** What every case asks of the step: it ended by itself, and the report and the job summary were written. */
function reported(r: Awaited<ReturnType<typeof main>>) {
  expect(r.hung, r.stdout).toBe(false)
  expect(existsSync(join(r.runnerTemp, 'build-insights-report.json'))).toBe(true)
  expect(r.summary).toContain('## Docker build insights')
  return JSON.parse(readFileSync(join(r.runnerTemp, 'build-insights-report.json'), 'utf8')) as { totals: { builds: number; steps: number } }
}

describe.concurrent('chaos: docker', () => {
  test('hangs: every call is killed at the deadline; warnings, the report, exit 0', async () => {
    const r = await main('hang')
    console.log(`docker hangs: ${r.wallMs.toFixed(0)} ms`)
    reported(r)
    expect(r.wallMs).toBeLessThan(BOUND_MS)
    expect(r.wallMs).toBeGreaterThanOrEqual(TIMEOUT_S * 1000 - 100)
    expect(r.status).toBe(0)
    expect(warnings(r.stdout)).toEqual([
      `::warning::none of log-files, build-refs or run is set, and build records cannot be read: docker buildx version did not answer within ${TIMEOUT_S}s; or pass logs in log-files (docker buildx build --progress=rawjson ... 2>&1 | tee build.log)`,
      `::warning::the build cache was not measured: docker buildx inspect did not answer within ${TIMEOUT_S}s (set du: false where there is no docker)`
    ])
  })

  test('hangs and ignores SIGTERM: SIGKILL after the grace', async () => {
    const r = await main('hang-ignoring-term')
    console.log(`docker hangs, ignores SIGTERM: ${r.wallMs.toFixed(0)} ms`)
    reported(r)
    expect(r.wallMs).toBeLessThan(BOUND_MS)
    expect(r.status).toBe(0)
    expect(warnings(r.stdout).join('\n')).toContain(`docker buildx version did not answer within ${TIMEOUT_S}s`)
  })

  test('exits 1 (no daemon): at once, warnings saying why', async () => {
    const r = await main('fail')
    console.log(`docker exits 1: ${r.wallMs.toFixed(0)} ms`)
    reported(r)
    expect(r.wallMs).toBeLessThan(QUICK_MS)
    expect(r.status).toBe(0)
    expect(warnings(r.stdout).join('\n')).toContain('docker buildx is not available (Cannot connect to the Docker daemon')
    expect(warnings(r.stdout).join('\n')).toContain('the build cache was not measured: docker buildx inspect failed: Cannot connect')
  })

  test('prints junk: at once, the version unreadable, no crash', async () => {
    const r = await main('junk')
    console.log(`docker prints junk: ${r.wallMs.toFixed(0)} ms`)
    reported(r)
    expect(r.wallMs).toBeLessThan(QUICK_MS)
    expect(r.status).toBe(0)
    expect(warnings(r.stdout).join('\n')).toContain('could not read the buildx version')
    expect(r.stdout).not.toMatch(/at .*\.js:\d+/)
  })

  test('answers slowly, within the budget: every answer is used', async () => {
    const r = await main({ answer: { delay: 0.15 } })
    console.log(`docker answers in 0.15 s: ${r.wallMs.toFixed(0)} ms`)
    const report = reported(r)
    expect(r.wallMs).toBeLessThan(BOUND_MS)
    expect(r.status).toBe(0)
    expect(warnings(r.stdout)).toEqual([])
    expect(report.totals.builds).toBe(2)
    expect(r.outputs['cache-size']).not.toBe('')
  })

  test('answers slower than the budget: what came in time is used, the rest is a warning', async () => {
    const r = await main({ answer: { delay: 1.2 } })
    console.log(`docker answers in 1.2 s: ${r.wallMs.toFixed(0)} ms`)
    reported(r)
    expect(r.wallMs).toBeLessThan(BOUND_MS)
    expect(r.status).toBe(0)
    expect(warnings(r.stdout).join('\n')).toContain(`did not answer within ${TIMEOUT_S}s`)
  })

  test('history logs stops half-way and never ends: killed at the deadline', async () => {
    const r = await main('logs-hang')
    console.log(`docker history logs hangs: ${r.wallMs.toFixed(0)} ms`)
    reported(r)
    expect(r.wallMs).toBeLessThan(BOUND_MS)
    expect(r.status).toBe(0)
    expect(warnings(r.stdout).join('\n')).toMatch(new RegExp(`docker buildx history logs \\w+ did not answer within ${TIMEOUT_S}s`))
  })

  test("run mode: the user's build is not bound by the timeout, and du after it still gets its budget", async () => {
    const r = await main({ answer: { delay: 0, buildSeconds: TIMEOUT_S + 1 } }, { run: 'docker buildx build .' })
    console.log(`run mode, a build longer than the timeout: ${r.wallMs.toFixed(0)} ms`)
    const report = reported(r)
    expect(r.wallMs).toBeGreaterThanOrEqual((TIMEOUT_S + 1) * 1000)
    expect(r.wallMs).toBeLessThan((TIMEOUT_S + 1) * 1000 + BOUND_MS)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/the build took 4\.\ds and exited 0/)
    expect(report.totals.builds).toBe(1)
    expect(r.outputs['cache-size']).not.toBe('')
    expect(warnings(r.stdout)).toEqual([])
  })

  test('pre, docker hangs: the step ends within the bound, the job start is saved, a warning says why it took long', async () => {
    const r = await runActionAsync({ timeout: String(TIMEOUT_S) }, { entry: 'pre', env: { PATH: pathWith(fakeDocker('hang')), DOCKER_HOST: NO_ENGINE } })
    console.log(`pre, docker hangs: ${r.wallMs.toFixed(0)} ms`)
    expect(r.hung).toBe(false)
    expect(r.wallMs).toBeLessThan(BOUND_MS)
    expect(r.status).toBe(0)
    expect(r.state['job-started-at']).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(r.state['cache-before']).toBeUndefined()
    expect(warnings(r.stdout)).toEqual([
      `::warning::build-insights pre step: build cache not measured: docker buildx inspect did not answer within ${TIMEOUT_S}s`
    ])
  })
})

describe('chaos: the Engine socket', () => {
  test('accepts and never answers: the build cache read ends at the deadline with a warning, the report stands', async () => {
    const { createServer } = await import('node:net')
    const { mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const socket = join(mkdtempSync(join(tmpdir(), 'bi-chaos-engine-')), 'docker.sock')
    const held: import('node:net').Socket[] = []
    const server = createServer((c) => held.push(c))
    await new Promise<void>((resolve) => server.listen(socket, resolve))
    try {
      const r = await runActionAsync(
        { timeout: String(TIMEOUT_S), 'log-files': join(import.meta.dirname, '..', 'fixtures', 'buildkit', 'parallel', 'docker28-parallel-warm.rawjson.log') },
        {
          env: { PATH: pathWith(fakeDocker('hang')), DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'bi-chaos-config-')) },
          state: JOB_START
        }
      )
      reported(r)
      expect(r.status).toBe(0)
      expect(r.wallMs).toBeLessThan(BOUND_MS)
      expect(warnings(r.stdout)).toEqual([
        '::warning::the build cache was not measured: the Docker Engine did not answer in time (set du: false where there is no docker)'
      ])
    } finally {
      for (const c of held) c.destroy()
      server.close()
    }
  })
})
