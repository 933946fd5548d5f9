import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runsCommand } from '../src/runs/command.js'
import { RestClient } from '../src/github/rest.js'
import { Deadline } from '../src/deadline.js'
import { priceOf } from '../src/runs/trend.js'
import { ROOT } from './helpers.js'
import { mermaidParse } from './mermaid.js'

const JOBLOGS = join(ROOT, 'test', 'fixtures', 'joblogs')
const GITHUB = join(ROOT, 'test', 'fixtures', 'github')
const json = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(GITHUB, name), 'utf8')) as Record<string, unknown>
const TOKEN = 'ghp_FAKEtokenForTheLoopbackServer0000000000'

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = []
  const err: string[] = []
  const code = await runsCommand(args, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    env,
    cwd: ROOT,
    ghToken: () => Promise.resolve(undefined)
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('runs --dir: logs already on disk', () => {
  test('the captured runs: a row per run, oldest first, and a sparkline of each figure', async () => {
    const r = await cli(['--dir', 'test/fixtures/joblogs/captured'])
    expect(r.code).toBe(0)
    expect(r.err).toBe('')
    const lines = r.out.split('\n')
    expect(lines[0]).toBe('captured · job build · 4 runs')
    const rows = lines.filter((l) => /^ {2}run-\d/.test(l)).map((l) => /^ {2}(run-\d) +\S+ \S+ +(\S+%) +(\S+s) +(\d+)$/.exec(l)?.slice(1))
    expect(rows).toEqual([
      ['run-1', '16.7%', '5.8s', '1'],
      ['run-2', '100.0%', '0.3s', '1'],
      ['run-3', '66.7%', '3.6s', '1'],
      ['run-4', '33.3%', '6.3s', '1']
    ])
    expect(r.out).toMatch(/hit rate {6}▁█▅▂ {2}16\.7% → 33\.3%/)
    expect(r.out).toMatch(/build fixture\/joblogs-deps:latest .*\n {4}hit rate {5}▄ {3}n\/a n\/a 100\.0% n\/a/)
  })

  test('--markdown: every chart is one mermaid reads', async () => {
    const r = await cli(['--dir', 'test/fixtures/joblogs/captured', '--markdown'])
    const charts = [...r.out.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] ?? '')
    expect(charts).toHaveLength(3)
    for (const c of charts) await expect(mermaidParse(c)).resolves.toMatchObject({ diagramType: 'xychart' })
  })

  test('--json: the figures for tools', async () => {
    const r = await cli(['--dir', 'test/fixtures/joblogs/public', '--json'])
    const got = JSON.parse(r.out) as { jobs: { job: string; runs: { hitRate: number; steps: number; builds: unknown[] }[] }[] }
    expect(got.jobs.map((j) => [j.job, j.runs.map((p) => [p.steps, p.hitRate, p.builds.length])])).toEqual([
      ['kubernetes-course-three-builds.raw', [[10, 50, 3]]],
      ['test-application-build-push.raw', [[1, 0, 1]]]
    ])
  })

  test('`gh run view --log` of a whole run: one file, its jobs apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bi-gh-'))
    try {
      const gh = (job: string, step: string, rel: string) =>
        readFileSync(join(JOBLOGS, rel), 'utf8')
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => `${job}\t${step}\t${l}`)
          .join('\n')
      writeFileSync(
        join(dir, '5551.log'),
        `${gh('app', 'Build app', 'captured/run-1/0_build.txt')}\n${gh('deps', 'Build deps', 'captured/run-2/0_build.txt')}\n`
      )
      const r = await cli(['--dir', dir, '--json'])
      const got = JSON.parse(r.out) as { jobs: { job: string; runs: { steps: number; cached: number; builds: { step: string }[] }[] }[] }
      expect(got.jobs.map((j) => [j.job, j.runs.map((p) => [p.steps, p.cached, p.builds.map((b) => b.step)])])).toEqual([
        ['app', [[6, 1, ['Build app']]]],
        ['deps', [[6, 6, ['Build deps']]]]
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('usage errors exit 2', async () => {
    expect((await cli([])).code).toBe(2)
    expect((await cli(['--repo', 'nope'])).code).toBe(2)
    expect((await cli(['--dir', '.', '--last', '0'])).code).toBe(2)
  })
})

/**
 * A loopback server answering as GitHub's REST description has it: list workflow runs (paged),
 * list jobs of a run attempt, download a job's log (a 302 to a signed URL, here on the same server),
 * 410 for an expired log, 404, and 403 with rate-limit headers.
 */
describe('runs --repo against a loopback server', () => {
  let server: Server
  let api = ''
  const seen: { path: string; auth: string | undefined }[] = []
  const cold = readFileSync(join(JOBLOGS, 'captured/run-1/0_build.txt'), 'utf8')
  const warm = readFileSync(join(JOBLOGS, 'captured/run-2/0_build.txt'), 'utf8')
  const run0 = (json('workflow-runs-paginated.json').workflow_runs as Record<string, unknown>[])[0] ?? {}
  const job0 = (json('jobs-paginated.json').jobs as Record<string, unknown>[])[0] ?? {}
  const runs = [103, 102, 101].map((id, i) => ({ ...run0, id, run_number: 560 + (3 - i), status: 'completed', created_at: `2026-01-0${3 - i}T10:00:00Z` }))
  const jobs: Record<number, Record<string, unknown>[]> = {
    103: [
      { ...job0, id: 9003, run_id: 103, name: 'build', labels: ['ubuntu-latest'], started_at: '2026-01-03T10:00:00Z', completed_at: '2026-01-03T10:02:10Z' }
    ],
    102: [
      { ...job0, id: 9002, run_id: 102, name: 'build', labels: ['ubuntu-latest'], started_at: '2026-01-02T10:00:00Z', completed_at: '2026-01-02T10:04:01Z' }
    ],
    101: [
      { ...job0, id: 9001, run_id: 101, name: 'build', labels: ['ubuntu-latest'], started_at: '2026-01-01T10:00:00Z', completed_at: '2026-01-01T10:05:00Z' },
      { ...job0, id: 9011, run_id: 101, name: 'lint', labels: ['ubuntu-latest'] }
    ]
  }
  let limitOnce = true

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      seen.push({ path: url.pathname, auth: req.headers.authorization })
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers })
        res.end(JSON.stringify(body))
      }
      let m: RegExpExecArray | null
      if (url.pathname === '/repos/acme/app') {
        send(200, { id: 1, full_name: 'acme/app', private: false })
        return
      }
      if (url.pathname === '/repos/acme/app/actions/workflows/ci.yml/runs') {
        // the first call meets the rate limit once: GitHub says when to come back
        if (limitOnce) {
          limitOnce = false
          send(403, json('basic-error-403.json'), { 'retry-after': '0', 'x-ratelimit-remaining': '0' })
          return
        }
        const page = Number(url.searchParams.get('page'))
        const per = Number(url.searchParams.get('per_page'))
        send(200, { total_count: runs.length, workflow_runs: runs.slice((page - 1) * per, page * per) })
        return
      }
      if ((m = /^\/repos\/acme\/app\/actions\/runs\/(\d+)\/attempts\/1\/jobs$/.exec(url.pathname))) {
        send(200, { total_count: jobs[Number(m[1])]?.length ?? 0, jobs: jobs[Number(m[1])] ?? [] })
        return
      }
      if ((m = /^\/repos\/acme\/app\/actions\/jobs\/(\d+)\/logs$/.exec(url.pathname))) {
        const id = m[1]
        if (id === '9001') {
          send(410, { message: 'Gone' })
          return
        }
        if (id === '9011') {
          send(404, json('basic-error-404.json'))
          return
        }
        res.writeHead(302, { location: `${api}/signed/${id}?urlSignature=SIGNED-SECRET` })
        return res.end()
      }
      if ((m = /^\/signed\/(\d+)$/.exec(url.pathname))) {
        res.writeHead(200, { 'content-type': 'text/plain' })
        return res.end(m[1] === '9002' ? cold : warm)
      }
      send(404, json('basic-error-404.json'))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const addr = server.address()
    api = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  })
  afterAll(() => {
    server.close()
  })

  test('pages, waits for the rate limit, follows the log redirect without the token, names the logs it could not get', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'bi-runs-'))
    try {
      const args = ['--repo', 'acme/app', '--workflow', 'ci.yml', '--last', '3', '--cache-dir', cache, '--timeout', '20']
      const r = await cli(args, { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api })
      expect(r.code).toBe(0)
      expect(r.err).toMatch(/^waiting 0s for GitHub's retry-after$/m)
      expect(r.err).toMatch(/^fetching 4 job logs \(0 on disk already\)$/m)
      expect(r.err).toMatch(/^\[3\/4\] run #561 build: HTTP 410: the log has expired/m)
      // oldest first; the public repository's standard runner is free
      expect(r.out).toMatch(/^Build · job build · 2 runs · linux \(public repository: standard runners are free\) at \$0\.000\/min$/m)
      expect(r.out).toMatch(/^ {2}#562 .* 2026-01-02 10:00 .*16\.7% +5\.8s +5 +\$0\.00$/m)
      expect(r.out).toMatch(/^ {2}#563 .* 2026-01-03 10:00 .*100\.0% +0\.3s +3 +\$0\.00$/m)
      expect(r.out).toMatch(/2 job logs missing \(the trend is partial\):\n {2}run #561 build: HTTP 410: the log has expired.*\n {2}run #561 lint: HTTP 404/)
      // the token went to the API only, never to the signed URL, and is never printed
      expect(seen.filter((s) => s.path.startsWith('/signed/')).every((s) => s.auth === undefined)).toBe(true)
      expect(seen.filter((s) => s.path.startsWith('/repos/')).every((s) => s.auth === `Bearer ${TOKEN}`)).toBe(true)
      expect(`${r.out}${r.err}`).not.toMatch(/FAKEtoken|SIGNED-SECRET/)
      // a second run reads what is on disk: no log and no jobs list is fetched again
      seen.length = 0
      const again = await cli(args, { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api })
      expect(again.out).toBe(r.out)
      expect(seen.map((s) => s.path).filter((p) => /\/logs$|\/signed\/|\/jobs$/.test(p) && !/9001|9011/.test(p))).toEqual([])
      expect(readdirSync(join(cache, 'acme', 'app')).sort()).toEqual(['run-101-1', 'run-102-1', 'run-103-1'])
    } finally {
      rmSync(cache, { recursive: true, force: true })
    }
  })

  test('a rate limit that resets after the time budget: a partial answer, not a wait', async () => {
    let calls = 0
    const reset = Math.floor(Date.now() / 1000) + 3600
    const client = new RestClient({
      token: TOKEN,
      apiUrl: 'http://127.0.0.1:1',
      deadline: new Deadline(5),
      fetch: () => {
        calls++
        return Promise.resolve(new Response('{}', { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } }))
      }
    })
    const a = await client.json('/repos/acme/app/actions/runs')
    expect(calls).toBe(1)
    expect(a.status).toBe(403)
    expect(a.limitedUntil).toBeGreaterThan(Date.now() + 3_000_000)
  })

  test('x-ratelimit-reset within the budget: waits until then, once', async () => {
    const waits: number[] = []
    let calls = 0
    const now = 1_800_000_000_000
    const client = new RestClient({
      token: TOKEN,
      deadline: new Deadline(120),
      now: () => now,
      sleep: (ms) => {
        waits.push(ms)
        return Promise.resolve()
      },
      fetch: () =>
        Promise.resolve(
          calls++ === 0
            ? new Response('{}', { status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) } })
            : new Response('{"ok":true}', { status: 200 })
        )
    })
    expect(await client.json('/x')).toMatchObject({ status: 200, data: { ok: true } })
    expect(waits).toEqual([31_000])
  })
})

describe('paging, as the REST description has it (per_page at most 100, page from 1)', () => {
  test('150 runs of which the newest 120 are wanted, and a run of 130 jobs', async () => {
    const asked: string[] = []
    const run0 = (json('workflow-runs-paginated.json').workflow_runs as Record<string, unknown>[])[0] ?? {}
    const job0 = (json('jobs-paginated.json').jobs as Record<string, unknown>[])[0] ?? {}
    const page = <T>(all: T[], url: URL): T[] => {
      const per = Number(url.searchParams.get('per_page'))
      const n = Number(url.searchParams.get('page'))
      return all.slice((n - 1) * per, n * per)
    }
    const runs = Array.from({ length: 150 }, (_, i) => ({ ...run0, id: 1000 - i, run_number: 150 - i }))
    const fake: typeof fetch = (input) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
      asked.push(`${url.pathname}?${url.searchParams.toString()}`)
      const body = url.pathname.endsWith('/runs')
        ? { total_count: 150, workflow_runs: page(runs, url) }
        : url.pathname.includes('/runs/1000/')
          ? {
              total_count: 130,
              jobs: page(
                Array.from({ length: 130 }, (_, i) => ({ ...job0, id: i, name: `leg ${i}` })),
                url
              )
            }
          : { total_count: 0, jobs: [] }
      return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }))
    }
    const cache = mkdtempSync(join(tmpdir(), 'bi-pages-'))
    try {
      const { fetchRuns } = await import('../src/runs/fetch.js')
      const got = await fetchRuns({
        owner: 'acme',
        repo: 'app',
        last: 120,
        job: 'nothing here',
        cacheDir: cache,
        client: new RestClient({ token: TOKEN, apiUrl: 'http://127.0.0.1:1', deadline: new Deadline(20), fetch: fake })
      })
      expect(got).toMatchObject({ logs: [], missing: [], problems: [] })
      expect(asked.filter((a) => a.startsWith('/repos/acme/app/actions/runs?'))).toEqual([
        '/repos/acme/app/actions/runs?status=completed&per_page=100&page=1&exclude_pull_requests=true',
        '/repos/acme/app/actions/runs?status=completed&per_page=100&page=2&exclude_pull_requests=true'
      ])
      expect(asked.filter((a) => a.includes('/runs/1000/'))).toEqual([
        '/repos/acme/app/actions/runs/1000/attempts/1/jobs?per_page=100&page=1',
        '/repos/acme/app/actions/runs/1000/attempts/1/jobs?per_page=100&page=2'
      ])
      expect(asked.filter((a) => a.includes('/jobs?'))).toHaveLength(121)
    } finally {
      rmSync(cache, { recursive: true, force: true })
    }
  })
})

describe("a past job's minute price, from its labels", () => {
  test.each([
    [['ubuntu-latest'], false, 'linux', 0.006],
    [['ubuntu-latest'], true, 'linux (public repository: standard runners are free)', 0],
    [['self-hosted', 'linux'], false, 'self-hosted', 0],
    [['my-runner'], false, 'unknown', 0]
  ])('%j public=%s', (labels, pub, sku, usd) => {
    expect(priceOf(labels, pub, undefined)).toMatchObject({ sku, usdPerMinute: usd })
  })
})
