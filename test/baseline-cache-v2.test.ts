import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionsCacheStore, baselineDir, baselineKey, baselinePrefix, type CacheKeyParts } from '../src/baseline/actions-cache-store.js'
import type { BaselineEntry, BaselineHistory } from '../src/baseline/entry.js'
import { ACCOUNT, ACCOUNT_KEY, startAzurite, startBlobHost, type Azurite, type BlobHost } from './azurite.js'
import { RUNTIME_TOKEN_V2, startCacheServiceV2, type CacheServiceV2 } from './cache-service-v2.js'
import { noticeOf } from './helpers.js'
import { runActionAsync } from './runner.js'
import { BOUND_MS, TIMEOUT_S } from './chaos/chaos.js'

// GitHub's runners speak cache service v2 (ACTIONS_CACHE_SERVICE_V2, ACTIONS_RESULTS_URL): Twirp
// calls to the results service, the archive to and from Azure Blob storage by signed URLs. Here the
// real @actions/cache, in this process and bundled in dist/, against a loopback Twirp service that
// signs URLs for Azurite.

const entry = (runId: string, duration: number): BaselineEntry => ({
  schemaVersion: 1,
  createdAt: `2026-03-0${runId}T10:00:00.000Z`,
  runId,
  runAttempt: '1',
  steps: 10,
  cached: 4,
  hitRate: 40,
  duration,
  durationKind: 'wall',
  stages: [{ platform: 'linux/amd64', name: 'build', steps: 10, cached: 4, seconds: duration }],
  stepTimes: [{ key: 'linux/amd64\u0000build\u0000RUN make', cached: false, seconds: duration }]
})
const A: BaselineHistory = { schemaVersion: 1, entries: [entry('1', 30)] }
const B: BaselineHistory = { schemaVersion: 1, entries: [entry('1', 30), entry('2', 25)] }
const C: BaselineHistory = { schemaVersion: 1, entries: [entry('9', 99)] }
const PARTS = { workflow: 'CI', job: 'build', name: 'default' }
const run = (runId: string, more: Partial<CacheKeyParts> = {}): CacheKeyParts => ({ ...PARTS, runId, attempt: '1', ...more })

let azurite: Azurite
let blobs: BlobHost
let service: CacheServiceV2
/** What beforeAll started, stopped in afterAll even when a later start failed. */
const started: (() => Promise<void>)[] = []
/** What the runner sets on GitHub-hosted runners today, and the loopback blob host as the proxy for `*.blob.core.windows.net`. */
let v2env: Record<string, string>
const ENV = [
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_URL',
  'HTTP_PROXY',
  'NO_PROXY',
  'RUNNER_TEMP',
  'GITHUB_WORKSPACE'
]
const saved = new Map(ENV.map((k) => [k, process.env[k]]))

beforeAll(async () => {
  azurite = await startAzurite()
  started.push(() => azurite.stop())
  blobs = await startBlobHost(azurite)
  started.push(() => blobs.close())
  v2env = { ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN_V2, HTTP_PROXY: blobs.proxy, NO_PROXY: '127.0.0.1,localhost' }
  // before the first Azure SDK pipeline: it reads NO_PROXY once
  Object.assign(process.env, v2env)
  service = await startCacheServiceV2(azurite)
  started.push(() => service.close())
  v2env.ACTIONS_RESULTS_URL = `${service.url}/`
}, 60_000)
afterAll(async () => {
  for (const stop of started.reverse()) await stop()
  for (const [k, v] of saved) {
    if (v === undefined) Reflect.deleteProperty(process.env, k)
    else process.env[k] = v
  }
})

let tmp = ''
/** What the library printed, kept off the real stdout, where `::warning::` would annotate a CI run. */
let out: string[] = []
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'bi-cache-v2-'))
  mkdirSync(join(tmp, 'work'))
  mkdirSync(join(tmp, 'temp'))
  Reflect.deleteProperty(process.env, 'ACTIONS_CACHE_URL')
  Object.assign(process.env, v2env, { RUNNER_TEMP: join(tmp, 'temp'), GITHUB_WORKSPACE: join(tmp, 'work') })
  service.entries.length = 0
  service.calls.length = 0
  service.readOnly = false
  blobs.requests.length = 0
  out = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk))
    return true
  })
})
afterEach(() => {
  vi.restoreAllMocks()
  rmSync(tmp, { recursive: true, force: true })
})

const dir = (): string => baselineDir(join(tmp, 'temp'))
/** The Twirp method names called, in order. */
const methods = (): string[] => service.calls.map((c) => c.split(' ')[0] ?? '')
/** The archive as Azurite holds it, read with the account key, not through the library. */
async function stored(blob: string): Promise<Buffer> {
  const client = new BlobServiceClient(azurite.endpoint, new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY))
  return client.getContainerClient('actions-cache').getBlobClient(blob).downloadToBuffer()
}

describe('actionsCacheStore with the real @actions/cache on cache service v2, archives in Azurite', () => {
  test('save A (run 1), save B (run 2), another job saves later; run 3 restores B, the newest under its prefix', async () => {
    const p = baselinePrefix(PARTS)
    expect(await actionsCacheStore(run('1'), dir()).save(A)).toEqual({ saved: true, key: `${p}1-1` })
    expect(await actionsCacheStore(run('2'), dir()).save(B)).toEqual({ saved: true, key: `${p}2-1` })
    // newer than B, and its job name starts with "build-": the prefix must not reach it
    expect(await actionsCacheStore(run('3', { job: 'build-arm' }), dir()).save(C)).toMatchObject({ saved: true })
    expect(service.entries.map((e) => [e.key, e.finalized > 0])).toEqual([
      [`${p}1-1`, true],
      [`${p}2-1`, true],
      [baselineKey(run('3', { job: 'build-arm' })), true]
    ])
    expect(methods()).toEqual(Array<string[]>(3).fill(['CreateCacheEntry', 'FinalizeCacheEntryUpload']).flat())
    // each archive went to the blob store in one Put Blob by the Azure SDK, under its signed URL
    expect(blobs.requests).toEqual(service.entries.map((e) => `PUT /actions-cache/${e.blob}`))
    const bytes = await stored(service.entries[1]?.blob ?? '')
    expect(bytes.length).toBe(service.entries[1]?.size)
    const zstd = spawnSync('zstd', ['--version']).status === 0
    expect(bytes.subarray(0, zstd ? 4 : 2).toString('hex')).toBe(zstd ? '28b52ffd' : '1f8b')

    service.calls.length = 0
    blobs.requests.length = 0
    const loaded = await actionsCacheStore(run('3'), dir()).load()
    expect(loaded).toEqual({ entries: B.entries, key: `${p}2-1` })
    expect(JSON.parse(readFileSync(join(dir(), 'baseline.json'), 'utf8'))).toEqual(B)
    // one lookup: a primary key that never exists, the prefix as the restore key
    expect(service.calls).toEqual([
      `GetCacheEntryDownloadURL ${JSON.stringify({ key: `${p}~latest`, restore_keys: [p], version: service.entries[1]?.version })}`
    ])
    // the SDK's download, as from *.blob.core.windows.net: the blob's properties, then its bytes
    expect(blobs.requests).toEqual([`HEAD /actions-cache/${service.entries[1]?.blob ?? ''}`, `GET /actions-cache/${service.entries[1]?.blob ?? ''}`])
    expect(out.join('')).toContain(`Cache hit for restore-key: ${p}2-1`)
  })

  test('a save under a key that exists: 409 already_exists, a notice, nothing uploaded', async () => {
    await actionsCacheStore(run('1'), dir()).save(A)
    blobs.requests.length = 0
    const again = await actionsCacheStore(run('1'), dir()).save(B)
    expect(again).toMatchObject({ saved: false, key: baselineKey(run('1')) })
    expect(noticeOf(again)).toMatch(/not saved.*key exists/)
    expect(methods()).toEqual(['CreateCacheEntry', 'FinalizeCacheEntryUpload', 'CreateCacheEntry'])
    expect(blobs.requests).toEqual([])
    expect(service.entries).toHaveLength(1)
    expect(out.join('')).toContain(`Failed to save: Unable to reserve cache with key ${baselineKey(run('1'))}`)
    // what was saved first is what a later run gets
    expect((await actionsCacheStore(run('2'), dir()).load()).entries).toEqual(A.entries)
  })

  test('a token read-only for this event: the reservation is refused (cache write denied), a notice, nothing uploaded; restores still work', async () => {
    await actionsCacheStore(run('1'), dir()).save(A)
    service.readOnly = true
    blobs.requests.length = 0
    const r = await actionsCacheStore(run('2'), dir()).save(B)
    expect(r).toMatchObject({ saved: false, key: baselineKey(run('2')) })
    expect(noticeOf(r)).toMatch(/not saved.*the cache service refused it/)
    expect(out.join('')).toContain(`::warning::Failed to save: Unable to reserve cache with key ${baselineKey(run('2'))}. More details: cache write denied:`)
    expect(blobs.requests).toEqual([])
    expect((await actionsCacheStore(run('3'), dir()).load()).entries).toEqual(A.entries)
  })

  test('another job or name: the service finds nothing, no download, a notice', async () => {
    await actionsCacheStore(run('1'), dir()).save(A)
    blobs.requests.length = 0
    for (const other of [run('2', { job: 'test' }), run('2', { name: 'default-arm' }), run('2', { workflow: 'CI nightly' })]) {
      const r = await actionsCacheStore(other, dir()).load()
      expect(r.entries).toEqual([])
      expect(noticeOf(r)).toContain('no baseline in the Actions cache under')
    }
    expect(blobs.requests).toEqual([])
  })

  test('a wrong runtime token: 401 from the service, a notice, no throw', async () => {
    await actionsCacheStore(run('1'), dir()).save(A)
    process.env.ACTIONS_RUNTIME_TOKEN = 'not-the-token'
    const r = await actionsCacheStore(run('2'), dir()).load()
    expect(r.entries).toEqual([])
    expect(noticeOf(r)).toBeDefined()
    expect(out.join('')).toContain('Failed to restore: Failed to GetCacheEntryDownloadURL: Received non-retryable error: Failed request: (401)')
  })
})

describe('dist/index.js on cache service v2, archives in Azurite', () => {
  const WARM = 'test/fixtures/buildkit/multistage/docker28-multistage-warm.plain.log'
  const PARTIAL = 'test/fixtures/buildkit/multistage/docker28-multistage-partial.plain.log'
  const job = (runId: string, jobName = 'build') => ({ ...v2env, GITHUB_WORKFLOW: 'CI', GITHUB_JOB: jobName, GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: '1' })
  /** RUNNER_TEMP is part of the cache version (the archive's path): every run of a job has the same. */
  const runnerTemp = (): string => join(tmp, 'temp')

  test('a push saves its baseline into Azurite; the next run restores it by prefix and compares', async () => {
    const first = await runActionAsync({ du: 'false', 'log-files': WARM, 'save-baseline': 'always' }, { env: job('101'), runnerTemp: runnerTemp() })
    expect(first.status, first.stdout).toBe(0)
    expect(first.outputs.baseline).toBe('none')
    expect(first.stdout).toContain('baseline saved (save-baseline: always)')
    expect(service.entries.map((e) => e.key)).toEqual([baselineKey(run('101'))])
    expect(blobs.requests).toEqual([`PUT /actions-cache/${service.entries[0]?.blob ?? ''}`])

    const second = await runActionAsync(
      { du: 'false', 'log-files': PARTIAL, 'save-baseline': 'never', 'max-cache-hit-rate-drop': '10' },
      { env: job('102'), runnerTemp: runnerTemp() }
    )
    console.log(
      `second run on cache service v2: baseline=${second.outputs.baseline ?? ''} cache-hit-rate-delta=${second.outputs['cache-hit-rate-delta'] ?? ''}`
    )
    expect(second.outputs).toMatchObject({ baseline: 'found', 'cache-hit-rate': '68.8', 'cache-hit-rate-delta': '-31.2', gate: 'fail' })
    expect(second.status).toBe(1)
    expect(second.summary).toContain('(▼ 31.2 pts)')
    expect(methods()).toEqual(['GetCacheEntryDownloadURL', 'CreateCacheEntry', 'FinalizeCacheEntryUpload', 'GetCacheEntryDownloadURL'])
    expect(blobs.requests.slice(1)).toEqual([`HEAD /actions-cache/${service.entries[0]?.blob ?? ''}`, `GET /actions-cache/${service.entries[0]?.blob ?? ''}`])
  })

  // Last: it stops Azurite. The library's Azure SDK retries a dead blob store for about half a minute; the step's timeout cuts it short.
  test('the blob store down: restore and save each end within the step timeout with a warning or notice, and the report is still written', async () => {
    await actionsCacheStore(run('201'), baselineDir(runnerTemp())).save(A)
    await azurite.stop()
    const restore = await runActionAsync(
      { du: 'false', 'log-files': WARM, 'save-baseline': 'never', timeout: String(TIMEOUT_S) },
      { env: job('202'), runnerTemp: runnerTemp() }
    )
    const save = await runActionAsync(
      { du: 'false', 'log-files': WARM, 'save-baseline': 'always', timeout: String(TIMEOUT_S) },
      { env: job('203', 'other'), runnerTemp: runnerTemp() }
    )
    console.log(`blob store down: restore ${restore.wallMs.toFixed(0)} ms, save ${save.wallMs.toFixed(0)} ms; blob requests: ${blobs.requests.join(', ')}`)
    for (const r of [restore, save]) {
      expect(r.status, r.stdout).toBe(0)
      expect(r.hung).toBe(false)
      expect(r.wallMs).toBeLessThan(BOUND_MS)
      expect(r.outputs['cache-hit-rate']).toBe('100.0')
      expect(r.summary).toContain('**Cache hit rate 100.0%**')
    }
    expect(restore.stdout).toContain(`::warning::no baseline loaded: the Actions cache service did not answer within ${TIMEOUT_S}s`)
    expect(save.stdout).toMatch(new RegExp(`::notice::the baseline was not saved under \\S+: the Actions cache service did not answer within ${TIMEOUT_S}s`))
    // the Twirp service answered each time; what failed was the blob store behind the signed URLs
    expect(methods().slice(-3)).toEqual(['GetCacheEntryDownloadURL', 'GetCacheEntryDownloadURL', 'CreateCacheEntry'])
    expect(blobs.requests.some((q) => q.startsWith('HEAD '))).toBe(true)
    expect(blobs.requests.some((q) => q.startsWith('PUT '))).toBe(true)
  })
})
