import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createServer, type Server } from 'node:http'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { seedFromRuns } from '../src/baseline/seed-runs.js'
import { seedWindow } from '../src/baseline/window.js'
import { Deadline } from '../src/deadline.js'
import type { GitHubRequest } from '../src/github/request.js'
import { reportFromBuilds } from '../src/pipeline.js'
import { readLogFile } from '../src/sources/log-files.js'
import { renderSummary } from '../src/summary/markdown.js'
import { xychart } from '../src/summary/xychart.js'
import type { BaselineEntry } from '../src/baseline/entry.js'
import { ROOT } from './helpers.js'
import { mermaidParse } from './mermaid.js'

const JOBLOGS = join(ROOT, 'test', 'fixtures', 'joblogs')
const GITHUB = join(ROOT, 'test', 'fixtures', 'github')
const json = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(GITHUB, name), 'utf8')) as Record<string, unknown>
const charts = (md: string): string[] => [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] ?? '')

describe('baseline: runs, against a loopback server answering as the REST description has it', () => {
  let server: Server
  let api = ''
  const paths: string[] = []
  const run0 = (json('workflow-runs-paginated.json').workflow_runs as Record<string, unknown>[])[0] ?? {}
  const job0 = (json('jobs-paginated.json').jobs as Record<string, unknown>[])[0] ?? {}
  // newest first, as GitHub lists them; 500 is this run, in progress, never listed as completed
  const runs = [4, 3, 2, 1].map((n) => ({
    ...run0,
    id: 100 + n,
    run_number: n,
    head_branch: 'main',
    created_at: `2026-01-0${n}T10:00:00Z`,
    status: 'completed'
  }))
  const minutes = [0, 5, 3, 2, 4]
  const jobsOf = (id: number) => [
    {
      ...job0,
      id: 9000 + id,
      run_id: id,
      name: 'build',
      labels: ['ubuntu-latest'],
      started_at: `2026-01-0${id - 100}T10:00:00Z`,
      completed_at: `2026-01-0${id - 100}T10:0${minutes[id - 100] ?? 0}:00Z`
    },
    { ...job0, id: 9500 + id, run_id: id, name: 'test', labels: ['ubuntu-latest'] }
  ]

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      paths.push(`${url.pathname}${url.search}`)
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      let m: RegExpExecArray | null
      if (url.pathname === '/repos/acme/app') {
        send(200, { private: true })
        return
      }
      if (url.pathname === '/repos/acme/app/actions/workflows/ci.yml/runs') {
        send(200, { total_count: runs.length, workflow_runs: runs })
        return
      }
      if ((m = /^\/repos\/acme\/app\/actions\/runs\/(\d+)\/attempts\/1\/jobs$/.exec(url.pathname))) {
        send(200, { total_count: 2, jobs: jobsOf(Number(m[1])) })
        return
      }
      if ((m = /^\/repos\/acme\/app\/actions\/jobs\/(\d+)\/logs$/.exec(url.pathname))) {
        const n = Number(m[1]) - 9100
        if (n < 1 || n > 4) {
          send(404, json('basic-error-404.json'))
          return
        }
        res.writeHead(302, { location: `${api}/signed/${n}?sig=x` })
        return res.end()
      }
      if ((m = /^\/signed\/(\d)$/.exec(url.pathname))) {
        res.writeHead(200)
        return res.end(readFileSync(join(JOBLOGS, `captured/run-${m[1]}/0_build.txt`)))
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

  test("the default branch's past runs of this workflow and job become the window, oldest first", async () => {
    const temp = mkdtempSync(join(tmpdir(), 'bi-seed-'))
    // this job, as the jobs API of the running run names it (the action's octokit.request)
    const request: GitHubRequest = (route) =>
      Promise.resolve({
        status: 200,
        data: route.includes('/jobs') ? { total_count: 1, jobs: [{ ...job0, name: 'build', status: 'in_progress', runner_name: 'r1' }] } : {}
      })
    try {
      const got = await seedFromRuns({
        token: 'ghs_FAKE',
        owner: 'acme',
        repo: 'app',
        request,
        env: { GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/ci.yml@refs/heads/main', GITHUB_RUN_ID: '500', RUNNER_NAME: 'r1', GITHUB_API_URL: api },
        defaultBranch: 'main',
        deadline: new Deadline(20),
        runnerTemp: temp
      })
      expect(got.entries.map((e) => [e.runId, e.hitRate, e.billableMinutes, e.durationKind])).toEqual([
        ['101', 16.7, 5, 'wall'],
        ['102', 100, 3, 'wall'],
        ['103', 66.7, 2, 'wall'],
        ['104', 33.3, 4, 'wall']
      ])
      expect(got.problems.map((p) => p.message)).toEqual(['baseline: runs: 4 past runs of ci.yml job "build" on main read from their job logs.'])
      expect(paths.filter((p) => p.includes('/runs?'))).toEqual([
        '/repos/acme/app/actions/workflows/ci.yml/runs?status=completed&branch=main&per_page=21&page=1&exclude_pull_requests=true'
      ])
      // the other job's log is never asked for
      expect(paths.some((p) => /\/jobs\/96\d\d\/logs/.test(p))).toBe(false)

      // the summary of a run against that window: the trend as three charts mermaid reads
      const log = await readLogFile(join(JOBLOGS, 'captured/run-2/0_build.txt'))
      const report = reportFromBuilds(
        log.builds,
        ['0_build.txt'],
        [],
        { thresholds: {}, now: new Date('2026-01-05T10:00:00Z') },
        {
          baseline: got.entries,
          billing: {
            runner: { environment: 'github-hosted', os: 'linux', arch: 'x64', labels: [], cores: 2 },
            price: { usdPerMinute: 0.006, sku: 'linux', source: 'table', asOf: '' },
            jobStartedAt: Date.parse('2026-01-05T09:58:30Z')
          }
        }
      )
      const md = renderSummary(report)
      expect(md).toContain('### Trend')
      // the job log's timestamps give the build a timeline too (a gantt chart): it parses as well
      for (const c of charts(md).filter((c) => c.startsWith('gantt'))) await expect(mermaidParse(c)).resolves.toMatchObject({ diagramType: 'gantt' })
      const drawn = charts(md).filter((c) => c.startsWith('xychart-beta'))
      expect(drawn).toHaveLength(3)
      expect(drawn[0]).toContain('x-axis ["01-01 10:05", "01-02 10:03", "01-03 10:02", "01-04 10:04", "this run"]')
      expect(drawn[0]).toContain('line [16.7, 100, 66.7, 33.3, 100]')
      expect(drawn[2]).toContain('bar [5, 3, 2, 4, 2]')
      for (const c of drawn) await expect(mermaidParse(c)).resolves.toMatchObject({ diagramType: 'xychart' })
      expect(md).not.toMatch(/no timestamps/)
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
  })
})

describe('baseline: runs without the REST API', () => {
  test('no token or repository: one notice, no baseline, no failure', async () => {
    const told: string[] = []
    const io = { info: () => undefined, notice: (m: string) => told.push(m), warning: (m: string) => told.push(m), env: {}, eventRepository: undefined }
    expect(await seedWindow('', { github: undefined, deadline: new Deadline(1) }, tmpdir(), io)).toBeUndefined()
    expect(told).toEqual(['baseline: runs needs the REST API (github-token, and a repository): no baseline read from past runs'])
  })
})

describe('the trend charts', () => {
  const entry = (hitRate: number | null, duration: number, minutes?: number): BaselineEntry => ({
    schemaVersion: 1,
    createdAt: '2026-01-01T10:00:00Z',
    steps: 6,
    cached: 3,
    hitRate,
    duration,
    durationKind: 'sum',
    stages: [],
    stepTimes: [],
    ...(minutes === undefined ? {} : { billableMinutes: minutes })
  })
  const summary = async (baseline: BaselineEntry[]) => {
    const log = await readLogFile(join(ROOT, 'test/fixtures/buildkit/multistage/docker28-multistage-partial.plain.log'))
    return renderSummary(reportFromBuilds(log.builds, ['x.log'], [], { thresholds: {}, now: new Date('2026-01-02T00:00:00Z') }, { baseline }))
  }

  test('a run without minutes: only hit rate and duration are drawn', async () => {
    const md = await summary([entry(50, 3, 2)])
    expect(charts(md).flatMap((c) => (c.startsWith('xychart-beta') ? [/title "([^"]+)"/.exec(c)?.[1]] : []))).toEqual(['Cache hit rate (%)', 'Duration (s)'])
  })

  test('a run without a hit rate: that chart is one line saying why', async () => {
    const md = await summary([entry(null, 3)])
    expect(md).toContain('_Cache hit rate (%): some runs have no figure, so no chart._')
    expect(charts(md).filter((c) => c.startsWith('xychart-beta'))).toHaveLength(1)
  })

  test('no baseline: no trend section', async () => {
    const log = await readLogFile(join(ROOT, 'test/fixtures/buildkit/multistage/docker28-multistage-partial.plain.log'))
    expect(renderSummary(reportFromBuilds(log.builds, ['x.log'], [], { thresholds: {}, now: new Date(0) }))).not.toContain('### Trend')
  })

  test('whatever the figures and labels, mermaid reads the chart (150 cases)', async () => {
    const value = fc.oneof(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.integer({ min: 0, max: 10_000 }))
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ label: fc.string({ maxLength: 80 }), v: value }), { minLength: 2, maxLength: 80 }),
        fc.constantFrom<'line' | 'bar'>('line', 'bar'),
        fc.string({ maxLength: 40 }),
        async (points, kind, title) => {
          const c = xychart({ title, x: points.map((p) => p.label), yTitle: title, series: [{ kind, values: points.map((p) => p.v) }] })
          expect('markdown' in c).toBe(true)
          if ('markdown' in c) await mermaidParse(c.markdown.replace(/^```mermaid\n|```$/g, ''))
        }
      ),
      { numRuns: 150 }
    )
  })
})
