import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createServer, type Server } from 'node:http'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { engineDiskUsage, engineSocket, loadHttp, parseEngineBuildCache } from '../src/docker/engine.js'
import { parseDiskUsage } from '../src/docker/du.js'
import { Buildx } from '../src/docker/buildx.js'
import { Deadline } from '../src/deadline.js'
import type { Exec } from '../src/docker/exec.js'
import { ROOT } from './helpers.js'

// test/fixtures/engine: the same moment of the same daemon (Engine 28.5.2, API 1.51, buildx 0.29.1)
// asked both ways: `curl --unix-socket ... /system/df?type=build-cache` and `docker buildx du --verbose`.
const engineAnswer = readFileSync(join(ROOT, 'test/fixtures/engine/system-df-build-cache.json'), 'utf8')
const duVerbose = readFileSync(join(ROOT, 'test/fixtures/engine/buildx-du-verbose.txt'), 'utf8')

describe("the Engine's build cache answer", () => {
  test('the same records and, within buildx’s 4 significant digits, the same totals as buildx du --verbose', () => {
    const engine = parseEngineBuildCache(engineAnswer)
    const du = parseDiskUsage(duVerbose)
    if (!engine) throw new Error('no answer')
    expect(engine.records.map((r) => r.id).sort()).toEqual(du.records.map((r) => r.id).sort())
    for (const k of ['total', 'reclaimable', 'shared', 'private'] as const)
      expect(Math.abs(engine.totals[k] - du.totals[k])).toBeLessThanOrEqual(du.totals[k] * 0.0005 + 1)
    // the Engine's " Parents" (a space in its JSON tag) read as parents
    expect(engine.records.some((r) => r.parents.length > 0)).toBe(true)
  })
  test('no BuildCache list: no answer; an empty one: an empty cache', () => {
    expect(parseEngineBuildCache('{"LayersSize":0}')).toBeUndefined()
    expect(parseEngineBuildCache('not json')).toBeUndefined()
    expect(parseEngineBuildCache('{"BuildCache":null}')?.totals.total).toBe(0)
  })
})

describe("the Engine's HTTP client, loaded ahead while a build runs", () => {
  test('is loaded once, whoever asks first', async () => {
    const first = loadHttp()
    expect(loadHttp()).toBe(first)
    expect(typeof (await first).request).toBe('function')
    // with no Engine socket there is nothing to load ahead, and nothing is run
    const calls: (readonly string[])[] = []
    const exec: Exec = (_cmd, args) => {
      calls.push(args)
      return Promise.resolve({ exitCode: 0, stdout: '', stderr: '' })
    }
    new Buildx(exec, undefined).prepareDu()
    new Buildx(exec, undefined, new Deadline(5), '/nonexistent.sock').prepareDu()
    expect(calls).toEqual([])
  })
})

describe('when the Engine is asked instead of the CLI', () => {
  let dir = ''
  let server: Server
  let socket = ''
  let answer: (res: import('node:http').ServerResponse) => void = (res) => res.end(engineAnswer)
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bi-engine-'))
    socket = join(dir, 'docker.sock')
    server = createServer((_req, res) => {
      answer(res)
    })
    await new Promise<void>((resolve) => server.listen(socket, resolve))
  })
  afterAll(() => {
    server.closeAllConnections()
    server.close()
  })
  const config = (files: Record<string, string>) => {
    const c = mkdtempSync(join(dir, 'config-'))
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(join(c, f, '..'), { recursive: true })
      writeFileSync(join(c, f), text)
    }
    return c
  }

  test('only for the docker driver’s own builder, on a unix socket that is there', () => {
    const env = (more: Record<string, string>) => ({ DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: config({}), ...more })
    expect(engineSocket(env({}), undefined)).toBe(socket)
    expect(engineSocket(env({}), 'default')).toBe(socket)
    expect(engineSocket(env({}), 'ci')).toBeUndefined()
    expect(engineSocket(env({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }), undefined)).toBeUndefined()
    expect(engineSocket(env({ DOCKER_HOST: `unix://${join(dir, 'none.sock')}` }), undefined)).toBeUndefined()
    expect(engineSocket(env({ DOCKER_CONTEXT: 'remote' }), undefined)).toBeUndefined()
    expect(engineSocket(env({ BUILDX_BUILDER: 'builder-1' }), undefined)).toBeUndefined()
    // what docker/setup-buildx-action leaves: a docker-container builder made current
    expect(
      engineSocket(
        env({ DOCKER_CONFIG: config({ 'buildx/current': '{"Key":"unix:///var/run/docker.sock","Name":"builder-4f2c","Global":false}' }) }),
        undefined
      )
    ).toBeUndefined()
    expect(engineSocket(env({ DOCKER_CONFIG: config({ 'buildx/current': '{"Key":"x","Name":"","Global":false}' }) }), undefined)).toBe(socket)
    expect(engineSocket(env({ DOCKER_CONFIG: config({ 'config.json': '{"currentContext":"colima"}' }) }), undefined)).toBeUndefined()
  })

  test('an answer, a refusal, and silence bounded by the deadline; Buildx falls back to the CLI', async () => {
    answer = (res) => res.end(engineAnswer)
    const ok = await engineDiskUsage(socket, new Deadline(5).signal)
    expect(ok.ok && ok.value.records.length).toBe(46)
    answer = (res) => {
      res.statusCode = 500
      res.end('{"message":"boom"}')
    }
    expect(await engineDiskUsage(socket, new Deadline(5).signal)).toEqual({
      ok: false,
      message: 'the Docker Engine answered 500 to GET /system/df: {"message":"boom"}'
    })
    // the CLI answers instead, within the same budget
    const cli: Exec = () => Promise.resolve({ exitCode: 0, stdout: duVerbose, stderr: '' })
    const fell = await new Buildx(cli, undefined, new Deadline(5), socket).du()
    expect(fell.ok && fell.value.format).toBe('verbose')
    answer = () => undefined
    const t = performance.now()
    const silent = await engineDiskUsage(socket, new Deadline(0.3).signal)
    expect(silent).toEqual({ ok: false, message: 'the Docker Engine did not answer in time' })
    expect(performance.now() - t).toBeLessThan(3000)
  })
})
