import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The legacy Actions cache service (v1; github.com has moved to v2, GHES has not) as @actions/cache 6 speaks it, in memory: the routes and bodies
 * of lib/internal/cacheHttpClient.js (getCacheEntry, reserveCache, uploadChunk, commitCache,
 * downloadCache → downloadCacheHttpClient in lib/internal/downloadUtils.js).
 */
export interface CacheEntry {
  id: number
  key: string
  version: string
  /** Chunks as uploaded; `bytes`, the whole archive, once committed. */
  chunks: { start: number; data: Buffer }[]
  bytes?: Buffer
  /** ms since the epoch at commit, 0 before. */
  created: number
}

export interface CacheServer {
  /** No trailing slash: ACTIONS_CACHE_URL is `${url}/`. */
  url: string
  close(): Promise<void>
  entries: CacheEntry[]
  /** `METHOD path?query`, decoded, in order. */
  requests: string[]
  /** While set, answer this status to every lookup (`GET …/cache`) or reservation (`POST …/caches`). */
  fail: { lookup?: number; reserve?: number }
}

export const RUNTIME_TOKEN = 'test-runtime-token'
const API = '/_apis/artifactcache/'
/** A JSON body, the archive's bytes, or none. */
type Reply = { status: number; body?: unknown }

export async function startCacheServer(token = RUNTIME_TOKEN): Promise<CacheServer> {
  const entries: CacheEntry[] = []
  const requests: string[] = []
  let clock = 0
  const server = createServer((req, res) => {
    void handle(req)
      .catch((e: unknown): Reply => ({ status: 500, body: { message: String(e) } }))
      .then((r) => {
        if (Buffer.isBuffer(r.body)) res.writeHead(r.status, { 'Content-Type': 'application/octet-stream', 'Content-Length': r.body.length }).end(r.body)
        else if (r.body === undefined) res.writeHead(r.status).end()
        else res.writeHead(r.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(r.body))
      })
  })
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => {
        resolve()
      })
      server.closeAllConnections()
    })
  const state: CacheServer = { url: '', close, entries, requests, fail: {} }

  async function handle(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(`${req.method ?? ''} ${decodeURIComponent(url.pathname + url.search)}`)
    const body = await read(req)
    // The archive URL stands for a signed blob URL: downloadCacheHttpClient sends no token there.
    const archive = /^\/archive\/(\d+)$/.exec(url.pathname)
    if (req.method === 'GET' && archive) {
      const bytes = entries.find((e) => e.id === Number(archive[1]))?.bytes
      return bytes ? { status: 200, body: bytes } : { status: 404, body: { message: 'no such archive' } }
    }
    if (!url.pathname.startsWith(API)) return { status: 404, body: { message: 'not found' } }
    if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { message: 'bad or missing runtime token' } }
    const route = url.pathname.slice(API.length)
    if (req.method === 'GET' && route === 'cache') {
      if (state.fail.lookup !== undefined) return { status: state.fail.lookup, body: { message: 'lookup failed on purpose' } }
      const hit = lookup((url.searchParams.get('keys') ?? '').split(','), url.searchParams.get('version') ?? '')
      if (!hit) return { status: 204 }
      return {
        status: 200,
        body: {
          cacheKey: hit.key,
          scope: 'refs/heads/main',
          creationTime: new Date(hit.created).toISOString(),
          archiveLocation: `${state.url}/archive/${hit.id}`
        }
      }
    }
    if (req.method === 'POST' && route === 'caches') {
      if (state.fail.reserve !== undefined) return { status: state.fail.reserve, body: { message: 'reservation failed on purpose' } }
      const { key, version } = JSON.parse(body.toString('utf8')) as { key: string; version: string }
      // The service refuses a second reservation of a key+version, committed or not.
      if (entries.some((e) => e.key === key && e.version === version))
        return { status: 409, body: { message: `Cache already exists. Scope: refs/heads/main, Key: ${key}, Version: ${version}` } }
      const entry: CacheEntry = { id: entries.length + 1, key, version, chunks: [], created: 0 }
      entries.push(entry)
      return { status: 201, body: { cacheId: entry.id } }
    }
    const byId = /^caches\/(\d+)$/.exec(route)
    const entry = byId ? entries.find((e) => e.id === Number(byId[1])) : undefined
    if (!entry) return { status: 404, body: { message: `no route ${req.method ?? ''} ${url.pathname}` } }
    if (req.method === 'PATCH') {
      const range = /^bytes (\d+)-(\d+)\/\*$/.exec(req.headers['content-range'] ?? '')
      if (!range || Number(range[2]) - Number(range[1]) + 1 !== body.length) return { status: 400, body: { message: 'bad Content-Range' } }
      entry.chunks.push({ start: Number(range[1]), data: body })
      return { status: 204 }
    }
    if (req.method === 'POST') {
      const { size } = JSON.parse(body.toString('utf8')) as { size: number }
      if (entry.chunks.reduce((n, c) => n + c.data.length, 0) !== size) return { status: 400, body: { message: 'size does not match the uploaded chunks' } }
      const bytes = Buffer.alloc(size)
      for (const c of entry.chunks) c.data.copy(bytes, c.start)
      entry.bytes = bytes
      // Strictly increasing: two saves in the same millisecond must still order.
      entry.created = clock = Math.max(Date.now(), clock + 1)
      return { status: 204 }
    }
    return { status: 405, body: { message: 'method not allowed' } }
  }

  /** GitHub's matching: for each key in order, the exact key, then the newest entry it prefixes; same version, committed only. */
  function lookup(keys: string[], version: string): CacheEntry | undefined {
    const ready = entries.filter((e) => e.bytes !== undefined && e.version === version).sort((a, b) => b.created - a.created)
    for (const k of keys) {
      const hit = ready.find((e) => e.key === k) ?? ready.find((e) => e.key.startsWith(k))
      if (hit) return hit
    }
    return undefined
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return state
}

async function read(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const c of req) parts.push(c as Buffer)
  return Buffer.concat(parts)
}
