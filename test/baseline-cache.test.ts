import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import fc from 'fast-check'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { actionsCacheStore, baselineDir, baselineKey, baselinePrefix, type CacheKeyParts, type CacheLib } from '../src/baseline/actions-cache-store.js'
import type { BaselineEntry, BaselineHistory } from '../src/baseline/entry.js'
import { RUNTIME_TOKEN, startCacheServer, type CacheServer } from './cache-server.js'
import { Deadline } from '../src/deadline.js'
import { fileStore } from '../src/baseline/file-store.js'
import { saveToWindow, tellWindow } from '../src/baseline/window.js'
import { reportFromLogs } from '../src/pipeline.js'
import { asMessage, fixture, noticeOf, ROOT, warningOf } from './helpers.js'

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

// Everything @actions/cache reads from the environment; each test sets its own and gets the old back.
const ENV = [
  'PATH',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'RUNNER_TEMP',
  'GITHUB_WORKSPACE',
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_MODE',
  'GITHUB_SERVER_URL',
  'RUNNER_DEBUG'
]
const saved = new Map<string, string | undefined>()
function setEnv(values: Record<string, string>): void {
  for (const k of ENV.filter((k) => k !== 'PATH')) {
    if (values[k] === undefined) Reflect.deleteProperty(process.env, k)
    else process.env[k] = values[k]
  }
}

let tmp = ''
/** What the library printed (core.info/warning/error, tar's command lines): kept off the real stdout, where `::error::` would annotate a CI run. */
let out: string[] = []
beforeEach(() => {
  for (const k of ENV) saved.set(k, process.env[k])
  tmp = mkdtempSync(join(tmpdir(), 'bi-cache-'))
  mkdirSync(join(tmp, 'work'))
  mkdirSync(join(tmp, 'temp'))
  out = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk))
    return true
  })
})
afterEach(() => {
  vi.restoreAllMocks()
  for (const [k, v] of saved) {
    if (v === undefined) Reflect.deleteProperty(process.env, k)
    else process.env[k] = v
  }
  rmSync(tmp, { recursive: true, force: true })
})

// github.com runs cache service v2 (test/baseline-cache-v2.test.ts); GHES still runs this legacy one, and @actions/cache speaks it there.
describe('actionsCacheStore with the real @actions/cache against a local legacy (v1) cache service, as on GHES', () => {
  let server: CacheServer
  beforeAll(async () => {
    server = await startCacheServer()
  })
  afterAll(async () => {
    await server.close()
  })
  beforeEach(() => {
    server.entries.length = 0
    server.requests.length = 0
    server.fail = {}
    setEnv({ ACTIONS_CACHE_URL: `${server.url}/`, ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN, RUNNER_TEMP: join(tmp, 'temp'), GITHUB_WORKSPACE: join(tmp, 'work') })
  })
  const dir = (): string => baselineDir(join(tmp, 'temp'))

  test('save A (run 1), save B (run 2), another job saves later; run 3 loads B, the newest under its prefix', async () => {
    const p = baselinePrefix(PARTS)
    expect(await actionsCacheStore(run('1'), dir()).save(A)).toEqual({ saved: true, key: `${p}1-1` })
    expect(await actionsCacheStore(run('2'), dir()).save(B)).toEqual({ saved: true, key: `${p}2-1` })
    // Newer than B, and its job name starts with "build-": the prefix must not reach it.
    expect(await actionsCacheStore(run('3', { job: 'build-arm' }), dir()).save(C)).toMatchObject({ saved: true })
    expect(server.entries.map((e) => e.key)).toEqual([`${p}1-1`, `${p}2-1`, baselineKey(run('3', { job: 'build-arm' }))])
    // One path, one compression: one cache version for all.
    expect(new Set(server.entries.map((e) => e.version)).size).toBe(1)

    server.requests.length = 0
    const loaded = await actionsCacheStore(run('3'), dir()).load()
    expect(loaded).toEqual({ entries: B.entries, key: `${p}2-1` })
    expect(server.requests).toEqual([`GET /_apis/artifactcache/cache?keys=${p}~latest,${p}&version=${server.entries[1]?.version ?? ''}`, 'GET /archive/2'])
    expect(JSON.parse(readFileSync(join(dir(), 'baseline.json'), 'utf8'))).toEqual(B)
  })

  test('the requests of one save: reserve, one chunk with its Content-Range, commit; the archive is zstd when zstd is on PATH, else gzip', async () => {
    await actionsCacheStore(run('1'), dir()).save(A)
    expect(server.requests).toEqual(['POST /_apis/artifactcache/caches', 'PATCH /_apis/artifactcache/caches/1', 'POST /_apis/artifactcache/caches/1'])
    const bytes = server.entries[0]?.bytes ?? Buffer.alloc(0)
    const zstd = spawnSync('zstd', ['--version']).status === 0
    // zstd frame magic 28 b5 2f fd; gzip 1f 8b.
    expect(bytes.subarray(0, zstd ? 4 : 2).toString('hex')).toBe(zstd ? '28b52ffd' : '1f8b')
    expect(out.join('')).toContain(zstd ? 'zstdmt' : ' -z')
  })

  test('without zstd on PATH the library falls back to gzip, and the round trip still works', async ({ skip }) => {
    // A PATH with only tar and gzip: getCompressionMethod() finds no zstd.
    const bin = join(tmp, 'bin')
    mkdirSync(bin)
    for (const tool of ['tar', 'gzip']) {
      const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim()
      if (found === '') skip(`no ${tool} here`)
      symlinkSync(found, join(bin, tool))
    }
    process.env.PATH = bin
    expect(await actionsCacheStore(run('1'), dir()).save(A)).toMatchObject({ saved: true })
    expect(server.entries[0]?.bytes?.subarray(0, 2).toString('hex')).toBe('1f8b')
    expect(await actionsCacheStore(run('2'), dir()).load()).toEqual({ entries: A.entries, key: baselineKey(run('1')) })
    expect(out.join('')).toMatch(/tar --posix -cf cache\.tgz .* -z\n/)
  })

  test('a save under a key that exists: a notice, no throw, nothing new stored', async () => {
    await actionsCacheStore(run('1'), dir()).save(A)
    const again = await actionsCacheStore(run('1'), dir()).save(B)
    expect(again).toMatchObject({ saved: false, key: baselineKey(run('1')) })
    expect(noticeOf(again)).toMatch(/not saved.*key exists/)
    expect(server.entries).toHaveLength(1)
    expect(server.requests.at(-1)).toBe('POST /_apis/artifactcache/caches')
  })

  test('another job or name: nothing, and a notice', async () => {
    await actionsCacheStore(run('1'), dir()).save(A)
    for (const other of [run('2', { job: 'test' }), run('2', { name: 'default-arm' }), run('2', { workflow: 'CI nightly' })]) {
      const r = await actionsCacheStore(other, dir()).load()
      expect(r.entries).toEqual([])
      expect(r.key).toBeUndefined()
      expect(noticeOf(r)).toContain('no baseline in the Actions cache under')
    }
    expect(server.requests.filter((r) => r.startsWith('GET /archive'))).toEqual([])
  })

  test('a 500 on lookup: a notice, no throw', async () => {
    await actionsCacheStore(run('1'), dir()).save(A)
    server.fail = { lookup: 500 }
    const r = await actionsCacheStore(run('2'), dir()).load()
    expect(r).toMatchObject({ entries: [] })
    expect(noticeOf(r)).toMatch(/service failed/)
    // The library's retry turns the 500 into a plain Error, so it logs a warning; 500 is not retried.
    expect(out.join('')).toContain('::warning::Failed to restore: getCacheEntry failed: Cache service responded with 500')
    expect(server.requests.filter((q) => q.startsWith('GET /_apis/artifactcache/cache?'))).toHaveLength(1)
  })

  test('a 500 on reserve: saved false and a notice, no throw', async () => {
    server.fail = { reserve: 500 }
    const r = await actionsCacheStore(run('1'), dir()).save(A)
    expect(r).toMatchObject({ saved: false, key: baselineKey(run('1')) })
    expect(noticeOf(r)).toMatch(/not saved/)
    expect(server.entries).toEqual([])
  })

  test('a wrong runtime token: the server says 401, the store gives a notice', async () => {
    await actionsCacheStore(run('1'), dir()).save(A)
    process.env.ACTIONS_RUNTIME_TOKEN = 'not-the-token'
    const r = await actionsCacheStore(run('2'), dir()).load()
    expect(r.entries).toEqual([])
    expect(noticeOf(r)).toBeDefined()
    expect(out.join('')).toContain('Failed to restore: Cache service responded with 401')
  })
})

describe('no cache service', () => {
  test('no ACTIONS_CACHE_URL: isFeatureAvailable() is false; load and save give notices', async () => {
    setEnv({ RUNNER_TEMP: join(tmp, 'temp'), GITHUB_WORKSPACE: join(tmp, 'work') })
    const store = actionsCacheStore(run('1'), baselineDir(join(tmp, 'temp')))
    const loaded = await store.load()
    expect(loaded.entries).toEqual([])
    expect(noticeOf(loaded)).toMatch(/no GitHub Actions cache service/)
    const s = await store.save(A)
    expect(s.saved).toBe(false)
    expect(noticeOf(s)).toMatch(/no GitHub Actions cache service.*not saved/)
  })
})

/** A CacheLib that records its calls and answers as told. */
function fakeLib(answers: { available?: boolean; restore?: (file: string) => string | undefined; save?: () => number }): CacheLib & { calls: unknown[][] } {
  const calls: unknown[][] = []
  return {
    calls,
    isFeatureAvailable: () => answers.available ?? true,
    restoreCache: (paths, primaryKey, restoreKeys, timeoutMs) => {
      calls.push(['restore', paths, primaryKey, restoreKeys, timeoutMs])
      return Promise.resolve().then(() => answers.restore?.(paths[0] ?? ''))
    },
    saveCache: (paths, key) => {
      calls.push(['save', paths, key])
      return Promise.resolve().then(() => answers.save?.() ?? 1)
    }
  }
}

const throwing = (name: string, msg: string) => (): never => {
  throw Object.assign(new Error(msg), { name })
}

describe('actionsCacheStore with a fake CacheLib', () => {
  test('restores by prefix with a primary key that never exists, into an absolute path even from a relative dir', async () => {
    const lib = fakeLib({ restore: () => undefined })
    await actionsCacheStore(run('5'), 'relative/dir', lib).load()
    const [, paths, primary, restoreKeys] = lib.calls[0] ?? []
    const file = (paths as string[])[0] ?? ''
    expect(isAbsolute(file)).toBe(true)
    expect(file.endsWith(join('relative', 'dir', 'baseline.json'))).toBe(true)
    expect(primary).toBe(`${baselinePrefix(PARTS)}~latest`)
    expect(restoreKeys).toEqual([baselinePrefix(PARTS)])
  })

  test('a stale baseline.json in the folder is not read when the restore misses', async () => {
    const dir = join(tmp, 'temp', 'b')
    mkdirSync(dir)
    writeFileSync(join(dir, 'baseline.json'), JSON.stringify(A))
    const r = await actionsCacheStore(run('2'), dir, fakeLib({ restore: () => undefined })).load()
    expect(r.entries).toEqual([])
    expect(existsSync(join(dir, 'baseline.json'))).toBe(false)
  })

  const corrupt: { name: string; restore: (file: string) => string | undefined; warning: RegExp }[] = [
    {
      name: 'not JSON',
      restore: (f) => (writeFileSync(f, '{"schemaVersion": 1, "entries": [tru'), 'k1'),
      warning: /^the cached baseline k1 could not be read: /
    },
    {
      name: 'JSON, not a baseline',
      restore: (f) => (writeFileSync(f, '[1, 2, 3]'), 'k2'),
      warning: /^the cached baseline k2: the baseline is not a JSON object/
    },
    {
      name: 'entries none can read',
      restore: (f) => (writeFileSync(f, '{"schemaVersion": 1, "entries": [{"steps": "x"}]}'), 'k3'),
      warning: /no entry that can be read/
    },
    { name: 'a hit with no file', restore: () => 'k4', warning: /^the cached baseline k4 could not be read: .*ENOENT/ }
  ]
  test.each(corrupt)('a corrupt cached baseline ($name): a warning, no entries', async ({ restore, warning }) => {
    const dir = join(tmp, 'temp', 'c')
    mkdirSync(dir)
    const r = await actionsCacheStore(run('2'), dir, fakeLib({ restore: (f) => restore(f) })).load()
    expect(r.entries).toEqual([])
    expect(warningOf(r)).toMatch(warning)
    expect(noticeOf(r)).toBeUndefined()
  })

  const failures: { name: string; lib: CacheLib; notice: RegExp }[] = [
    {
      name: 'restore throws',
      lib: { ...fakeLib({}), restoreCache: () => Promise.reject(new Error('socket hang up')) },
      notice: /could not be restored.*socket hang up/
    },
    {
      name: 'restore throws a ValidationError',
      lib: { ...fakeLib({}), restoreCache: () => Promise.resolve().then(throwing('ValidationError', 'Key Validation Error')) },
      notice: /could not be restored.*Key Validation Error/
    },
    { name: 'isFeatureAvailable throws', lib: { ...fakeLib({}), isFeatureAvailable: throwing('Error', 'boom') }, notice: /no GitHub Actions cache service/ }
  ]
  test.each(failures)('load: $name → a notice, no throw', async ({ lib, notice }) => {
    const r = await actionsCacheStore(run('2'), join(tmp, 'temp', 'd'), lib).load()
    expect(r.entries).toEqual([])
    expect(noticeOf(r)).toMatch(notice)
  })

  const saveFailures: { name: string; save: () => number; notice: RegExp }[] = [
    { name: 'returns -1 (the library logged why)', save: () => -1, notice: /key exists \(a re-run\?\) or the cache service refused/ },
    { name: 'throws ReserveCacheError', save: throwing('ReserveCacheError', 'Unable to reserve cache'), notice: /: the key exists$/ },
    { name: 'throws ValidationError', save: throwing('ValidationError', 'Key Validation Error: too long'), notice: /Key Validation Error: too long/ },
    { name: 'throws anything else', save: throwing('Error', 'tar failed'), notice: /tar failed/ }
  ]
  test.each(saveFailures)('save: $name → saved false, a notice', async ({ save, notice }) => {
    const r = await actionsCacheStore(run('2'), join(tmp, 'temp', 'e'), fakeLib({ save })).save(A)
    expect(r).toMatchObject({ saved: false, key: baselineKey(run('2')) })
    expect(noticeOf(r)).toMatch(notice)
  })

  test('save writes the history as JSON to the file it hands the library', async () => {
    const lib = fakeLib({})
    const r = await actionsCacheStore(run('2'), join(tmp, 'temp', 'f'), lib).save(B)
    expect(r).toEqual({ saved: true, key: baselineKey(run('2')) })
    const [, paths, key] = lib.calls[0] ?? []
    expect(key).toBe(baselineKey(run('2')))
    expect(JSON.parse(readFileSync((paths as string[])[0] ?? '', 'utf8'))).toEqual(B)
  })
})

describe('actionsCacheStore under a deadline', () => {
  const hung = new Promise<never>(() => undefined)

  test('a service that never answers a restore: a warning within the budget, and the library is told the time left', async () => {
    const lib = { ...fakeLib({}), restoreCache: (...args: unknown[]) => (lib.calls.push(args), hung) }
    const started = Date.now()
    const r = await actionsCacheStore(run('2'), join(tmp, 'temp', 'g'), lib, new Deadline(0.2)).load()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(asMessage(r)).toEqual({ entries: [], warning: 'no baseline loaded: the Actions cache service did not answer within 0.2s' })
    const timeoutMs = lib.calls[0]?.[3]
    expect(timeoutMs).toBeGreaterThan(0)
    expect(timeoutMs).toBeLessThanOrEqual(200)
  })

  test('a save that never finishes: not saved, a notice', async () => {
    const lib = { ...fakeLib({}), saveCache: () => hung }
    const r = await actionsCacheStore(run('2'), join(tmp, 'temp', 'h'), lib, new Deadline(0.2)).save(A)
    expect(asMessage(r)).toEqual({
      saved: false,
      key: baselineKey(run('2')),
      notice: `the baseline was not saved under ${baselineKey(run('2'))}: the Actions cache service did not answer within 0.2s`
    })
  })

  test('no time left: the library is not called at all', async () => {
    const lib = fakeLib({})
    const spent = new Deadline(0)
    expect(warningOf(await actionsCacheStore(run('2'), join(tmp, 'temp', 'i'), lib, spent).load())).toMatch(/did not answer within 0s$/)
    expect((await actionsCacheStore(run('2'), join(tmp, 'temp', 'i'), lib, spent).save(A)).saved).toBe(false)
    expect(lib.calls).toEqual([])
  })
})

describe('baselineKey and baselinePrefix', () => {
  const HASH = '~[0-9a-f]{8}'
  const long = 'x'.repeat(300)
  const cases: { name: string; parts: CacheKeyParts; key: RegExp }[] = [
    { name: 'plain parts stay as they are', parts: run('123'), key: /^build-insights-v1-CI-build-default-123-1$/ },
    { name: 'spaces', parts: run('1', { workflow: 'Build and push' }), key: new RegExp(`^build-insights-v1-Build_and_push${HASH}-build-default-1-1$`) },
    {
      name: 'commas and a matrix job name',
      parts: run('1', { job: 'build (linux/amd64, node 24)' }),
      key: new RegExp(`^build-insights-v1-CI-build_linux_amd64_node_24_${HASH}-default-1-1$`)
    },
    { name: 'slashes', parts: run('1', { name: 'app/web' }), key: new RegExp(`^build-insights-v1-CI-build-app_web${HASH}-1-1$`) },
    { name: 'hyphens (the separator)', parts: run('1', { job: 'build-arm' }), key: new RegExp(`^build-insights-v1-CI-build_arm${HASH}-default-1-1$`) },
    { name: 'very long names', parts: run('1', { workflow: long, job: long, name: long }), key: new RegExp(`^build-insights-v1-(x{80}${HASH}-){3}1-1$`) },
    { name: 'accented letters', parts: run('1', { name: 'café' }), key: new RegExp(`^build-insights-v1-CI-build-cafe${HASH}-1-1$`) },
    {
      name: 'CJK and emoji',
      parts: run('1', { workflow: '构建', name: '🚀 deploy' }),
      key: new RegExp(`^build-insights-v1-_${HASH}-build-_deploy${HASH}-1-1$`)
    },
    { name: 'empty parts', parts: { workflow: '', job: '', name: '', runId: '', attempt: '' }, key: new RegExp(`^build-insights-v1-(_${HASH}-){4}_${HASH}$`) }
  ]
  test.each(cases)('$name', ({ parts, key }) => {
    const k = baselineKey(parts)
    expect(k).toMatch(key)
    expect(k).not.toMatch(/[,\s/\\]/)
    expect(k.length).toBeLessThanOrEqual(512)
    expect(k.startsWith(baselinePrefix(parts))).toBe(true)
  })

  test('the longest parts stay under the 512 characters @actions/cache allows', () => {
    const huge = 'é, /'.repeat(1000)
    expect(baselineKey({ workflow: huge, job: huge, name: huge, runId: huge, attempt: huge }).length).toBeLessThanOrEqual(512)
  })

  test('names that clean alike or differ only past the cut give different prefixes', () => {
    const names = ['a b', 'a/b', 'a_b', 'a,b', `${long}1`, `${long}2`]
    expect(new Set(names.map((name) => baselinePrefix({ ...PARTS, name }))).size).toBe(names.length)
  })

  test('property: a key has no comma, space or slash, is at most 512 long, and no other job or name prefix reaches it', () => {
    const part = fc.string({ unit: 'binary', maxLength: 200 })
    fc.assert(
      fc.property(part, part, part, part, part, fc.string({ maxLength: 20 }), (workflow, job, name, job2, runId, attempt) => {
        const key = baselineKey({ workflow, job, name, runId, attempt })
        expect(key).not.toMatch(/[,\s/]/)
        expect(key.length).toBeLessThanOrEqual(512)
        expect(key.startsWith(baselinePrefix({ workflow, job, name }))).toBe(true)
        if (job2 !== job) expect(key.startsWith(baselinePrefix({ workflow, job: job2, name }))).toBe(false)
      })
    )
  })
})

describe('what the stores report is a problem whose code says what happened', () => {
  const problemOf = (r: object) => ('problem' in r ? (r.problem as { code: string; severity: string } | undefined) : undefined)
  const dirOf = (name: string) => join(tmp, 'temp', name)

  test('the Actions cache: absent, no answer in time, failed, missed, unreadable, not a baseline, not saved', async () => {
    const absent = actionsCacheStore(run('2'), dirOf('j'), fakeLib({ available: false }))
    expect(problemOf(await absent.load())).toMatchObject({ code: 'service-unavailable', severity: 'notice' })
    expect(problemOf(await absent.save(A))).toMatchObject({ code: 'service-unavailable', severity: 'notice' })
    const spent = actionsCacheStore(run('2'), dirOf('k'), fakeLib({}), new Deadline(0))
    expect(problemOf(await spent.load())).toMatchObject({ code: 'service-timeout', severity: 'warning' })
    expect(problemOf(await spent.save(A))).toMatchObject({ code: 'service-timeout', severity: 'notice' })
    const failing = { ...fakeLib({}), restoreCache: () => Promise.reject(new Error('socket hang up')) }
    expect(problemOf(await actionsCacheStore(run('2'), dirOf('l'), failing).load())).toMatchObject({ code: 'service-failed', severity: 'notice' })
    expect(problemOf(await actionsCacheStore(run('2'), dirOf('m'), fakeLib({ restore: () => undefined })).load())).toMatchObject({
      code: 'baseline-missing',
      severity: 'notice'
    })
    expect(problemOf(await actionsCacheStore(run('2'), dirOf('n'), fakeLib({ restore: () => 'k4' })).load())).toMatchObject({
      code: 'baseline-unreadable',
      severity: 'warning'
    })
    mkdirSync(dirOf('o'))
    const notABaseline = fakeLib({ restore: (f) => (writeFileSync(f, '[1, 2, 3]'), 'k2') })
    expect(problemOf(await actionsCacheStore(run('2'), dirOf('o'), notABaseline).load())).toMatchObject({ code: 'baseline-invalid', severity: 'warning' })
    expect(problemOf(await actionsCacheStore(run('2'), dirOf('p'), fakeLib({ save: () => -1 })).save(A))).toMatchObject({
      code: 'baseline-not-saved',
      severity: 'notice'
    })
  })

  test('a file: none yet, not JSON, not a baseline, not saved', async () => {
    const file = (name: string) => fileStore(join(tmp, 'work', name))
    expect(problemOf(await file('none.json').load())).toMatchObject({ code: 'baseline-missing', severity: 'notice' })
    writeFileSync(join(tmp, 'work', 'junk.json'), 'not json')
    expect(problemOf(await file('junk.json').load())).toMatchObject({ code: 'baseline-unreadable', severity: 'warning' })
    writeFileSync(join(tmp, 'work', 'list.json'), '[1, 2]')
    expect(problemOf(await file('list.json').load())).toMatchObject({ code: 'baseline-invalid', severity: 'warning' })
    // a file where a folder should be: the save cannot make its folder
    expect(problemOf(await file('junk.json/baseline.json').save(A))).toMatchObject({ code: 'baseline-not-saved', severity: 'notice' })
  })

  test('the window tells each as its severity says, with the message as it is', async () => {
    const told: string[] = []
    const io = {
      info: (m: string) => told.push(`info ${m}`),
      notice: (m: string) => told.push(`notice ${m}`),
      warning: (m: string) => told.push(`warning ${m}`),
      env: { GITHUB_EVENT_NAME: 'push' },
      eventRepository: undefined
    }
    const missing = fileStore(join(tmp, 'work', 'none.json'))
    expect(tellWindow({ store: missing, where: 'none.json', loaded: await missing.load() }, io)).toBeUndefined()
    const spent = actionsCacheStore(run('2'), dirOf('q'), fakeLib({}), new Deadline(0))
    tellWindow({ store: spent, where: 'the Actions cache', loaded: await spent.load() }, io)
    const report = await reportFromLogs([fixture('multistage/docker28-multistage-warm.rawjson.log')], { thresholds: {}, now: new Date(), cwd: ROOT })
    await saveToWindow(spent, [], report, 'always', io)
    expect(told).toEqual([
      `notice no baseline yet: ${join(tmp, 'work', 'none.json')} does not exist`,
      'info baseline: none (none.json)',
      'warning no baseline loaded: the Actions cache service did not answer within 0s',
      'info baseline: none (the Actions cache)',
      `notice the baseline was not saved under ${baselineKey(run('2'))}: the Actions cache service did not answer within 0s`
    ])
  })
})
