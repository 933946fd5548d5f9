import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fixture, ROOT } from './helpers.js'
import { runActionAsync } from './runner.js'

// The committed dist/index.js as on GitHub, against a loopback stand-in for the REST API that
// answers each request after HOLD_MS with the bodies of test/fixtures/github (shaped as the
// examples of GitHub's published REST description), routed as stand-in.json says (the bench's
// stand-in uses the same), with the runner's variables of a job in progress in its answer: what
// the action asks, which requests wait for which, and what it makes of the answers.
const HOLD_MS = 250
const GITHUB = join(ROOT, 'test', 'fixtures', 'github')
const body = (name: string) => readFileSync(join(GITHUB, name))
const STAND_IN = JSON.parse(readFileSync(join(GITHUB, 'stand-in.json'), 'utf8')) as { routes: { url: string; body: string }[]; runner: Record<string, string> }
const ROUTES = STAND_IN.routes.map((r): [RegExp, string] => [new RegExp(r.url), r.body])

interface Seen {
  what: string
  arrived: number
  answered: number
  /** Date.now() at arrival, to compare with what another process notes. */
  wall: number
}
const seen: Seen[] = []
let server: Server
let api = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? ''
    const hit = ROUTES.find(([re]) => re.test(url.split('&page=')[0] ?? url))
    const s: Seen = { what: (hit?.[1] ?? url).replace(/\.json$/, ''), arrived: performance.now(), answered: Number.POSITIVE_INFINITY, wall: Date.now() }
    seen.push(s)
    setTimeout(() => {
      s.answered = performance.now()
      res.writeHead(hit ? 200 : 404, { 'content-type': 'application/json' }).end(body(hit ? hit[1] : 'basic-error-404.json'))
    }, HOLD_MS)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** Whether two requests were in flight together: each arrived before the other was answered. */
const together = (a: Seen | undefined, b: Seen | undefined) => a !== undefined && b !== undefined && a.arrived < b.answered && b.arrived < a.answered

describe('dist/index.js and the REST API', () => {
  test('every question asked, those that can go together in flight together, and the answers in the outputs', async () => {
    const r = await runActionAsync(
      { 'log-files': fixture('multistage/docker28-multistage-partial.plain.log'), 'github-token': 'ghs_stand-in', du: 'false' },
      {
        env: { ...STAND_IN.runner, GITHUB_API_URL: api }
      }
    )
    expect(r.status).toBe(0)
    const of = (what: string) => seen.find((s) => s.what === what)
    expect(seen.map((s) => s.what).sort()).toEqual([
      'actions-cache-storage-limit',
      'actions-cache-usage',
      'actions-caches-list-buildkit-blobs',
      'actions-caches-list-buildkit-index',
      'jobs-in-progress',
      'workflow-runs-30-days'
    ])
    // the job and the runs together, and beside the usage; then the limit and both listings together
    expect(together(of('jobs-in-progress'), of('workflow-runs-30-days'))).toBe(true)
    expect(together(of('actions-cache-usage'), of('jobs-in-progress'))).toBe(true)
    expect(together(of('actions-cache-storage-limit'), of('actions-caches-list-buildkit-blobs'))).toBe(true)
    expect(together(of('actions-caches-list-buildkit-blobs'), of('actions-caches-list-buildkit-index'))).toBe(true)
    // nothing more after the usage until it is answered: a refused usage asks nothing else
    expect((of('actions-cache-storage-limit')?.arrived ?? 0) >= (of('actions-cache-usage')?.answered ?? Number.POSITIVE_INFINITY)).toBe(true)
    expect(Number(r.outputs['actions-cache-usage'])).toBeGreaterThan(0)
    const report = JSON.parse(readFileSync(join(r.runnerTemp, 'build-insights-report.json'), 'utf8')) as {
      billing: { runsPerMonth?: number; jobStartFrom?: string }
    }
    expect(report.billing).toMatchObject({ runsPerMonth: 412, runsPerMonthFrom: 'api', jobStartFrom: 'api' })
    // the job's start from the jobs API, the runs a month from the runs API: both in the monthly figure
    expect(Number(r.outputs['monthly-minutes'])).toBe(Number(r.outputs['billable-minutes']) * 412)
  })
})

describe("run mode's group holds the build's output and nothing else", () => {
  // While the build's output is shown, workflow commands are stopped (::stop-commands::), so the
  // runner would ignore a mask, a debug line or a warning written then: whatever the action starts
  // while the build runs must write none. The Actions cache's client writes all three when it loads
  // a baseline, the mask for the signature of the URL the cache service hands out.
  const SIG = 'stand-in-signature-0451'
  let cache: Server
  let cacheUrl = ''
  beforeAll(async () => {
    cache = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        if (req.url?.endsWith('/GetCacheEntryDownloadURL') === true) {
          const url = `http://127.0.0.1:${(cache.address() as AddressInfo).port}/blob?sv=1&sig=${SIG}`
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ ok: true, signed_download_url: url, matched_key: 'build-insights-v1-w-image-default-1' }))
        } else res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"not_found","msg":"none"}')
      })
    })
    await new Promise<void>((resolve) => cache.listen(0, '127.0.0.1', resolve))
    cacheUrl = `http://127.0.0.1:${(cache.address() as AddressInfo).port}/`
  })
  afterAll(async () => {
    cache.closeAllConnections()
    await new Promise((resolve) => cache.close(resolve))
  })

  test('the baseline is loaded after the build, the REST questions asked during it, and no workflow command is written inside the group', async () => {
    // a docker that prints a real build's progress, takes two seconds, and notes when it ended
    const bin = mkdtempSync(join(tmpdir(), 'build-insights-docker-'))
    const ended = join(bin, 'ended')
    writeFileSync(
      join(bin, 'docker'),
      `#!/bin/sh\ncat '${fixture('multistage/docker28-multistage-warm.rawjson.log')}' >&2\nsleep 2\nnode -e 'console.log(Date.now())' > '${ended}'\n`
    )
    chmodSync(join(bin, 'docker'), 0o755)
    seen.length = 0
    const r = await runActionAsync(
      { run: 'docker buildx build --network=none .', 'github-token': 'ghs_stand-in', du: 'false' },
      {
        env: {
          PATH: `${bin}:${process.env.PATH ?? ''}`,
          ...STAND_IN.runner,
          GITHUB_API_URL: api,
          GITHUB_WORKFLOW: 'w',
          ACTIONS_CACHE_SERVICE_V2: 'true',
          ACTIONS_RESULTS_URL: cacheUrl,
          ACTIONS_RUNTIME_TOKEN: 'stand-in-runtime-token'
        }
      }
    )
    expect(r.status).toBe(0)
    expect(r.outputs['cached-steps']).toBe('16')
    const lines = r.stdout.split('\n')
    const open = lines.findIndex((l) => l.startsWith('::stop-commands::'))
    const token = lines[open]?.slice('::stop-commands::'.length)
    const close = lines.indexOf(`::${token ?? ''}::`)
    expect(open).toBeGreaterThan(-1)
    expect(close).toBeGreaterThan(open)
    expect(lines.slice(open + 1, close).filter((l) => l.startsWith('::'))).toEqual([])
    // the baseline was asked for, after the group: its mask before any line that holds the signature
    const mask = lines.indexOf(`::add-mask::${SIG}`)
    expect(mask).toBeGreaterThan(close)
    expect(lines.findIndex((l) => l.includes(SIG) && !l.startsWith('::add-mask::'))).toBeGreaterThan(mask)
    // the REST questions went out while the build ran
    const buildEnded = Number(readFileSync(ended, 'utf8'))
    expect(seen.map((q) => q.what).sort()).toEqual(
      ['actions-cache-usage', 'jobs-in-progress', 'workflow-runs-30-days']
        .concat(['actions-cache-storage-limit', 'actions-caches-list-buildkit-blobs', 'actions-caches-list-buildkit-index'])
        .sort()
    )
    for (const q of seen) expect(q.wall).toBeLessThan(buildEnded)
  })
})
