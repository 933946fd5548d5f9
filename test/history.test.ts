import { describe, expect, test } from 'vitest'
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseBuildxVersion, parseHistoryLs, parseInspect, splitRef, versionAtLeast } from '../src/docker/history.js'
import { Buildx } from '../src/docker/buildx.js'
import type { Exec } from '../src/docker/exec.js'
import { resolveBuildRefs, readBuildRecords, recordsSince } from '../src/sources/build-records.js'
import { modelBuilds } from '../src/pipeline.js'
import { fixture } from './helpers.js'

const H = (f: string) => readFileSync(fixture(`history/${f}`), 'utf8')
const COLD_ID = 'we5mmz1oxf6xhxh2f1dlnyq8n'

describe('buildx history output (captured from buildx 0.29)', () => {
  test('history ls --format json', () => {
    const { records, skipped } = parseHistoryLs(H('docker28-history-ls.json'))
    expect(skipped).toBe(0)
    expect(records.map((r) => r.ref)).toEqual(['default/default/nscdnrwjm4t7bwed6zc6u2xqh', `default/default/${COLD_ID}`])
    expect(records[1]).toMatchObject({ name: 'test/fixtures/buildkit/history', status: 'Completed', createdAt: Date.parse('2026-11-28T15:57:28.545215454Z') })
  })

  test('history inspect --format json, completed and failed', () => {
    expect(parseInspect(H('docker28-history-cold.inspect.json'))).toMatchObject({
      ref: COLD_ID,
      status: 'completed',
      error: undefined,
      name: 'test/fixtures/buildkit/history'
    })
    const failed = parseInspect(H('docker28-history-failed.inspect.json'))
    expect(failed?.status).toBe('failed')
    expect(failed?.error).toMatch(/did not complete successfully: exit code: 1/)
    expect(parseInspect('ERROR: no record found for ref "x"')).toBeUndefined()
  })

  test('refs, versions', () => {
    expect(splitRef(`default/default/${COLD_ID}`)).toEqual({ builder: 'default', id: COLD_ID })
    expect(splitRef(COLD_ID)).toEqual({ builder: undefined, id: COLD_ID })
    expect(parseBuildxVersion(VERSION('docker28'))).toEqual([0, 29, 1])
    expect(parseBuildxVersion(VERSION('docker26'))).toEqual([0, 13, 1])
    expect(versionAtLeast([0, 29, 1], [0, 21, 0])).toBe(true)
    expect(versionAtLeast([0, 13, 1], [0, 21, 0])).toBe(false)
  })
})

/** docker as it answered when the fixtures were captured; anything else fails like docker does. */
const VERSION = (engine: string) => readFileSync(fixture(`../buildx/${engine}-buildx-version.txt`), 'utf8')

function recordedDocker(version = VERSION('docker28')): { exec: Exec; calls: string[][] } {
  const calls: string[][] = []
  const exec: Exec = (cmd, args, opts) => {
    calls.push([cmd, ...args])
    const a = args.filter((x, i) => x !== '--builder' && args[i - 1] !== '--builder')
    const ok = (stdout: string, stderr = '') => Promise.resolve({ exitCode: 0, stdout, stderr })
    if (a.join(' ') === 'buildx version') return ok(version)
    if (a.join(' ') === 'buildx history ls --format json') return ok(H('docker28-history-ls.json'))
    const id = a[3] ?? ''
    const phase = id === COLD_ID ? 'cold' : id === 'nscdnrwjm4t7bwed6zc6u2xqh' ? 'warm' : undefined
    if (phase && a[2] === 'inspect') return ok(H(`docker28-history-${phase}.inspect.json`))
    if (phase && a[2] === 'logs') {
      const text = Buffer.from(H(`docker28-history-${phase}.rawjson.log`))
      // buildx writes the replay to stderr, in pieces
      for (let i = 0; i < text.length; i += 4096) opts?.onStderr?.(text.subarray(i, i + 4096))
      return ok('')
    }
    return Promise.resolve({ exitCode: 1, stdout: '', stderr: `ERROR: no record found for ref "${id}"\n` })
  }
  return { exec, calls }
}

describe('reading build records', () => {
  test('buildx is asked its version once per builder, however many readers need it', async () => {
    const { exec, calls } = recordedDocker()
    const buildx = new Buildx(exec, undefined)
    const [a, b] = await Promise.all([buildx.checkHistory(), buildx.checkHistory()])
    expect(a).toEqual(b)
    expect(a.ok).toBe(true)
    expect(await buildx.checkHistory()).toEqual(a)
    expect(calls.filter((c) => c.join(' ') === 'docker buildx version')).toHaveLength(1)
  })

  test('logs and inspect of each ref give the steps, name and ref', async () => {
    const { exec, calls } = recordedDocker()
    const r = await readBuildRecords(new Buildx(exec, undefined), [`default/default/${COLD_ID}`, 'nscdnrwjm4t7bwed6zc6u2xqh'])
    expect(r.problems).toEqual([])
    const builds = modelBuilds(r.builds)
    expect(builds.map((b) => [b.steps.length, b.steps.filter((s) => s.cached).length, b.durationKind])).toEqual([
      [16, 0, 'wall'],
      [16, 16, 'wall']
    ])
    expect(builds[0]).toMatchObject({ name: 'test/fixtures/buildkit/history', ref: `default/default/${COLD_ID}` })
    // logs and inspect want the bare id, with the ref's builder
    expect(calls).toContainEqual(['docker', 'buildx', '--builder', 'default', 'history', 'logs', COLD_ID, '--progress', 'rawjson'])
  })

  test('an unknown ref is a problem naming it; the others are still read', async () => {
    const r = await readBuildRecords(new Buildx(recordedDocker().exec, 'ci'), ['nosuchrecord0000000000000', COLD_ID])
    expect(r.problems.map((p) => p.message)).toEqual([
      'docker buildx history inspect nosuchrecord0000000000000 failed: ERROR: no record found for ref "nosuchrecord0000000000000"'
    ])
    expect(r.builds).toHaveLength(1)
  })

  test("this job's records: created at or after the job start, oldest first", async () => {
    const b = new Buildx(recordedDocker().exec, undefined)
    expect((await recordsSince(b, Date.parse('2026-11-28T15:57:00Z'))).refs).toEqual([
      `default/default/${COLD_ID}`,
      'default/default/nscdnrwjm4t7bwed6zc6u2xqh'
    ])
    expect((await recordsSince(b, Date.parse('2026-11-28T15:57:30Z'))).refs).toEqual(['default/default/nscdnrwjm4t7bwed6zc6u2xqh'])
  })

  test('buildx too old or docker missing: says what is needed', async () => {
    expect(await new Buildx(recordedDocker(VERSION('docker26')).exec, undefined).checkHistory()).toEqual({
      ok: false,
      message: 'buildx 0.13.1 has no `docker buildx history` with JSON output (needs 0.21.0 or later)'
    })
    const missing: Exec = () => Promise.resolve({ exitCode: 127, stdout: '', stderr: 'Unable to locate executable file: docker' })
    expect(await new Buildx(missing, undefined).checkHistory()).toEqual({
      ok: false,
      message: 'docker buildx is not available (Unable to locate executable file: docker)'
    })
  })
})

describe('the build-refs input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'build-insights-refs-'))
  test('build-push-action metadata output, metadata files, refs and ids', async () => {
    expect(await resolveBuildRefs(H('docker28-history-cold.metadata.json'))).toEqual({ refs: [`default/default/${COLD_ID}`], problems: [] })
    expect(await resolveBuildRefs(`${fixture('history/docker28-history-warm.metadata.json')}\nbuilder-1/builder-10/${COLD_ID}\n${COLD_ID}\n`)).toEqual({
      refs: ['default/default/nscdnrwjm4t7bwed6zc6u2xqh', `builder-1/builder-10/${COLD_ID}`, COLD_ID],
      problems: []
    })
  })

  test('what is neither is a problem that says so', async () => {
    writeFileSync(join(dir, 'empty.json'), '{}')
    const r = await resolveBuildRefs(`${join(dir, 'empty.json')}\nnot a ref\n{`)
    expect(r.refs).toEqual([])
    expect(r.problems.map((p) => p.message)).toEqual([
      'build-refs: no "buildx.build.ref" in it (buildx writes no metadata file for a failed build)',
      'build-refs: neither a build ref (builder/node/id or id) nor a metadata file',
      'build-refs: neither a build ref (builder/node/id or id) nor a metadata file'
    ])
  })
})
