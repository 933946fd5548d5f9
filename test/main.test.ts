import { describe, expect, test, vi } from 'vitest'
import { run } from '../src/main.js'
import { getInputs } from '../src/inputs.js'
import { FIXTURES, fixture, memoryIO, noDocker } from './helpers.js'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GitHubRequest } from '../src/github/request.js'
import type { Exec } from '../src/docker/exec.js'

// loadWindow as it is, and when it was started: run mode starts the baseline's load after its build
const baselineLoads = vi.hoisted(() => ({ order: undefined as string[] | undefined }))
vi.mock('../src/baseline/window.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/baseline/window.js')>()
  return {
    ...original,
    loadWindow: (...args: Parameters<typeof original.loadWindow>) => {
      baselineLoads.order?.push('baseline load started')
      return original.loadWindow(...args)
    }
  }
})

describe('run', () => {
  test('summary false writes no job summary', async () => {
    const m = memoryIO({ 'log-files': fixture('parallel/docker28-parallel-cold.plain.log'), summary: 'false' })
    await run(m.io, noDocker)
    expect(m.summary).toEqual([])
    expect(m.outputs['total-steps']).toBe('8')
  })

  test('a summary or report that cannot be written is a warning; outputs still set', async () => {
    const m = memoryIO(
      { 'log-files': fixture('parallel/docker28-parallel-warm.rawjson.log'), 'report-file': '/x/report.json', du: 'false' },
      {
        appendSummary: () => Promise.reject(new Error('GITHUB_STEP_SUMMARY is not set')),
        writeFile: () => Promise.reject(new Error('EACCES'))
      }
    )
    await run(m.io, noDocker)
    expect(m.failed).toEqual([])
    expect(m.warnings).toEqual(['report-file: could not write /x/report.json: EACCES', 'could not write the job summary: GITHUB_STEP_SUMMARY is not set'])
    expect(m.outputs).toMatchObject({ 'cache-hit-rate': '100.0', report: '' })
  })

  test('no input and no pre step: a warning that says what to give', async () => {
    const m = memoryIO({})
    await run(m.io, noDocker)
    expect(m.failed).toEqual([])
    expect(m.warnings[0]).toContain("none of log-files, build-refs or run is set, and the job's start time is unknown")
    expect(m.outputs).toMatchObject({ 'cache-hit-rate': '', gate: 'none' })
  })

  test('no docker: the build cache is a warning that says how to turn it off; the report stands', async () => {
    const m = memoryIO({ 'log-files': fixture('parallel/docker28-parallel-warm.rawjson.log') })
    await run(m.io, noDocker)
    expect(m.failed).toEqual([])
    expect(m.warnings).toEqual(['the build cache was not measured: docker buildx inspect failed: docker: not found (set du: false where there is no docker)'])
    expect(m.outputs).toMatchObject({ 'cache-hit-rate': '100.0', 'cache-size': '', 'cache-growth': '' })
  })
})

describe('the Actions cache (REST API answers recorded from the published description)', () => {
  const body = (f: string): unknown => JSON.parse(readFileSync(join(FIXTURES, '..', 'github', f), 'utf8'))
  const api: GitHubRequest = (route) => {
    if (route.endsWith('/cache/usage')) return Promise.resolve({ status: 200, data: body('actions-cache-usage-above-80.json') })
    if (route.endsWith('/caches')) return Promise.resolve({ status: 200, data: body('actions-caches-list-buildkit-blobs.json') })
    return Promise.resolve({ status: 404, data: body('basic-error-404.json') })
  }

  test('usage output, a summary section, and a warning near the limit', async () => {
    const m = memoryIO(
      { 'log-files': fixture('parallel/docker28-parallel-warm.rawjson.log'), 'github-token': 't' },
      { githubRequest: () => Promise.resolve(api), env: { GITHUB_REPOSITORY: 'octo-org/app', RUNNER_TEMP: '/tmp' } }
    )
    await run(m.io, noDocker)
    expect(Number(m.outputs['actions-cache-usage'])).toBeGreaterThan(0)
    expect(m.summary.join('')).toContain('### GitHub Actions cache')
    expect(m.warnings.some((w) => /Actions cache of .* is at \d+\.\d%/.test(w))).toBe(true)
    expect(m.failed).toEqual([])
  })

  test('no token: one notice, no call, no failure', async () => {
    const m = memoryIO(
      { 'log-files': fixture('parallel/docker28-parallel-warm.rawjson.log'), du: 'true' },
      { env: { GITHUB_REPOSITORY: 'octo-org/app', RUNNER_TEMP: '/tmp' } }
    )
    await run(m.io, noDocker)
    expect(m.notices).toEqual(['Actions cache usage not read: no github-token'])
    expect(m.outputs['actions-cache-usage']).toBe('')
  })

  test('a token without permission: one notice naming actions: read', async () => {
    const m = memoryIO(
      { 'log-files': fixture('parallel/docker28-parallel-warm.rawjson.log'), 'github-token': 't' },
      {
        githubRequest: () => Promise.resolve(() => Promise.resolve({ status: 403, data: body('basic-error-403.json') })),
        env: { GITHUB_REPOSITORY: 'octo-org/app', RUNNER_TEMP: '/tmp' }
      }
    )
    await run(m.io, noDocker)
    expect(m.notices).toHaveLength(1)
    expect(m.notices[0]).toContain('actions: read')
    expect(m.failed).toEqual([])
  })
})

describe('the REST client is made when first asked', () => {
  test('one that cannot be made is a notice of the request that needed it: the report is still written and judged', async () => {
    let made = 0
    const m = memoryIO(
      { 'log-files': fixture('parallel/docker28-parallel-warm.rawjson.log'), 'github-token': 't', 'min-cache-hit-rate': '50', du: 'false' },
      {
        githubRequest: () => {
          made++
          return Promise.reject(new Error('the REST client could not be made'))
        },
        env: { GITHUB_REPOSITORY: 'octo-org/app', RUNNER_TEMP: '/tmp' }
      }
    )
    await run(m.io, noDocker)
    expect(made).toBe(1)
    expect(m.notices.join('\n')).toContain('the request failed (the REST client could not be made)')
    expect(m.outputs['cache-hit-rate']).not.toBe('')
    expect(m.failed).toEqual([])
  })

  test('no request, no client: a run without a call to the API never loads octokit', async () => {
    let made = 0
    const m = memoryIO(
      { 'log-files': fixture('parallel/docker28-parallel-warm.rawjson.log'), 'github-token': 't', 'actions-cache-usage': 'false', du: 'false' },
      {
        githubRequest: () => {
          made++
          return Promise.resolve(() => Promise.reject(new Error('no network in tests')))
        },
        env: { GITHUB_REPOSITORY: 'octo-org/app', RUNNER_TEMP: '/tmp' }
      }
    )
    await run(m.io, noDocker)
    expect(made).toBe(0)
    expect(m.failed).toEqual([])
  })
})

describe('run mode and the REST API', () => {
  /** A docker whose build prints a real log in pieces, a turn of the event loop apart, and says when it starts and ends. */
  const building =
    (order: string[]): Exec =>
    async (_cmd, args, opts) => {
      if (args[0] !== 'buildx' || args[1] !== 'build') return { exitCode: 1, stdout: '', stderr: 'not this' }
      order.push('build started')
      const text = readFileSync(fixture('multistage/docker28-multistage-warm.rawjson.log'))
      for (let i = 0; i < text.length; i += 4096) {
        opts?.onStderr?.(text.subarray(i, i + 4096))
        await new Promise((resolve) => setImmediate(resolve))
      }
      order.push('build ended')
      return { exitCode: 0, stdout: '', stderr: '' }
    }
  const onGitHub = (order: string[]) => ({
    githubRequest: () => {
      order.push('REST client made')
      const request: GitHubRequest = (route) => {
        order.push(route.replace(/^GET \/repos\/\{owner\}\/\{repo\}\/actions\//, ''))
        return Promise.resolve({ status: 404, data: {} })
      }
      return Promise.resolve(request)
    },
    env: {
      GITHUB_REPOSITORY: 'octo-org/app',
      GITHUB_RUN_ID: '30433642',
      GITHUB_WORKFLOW_REF: 'octo-org/app/.github/workflows/ci.yml@refs/heads/main',
      RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'build-insights-main-'))
    }
  })

  test('the REST client and the questions the build does not change: started while it runs; the baseline load after it', async () => {
    const order: string[] = []
    baselineLoads.order = order
    const m = memoryIO({ run: 'docker buildx build --network=none .', 'github-token': 't', du: 'false' }, onGitHub(order))
    try {
      await run(m.io, building(order))
    } finally {
      baselineLoads.order = undefined
    }
    expect(order[0]).toBe('build started')
    const end = order.indexOf('build ended')
    expect(order.slice(0, end)).toEqual(
      expect.arrayContaining(['REST client made', 'cache/usage', 'runs/{run_id}/attempts/{attempt_number}/jobs', 'workflows/{workflow_id}/runs'])
    )
    // its client writes workflow commands, which the runner ignores while the build's output is shown
    expect(order.indexOf('baseline load started')).toBeGreaterThan(end)
    expect(m.outputs['cached-steps']).toBe('16')
    // their notices are told after the build, as before
    expect(m.notices.some((n) => n.startsWith('Actions cache usage of octo-org/app unknown'))).toBe(true)
    expect(m.failed).toEqual([])
  })

  test("a build that exports to the Actions cache: its usage is read after the build, the job's questions still during it", async () => {
    const order: string[] = []
    const m = memoryIO({ run: 'docker buildx build --network=none --cache-to type=gha,mode=max .', 'github-token': 't', du: 'false' }, onGitHub(order))
    await run(m.io, building(order))
    const end = order.indexOf('build ended')
    expect(order.slice(0, end)).toEqual(expect.arrayContaining(['runs/{run_id}/attempts/{attempt_number}/jobs', 'workflows/{workflow_id}/runs']))
    expect(order.indexOf('cache/usage')).toBeGreaterThan(end)
  })
})

describe('getInputs', () => {
  test.each([
    ['', undefined, []],
    ['80', 80, []],
    ['80%', 80, []],
    ['66.7', 66.7, []],
    ['101', undefined, ['min-cache-hit-rate: "101" is not a number between 0 and 100']],
    ['abc', undefined, ['min-cache-hit-rate: "abc" is not a number between 0 and 100']]
  ])('min-cache-hit-rate %j', (value, want, errors) => {
    const r = getInputs((n) => (n === 'min-cache-hit-rate' ? value : ''), { RUNNER_TEMP: '/rt' })
    expect(r.inputs.thresholds['min-cache-hit-rate']).toBe(want)
    expect(r.errors.map((e) => e.message)).toEqual(errors)
  })

  test('defaults and lists', () => {
    const r = getInputs((n) => (n === 'log-files' ? ' a.log \n\n# a comment\nlogs/*.log\n' : ''), { RUNNER_TEMP: '/rt' })
    expect(r.inputs).toEqual({
      logFiles: ['a.log', 'logs/*.log'],
      buildRefs: '',
      builder: undefined,
      run: '',
      thresholds: { 'min-cache-hit-rate': undefined, 'max-duration': undefined, 'max-duration-increase': undefined, 'max-cache-hit-rate-drop': undefined },
      gate: 'fail',
      failOnEmpty: true,
      summary: true,
      reportFile: '/rt/build-insights-report.json',
      du: true,
      actionsCacheUsage: true,
      githubToken: '',
      baselineFile: '',
      saveBaseline: 'auto',
      baselineName: 'default',
      baselineSeed: 'store',
      timeout: 60,
      dockerfile: '',
      context: '.',
      matrix: undefined,
      mergeReports: [],
      gateEachLeg: false,
      otlp: undefined
    })
    expect(getInputs((n) => (n === 'gate' ? 'maybe' : ''), {}).errors.map((e) => e.message)).toEqual(['gate: "maybe" is not one of fail, warn'])
    expect(getInputs((n) => (n === 'summary' ? 'yes' : ''), {}).errors.map((e) => e.message)).toEqual(['summary: "yes" is not true or false'])
    expect(getInputs((n) => (n === 'baseline' ? 'Runs' : ''), {}).inputs.baselineSeed).toBe('runs')
    expect(getInputs((n) => (n === 'baseline' ? 'history' : ''), {}).errors.map((e) => e.message)).toEqual(['baseline: "history" is not one of store, runs'])
  })

  test.each([
    ['', 60, []],
    ['3', 3, []],
    ['90s', 90, []],
    ['0', 60, ['timeout: "0" is not a number of at least 1']],
    ['soon', 60, ['timeout: "soon" is not a number of at least 1']]
  ])('timeout %j', (value, want, errors) => {
    const r = getInputs((n) => (n === 'timeout' ? value : ''), {})
    expect(r.inputs.timeout).toBe(want)
    expect(r.errors.map((e) => e.message)).toEqual(errors)
  })
})

describe('a gate is never skipped', () => {
  // a fault of the action's own: the runner's state (GITHUB_STATE, as pre saved it) cannot be read
  const broken = {
    getState: (): string => {
      throw new Error('the runner state could not be read')
    }
  }

  test('an internal error with a threshold set fails the step, naming the gate and the reason', async () => {
    const m = memoryIO(
      { 'log-files': fixture('parallel/docker28-parallel-warm.rawjson.log'), 'github-token': 't', 'min-cache-hit-rate': '50', du: 'false' },
      broken
    )
    await run(m.io, noDocker)
    expect(m.warnings).toContain('build-insights could not finish its report: the runner state could not be read')
    expect(m.failed).toEqual(['could not evaluate min-cache-hit-rate: the runner state could not be read'])
  })

  test('with gate: warn the same is a warning, and with no threshold set nothing fails', async () => {
    const warn = memoryIO(
      { 'log-files': fixture('parallel/docker28-parallel-warm.rawjson.log'), 'github-token': 't', 'max-duration': '60', gate: 'warn' },
      broken
    )
    await run(warn.io, noDocker)
    expect(warn.failed).toEqual([])
    expect(warn.warnings).toContain('could not evaluate max-duration: the runner state could not be read')
    const none = memoryIO({ 'log-files': fixture('parallel/docker28-parallel-warm.rawjson.log'), 'github-token': 't' }, broken)
    await run(none.io, noDocker)
    expect(none.failed).toEqual([])
  })

  test('outputs that cannot be set are a warning; the failed threshold still fails the step', async () => {
    const m = memoryIO(
      { 'log-files': fixture('multistage/docker28-multistage-partial.plain.log'), 'min-cache-hit-rate': '80', du: 'false' },
      {
        setOutput: () => {
          throw new Error('Missing file at path: /nope/output')
        }
      }
    )
    await run(m.io, noDocker)
    expect(m.warnings).toContain('could not set the outputs: Missing file at path: /nope/output')
    // today's text first, then the first cache break and a remedy (issue 10, item 7)
    expect(m.failed).toEqual([expect.stringMatching(/^cache hit rate 68\.8% is below min-cache-hit-rate 80%; first cache miss: stage `build`, step 7\/10 /)])
  })
})
