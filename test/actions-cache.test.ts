import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { getOctokit } from '@actions/github'
import { DEFAULT_LIMIT_BYTES, GB, readActionsCache, type ActionsCacheUsage } from '../src/github/actions-cache-usage.js'
import { NoAnswer, type GitHubRequest } from '../src/github/request.js'
import { messages, ROOT, roundTrips } from './helpers.js'

/** The read with its problems as the log tells them: the notices' messages, then the warnings'. */
async function told(read: ReturnType<typeof readActionsCache>): Promise<{ usage: ActionsCacheUsage | undefined; notices: string[]; warnings: string[] }> {
  const { usage, problems } = await read
  return { usage, notices: messages(problems, 'notice'), warnings: messages(problems, 'warning') }
}

// Bodies shaped as github/rest-api-description has them; see test/fixtures/github/README.md.
const body = (name: string): unknown => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'github', name), 'utf8'))

const USAGE = 'GET /repos/{owner}/{repo}/actions/cache/usage'
const LIMIT = 'GET /repos/{owner}/{repo}/actions/cache/storage-limit'
const LIST = 'GET /repos/{owner}/{repo}/actions/caches'

type Reply = { status: number; data: unknown } | Error | { throwStatus: number; data: unknown }
/** route (+ ` key=<prefix>` for the list) → reply, or a function of the page. */
type Table = Record<string, Reply | ((page: number) => Reply)>

function fake(table: Table): { request: GitHubRequest; calls: { route: string; params: Record<string, string | number> }[] } {
  const calls: { route: string; params: Record<string, string | number> }[] = []
  const request: GitHubRequest = (route, params) => {
    calls.push({ route, params })
    const key = route === LIST ? `${route} key=${String(params.key)}` : route
    const entry = table[key]
    const reply = typeof entry === 'function' ? entry(Number(params.page)) : entry
    if (reply === undefined) return Promise.resolve({ status: 404, data: body('basic-error-404.json') })
    if (reply instanceof Error) return Promise.reject(reply)
    // octokit.request's RequestError: thrown, with status and response.data.
    if ('throwStatus' in reply) return Promise.reject(Object.assign(new Error('HttpError'), { status: reply.throwStatus, response: { data: reply.data } }))
    return Promise.resolve(reply)
  }
  return { request, calls }
}

const ok = (name: string): Reply => ({ status: 200, data: body(name) })
const BLOBS = `${LIST} key=buildkit-blob-1-`
const INDEX = `${LIST} key=index-`
const NORMAL: Table = {
  [USAGE]: ok('actions-cache-usage.json'),
  [LIMIT]: ok('actions-cache-storage-limit.json'),
  [BLOBS]: ok('actions-caches-list-buildkit-blobs.json'),
  [INDEX]: ok('actions-caches-list-buildkit-index.json')
}
const BUILDKIT = {
  count: 5,
  bytes: 31457280 + 1048576 + 524288 + 20480 + 4096,
  oldestLastAccessedAt: '2026-02-28T07:40:12.000Z',
  newestLastAccessedAt: '2026-03-03T14:02:00.000Z'
}

/** `n` entries of the recorded list's shape, split into pages of 100 like the API. */
function pages(n: number): (page: number) => Reply {
  const sample = (body('actions-caches-list-buildkit-blobs.json') as { actions_caches: Record<string, unknown>[] }).actions_caches[0]
  const all = Array.from({ length: n }, (_, i) => ({
    ...sample,
    id: 1000 + i,
    key: `buildkit-blob-1-sha256:${i.toString(16).padStart(64, '0')}`,
    size_in_bytes: 1000
  }))
  return (page) => ({ status: 200, data: { total_count: n, actions_caches: all.slice((page - 1) * 100, page * 100) } })
}

describe('readActionsCache with a fake request', () => {
  const cases: { name: string; table: Table; check: (r: Awaited<ReturnType<typeof told>>) => void }[] = [
    {
      name: 'normal: usage, configured limit, BuildKit blobs and indexes',
      table: NORMAL,
      check: ({ usage, notices, warnings }) => {
        expect(usage).toEqual({
          repository: 'octo-org/Hello-World',
          usageBytes: 2322142,
          activeCount: 3,
          limitBytes: 150 * GB,
          limitFromApi: true,
          buildkit: BUILDKIT,
          percentOfLimit: (2322142 / (150 * GB)) * 100
        })
        expect(notices).toEqual([])
        expect(warnings).toEqual([])
      }
    },
    {
      name: 'above 80% of the default limit: one warning naming usage, limit and percent',
      table: { ...NORMAL, [USAGE]: ok('actions-cache-usage-above-80.json'), [LIMIT]: { throwStatus: 404, data: body('basic-error-404.json') } },
      check: ({ usage, warnings, notices }) => {
        expect(usage?.percentOfLimit).toBeCloseTo(91, 5)
        expect(usage?.limitFromApi).toBe(false)
        expect(warnings).toHaveLength(1)
        expect(warnings[0]).toMatch(/91\.0%.*9\.10 GiB.*10\.00 GiB/)
        expect(notices).toEqual([])
      }
    },
    {
      name: '404 on the limit endpoint (returned, not thrown): documented default, no notice',
      table: { ...NORMAL, [LIMIT]: { status: 404, data: body('basic-error-404.json') } },
      check: ({ usage, notices }) => {
        expect(usage).toMatchObject({ limitBytes: DEFAULT_LIMIT_BYTES, limitFromApi: false })
        expect(DEFAULT_LIMIT_BYTES).toBe(10 * 1024 ** 3)
        expect(notices).toEqual([])
      }
    },
    {
      name: 'limit answer without max_cache_size_gb (optional in the schema): default',
      table: { ...NORMAL, [LIMIT]: { status: 200, data: {} } },
      check: ({ usage }) => {
        expect(usage).toMatchObject({ limitBytes: DEFAULT_LIMIT_BYTES, limitFromApi: false })
      }
    },
    {
      name: 'pagination: 250 entries over 3 pages',
      table: { ...NORMAL, [BLOBS]: pages(250), [INDEX]: { status: 200, data: { total_count: 0, actions_caches: [] } } },
      check: ({ usage, notices }) => {
        expect(usage?.buildkit).toMatchObject({ count: 250, bytes: 250_000 })
        expect(notices).toEqual([])
      }
    },
    {
      name: 'pagination cap: 10 pages, then a notice',
      table: { ...NORMAL, [BLOBS]: pages(1234), [INDEX]: { status: 200, data: { total_count: 0, actions_caches: [] } } },
      check: ({ usage, notices }) => {
        expect(usage?.buildkit.count).toBe(1000)
        expect(notices).toEqual(['BuildKit cache entries (keys buildkit-blob-1-…): only the first 1000 of 1234 counted.'])
      }
    },
    {
      name: 'keys outside the BuildKit shapes are not counted even if the server returns them (the recorded actions/cache key)',
      table: { ...NORMAL, [INDEX]: ok('actions-caches-list.json'), [BLOBS]: ok('actions-caches-list.json') },
      check: ({ usage }) => {
        expect(usage?.buildkit).toEqual({ count: 0, bytes: 0, oldestLastAccessedAt: undefined, newestLastAccessedAt: undefined })
      }
    },
    {
      name: '403 on usage (returned): no usage, one notice naming actions: read',
      table: { ...NORMAL, [USAGE]: { status: 403, data: body('basic-error-403.json') } },
      check: ({ usage, notices, warnings }) => {
        expect(usage).toBeUndefined()
        expect(notices).toHaveLength(1)
        expect(notices[0]).toMatch(/HTTP 403.*`actions: read`/)
        expect(warnings).toEqual([])
      }
    },
    {
      name: '401 on usage thrown as by octokit: one notice',
      table: { ...NORMAL, [USAGE]: { throwStatus: 401, data: { message: 'Bad credentials' } } },
      check: ({ usage, notices }) => {
        expect(usage).toBeUndefined()
        expect(notices).toEqual([expect.stringMatching(/HTTP 401.*`actions: read`/)])
      }
    },
    {
      name: 'request throwing without a status: one notice',
      table: { [USAGE]: new Error('getaddrinfo ENOTFOUND api.github.com') },
      check: ({ usage, notices }) => {
        expect(usage).toBeUndefined()
        expect(notices).toEqual([expect.stringMatching(/request failed \(getaddrinfo ENOTFOUND api\.github\.com\).*`actions: read`/)])
      }
    },
    {
      name: 'usage body missing fields: unknown, one notice',
      table: { ...NORMAL, [USAGE]: { status: 200, data: { full_name: 'octo-org/Hello-World', active_caches_count: 3 } } },
      check: ({ usage, notices }) => {
        expect(usage).toBeUndefined()
        expect(notices).toEqual([expect.stringMatching(/unknown: the answer has unexpected fields/)])
      }
    },
    {
      name: 'list body missing actions_caches, and an entry without a size: notices, usage still read',
      table: {
        ...NORMAL,
        [INDEX]: { status: 200, data: { total_count: 1 } },
        [BLOBS]: {
          status: 200,
          data: {
            total_count: 2,
            actions_caches: [
              { key: 'buildkit-blob-1-sha256:ab', size_in_bytes: '12' },
              { key: 'buildkit-blob-1-sha256:cd', size_in_bytes: 12 }
            ]
          }
        }
      },
      check: ({ usage, notices }) => {
        expect(usage?.buildkit).toMatchObject({ count: 1, bytes: 12, oldestLastAccessedAt: undefined })
        expect(notices).toEqual([
          expect.stringMatching(/buildkit-blob-1-…\): 1 without a key or size skipped/),
          expect.stringMatching(/index-…\) not listed: the answer has unexpected fields/)
        ])
      }
    }
  ]

  test.each(cases)('$name', async ({ table, check }) => {
    const { request } = fake(table)
    check(await told(readActionsCache(request, 'octo-org', 'Hello-World')))
  })

  test('round trips: usage, then the limit and each prefix at once, each prefix page by page with per_page=100; nothing more after a refused usage', async () => {
    const f = fake({ ...NORMAL, [BLOBS]: pages(150) })
    const held = roundTrips(f.request)
    const { trips } = await held.settle(readActionsCache(held.request, 'octo-org', 'Hello-World'))
    // after the step's build each round trip is waited for: three, not five
    expect(trips).toEqual([[USAGE], [LIMIT, `${LIST} buildkit-blob-1- 1`, `${LIST} index- 1`], [`${LIST} buildkit-blob-1- 2`]])
    expect(f.calls.every((c) => c.params.owner === 'octo-org' && c.params.repo === 'Hello-World')).toBe(true)
    expect(f.calls.filter((c) => c.route === LIST).every((c) => c.params.per_page === 100)).toBe(true)

    const refused = fake({ [USAGE]: { status: 403, data: body('basic-error-403.json') } })
    await readActionsCache(refused.request, 'octo-org', 'Hello-World')
    expect(refused.calls).toHaveLength(1)
  })

  test('problems in the same order whichever answer comes first', async () => {
    const table = { [USAGE]: ok('actions-cache-usage-above-80.json'), [BLOBS]: { status: 500, data: {} }, [`${LIST} key=index-`]: { status: 200, data: {} } }
    const inOrder = await readActionsCache(fake(table).request, 'octo-org', 'Hello-World')
    // the index listing answered before the blobs': its problem still comes second
    const late = fake(table)
    const slowBlobs: GitHubRequest = (route, params) =>
      params.key === 'buildkit-blob-1-'
        ? new Promise((resolve) => setTimeout(resolve, 20)).then(() => late.request(route, params))
        : late.request(route, params)
    const reordered = await readActionsCache(slowBlobs, 'octo-org', 'Hello-World')
    expect(reordered.problems).toEqual(inOrder.problems)
    expect(inOrder.problems.map((p) => p.code)).toEqual(['api-error', 'api-unexpected', 'actions-cache-near-limit'])
  })
})

describe('what cannot be read is a problem whose code says what happened', () => {
  const EMPTY: Reply = { status: 200, data: { total_count: 0, actions_caches: [] } }
  test.each([
    { name: 'usage refused (403)', table: { [USAGE]: { throwStatus: 403, data: body('basic-error-403.json') } }, codes: ['api-refused'] },
    { name: 'usage answered 500', table: { [USAGE]: { status: 500, data: {} } }, codes: ['api-error'] },
    { name: 'usage without its fields', table: { [USAGE]: { status: 200, data: {} } }, codes: ['api-unexpected'] },
    { name: 'no answer at all', table: { [USAGE]: new Error('getaddrinfo ENOTFOUND api.github.com') }, codes: ['service-failed'] },
    { name: 'no answer in time', table: { [USAGE]: new NoAnswer('the REST API did not answer within 5s') }, codes: ['service-timeout'] },
    { name: 'more entries than counted', table: { ...NORMAL, [BLOBS]: pages(1234), [INDEX]: EMPTY }, codes: ['count-capped'] },
    {
      name: 'an entry without a size, a list without its entries',
      table: {
        ...NORMAL,
        [BLOBS]: { status: 200, data: { total_count: 1, actions_caches: [{ key: 'buildkit-blob-1-sha256:ab' }] } },
        [INDEX]: { status: 200, data: {} }
      },
      codes: ['api-unexpected', 'api-unexpected']
    },
    {
      name: 'nearly full',
      table: { ...NORMAL, [USAGE]: ok('actions-cache-usage-above-80.json'), [LIMIT]: { status: 404, data: {} } },
      codes: ['actions-cache-near-limit']
    }
  ])('$name: $codes', async ({ table, codes }) => {
    const { problems } = await readActionsCache(fake(table).request, 'octo-org', 'Hello-World')
    expect(problems.map((p) => p.code)).toEqual(codes)
    expect(problems.map((p) => p.severity)).toEqual(codes.map((c) => (c === 'actions-cache-near-limit' ? 'warning' : 'notice')))
  })
})

describe('readActionsCache through the real @actions/github client', () => {
  const seen: { method: string | undefined; url: string; headers: IncomingHttpHeaders }[] = []
  let server: Server
  let baseUrl = ''

  const send = (status: number, name: string) => ({ status, text: readFileSync(join(ROOT, 'test', 'fixtures', 'github', name), 'utf8') })
  const ROUTES: Record<string, { status: number; text: string }> = {
    '/repos/octo-org/Hello-World/actions/cache/usage': send(200, 'actions-cache-usage-above-80.json'),
    '/repos/octo-org/Hello-World/actions/cache/storage-limit': send(404, 'basic-error-404.json'),
    '/repos/octo-org/Hello-World/actions/caches?key=buildkit-blob-1-': send(200, 'actions-caches-list-buildkit-blobs.json'),
    '/repos/octo-org/Hello-World/actions/caches?key=index-': send(200, 'actions-caches-list-buildkit-index.json')
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url ?? '', headers: req.headers })
      const u = new URL(req.url ?? '/', 'http://x')
      const key = u.searchParams.get('key')
      const reply = ROUTES[key === null ? u.pathname : `${u.pathname}?key=${key}`] ?? send(404, 'basic-error-404.json')
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' })
      res.end(reply.text)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve()
      })
    )
  })

  test('octokit.request against recorded bodies: 404 on the limit thrown by octokit, default used', async () => {
    const octokit = getOctokit('fake-token', { baseUrl })
    const request: GitHubRequest = async (route, params) => {
      const r = await octokit.request(route, params)
      return { status: r.status, data: r.data }
    }
    const { usage, notices, warnings } = await told(readActionsCache(request, 'octo-org', 'Hello-World'))

    expect(usage).toEqual({
      repository: 'octo-org/Hello-World',
      usageBytes: 9771050598,
      activeCount: 412,
      limitBytes: DEFAULT_LIMIT_BYTES,
      limitFromApi: false,
      buildkit: BUILDKIT,
      percentOfLimit: (9771050598 / DEFAULT_LIMIT_BYTES) * 100
    })
    expect(notices).toEqual([])
    expect(warnings).toHaveLength(1)

    expect(seen.map((s) => [s.method, s.url])).toEqual([
      ['GET', '/repos/octo-org/Hello-World/actions/cache/usage'],
      ['GET', '/repos/octo-org/Hello-World/actions/cache/storage-limit'],
      ['GET', '/repos/octo-org/Hello-World/actions/caches?key=buildkit-blob-1-&per_page=100&page=1'],
      ['GET', '/repos/octo-org/Hello-World/actions/caches?key=index-&per_page=100&page=1']
    ])
    expect(seen.every((s) => s.headers.authorization === 'token fake-token')).toBe(true)
    expect(seen[0]?.headers.accept).toBe('application/vnd.github.v3+json')
  })
})
