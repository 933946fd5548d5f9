import { describe, expect, test } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readLogFile } from '../src/sources/log-files.js'
import { modelBuilds } from '../src/pipeline.js'
import { analyse } from '../src/analysis/analyse.js'
import { fixture } from './helpers.js'
import { runAction } from './runner.js'

// Hand-made inputs here are only damaged copies of real captures, or plain junk.
const dir = mkdtempSync(join(tmpdir(), 'build-insights-malformed-'))
function write(name: string, content: string | Buffer): string {
  const p = join(dir, name)
  writeFileSync(p, content)
  return p
}
async function read(path: string) {
  const r = await readLogFile(path)
  const a = analyse(modelBuilds(r.builds))
  return { problems: r.problems.map((p) => p.code), steps: a.totals.steps, cached: a.totals.cached, builds: a.totals.builds }
}

const warmPlain = readFileSync(fixture('multistage/docker28-multistage-warm.plain.log'), 'utf8')
const partialRaw = readFileSync(fixture('multistage/docker28-multistage-partial.rawjson.log'), 'utf8')

describe('bad input gives problems and a report for the rest, never an exception', () => {
  test('missing, empty, a directory', async () => {
    expect((await read(join(dir, 'nope.log'))).problems).toEqual(['file-missing'])
    expect((await read(write('empty.log', ''))).problems).toEqual(['file-empty'])
    mkdirSync(join(dir, 'adir'))
    expect((await read(join(dir, 'adir'))).problems).toEqual(['file-unreadable'])
  })

  test('binary junk', async () => {
    const junk = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256))
    expect(await read(write('junk.bin', junk))).toMatchObject({ problems: ['no-builds'], steps: 0 })
  })

  test('a garbled JSON object among real ones is reported with its offset; the rest counts', async () => {
    const lines = partialRaw.split('\n')
    lines.splice(5, 0, '{"vertexes":[{"digest": oops}]}')
    const r = await readLogFile(write('garbled.rawjson.log', lines.join('\n')))
    expect(r.problems).toHaveLength(1)
    expect(r.problems[0]).toMatchObject({ code: 'json-invalid' })
    expect(r.problems[0]?.line).toBeGreaterThan(0)
    expect(analyse(modelBuilds(r.builds)).totals).toMatchObject({ steps: 16, cached: 11 })
  })

  test('a rawjson log cut in the middle of an object', async () => {
    const r = await read(write('cut.rawjson.log', partialRaw.slice(0, Math.floor(partialRaw.length * 0.6))))
    expect(r.problems).toEqual(['json-invalid'])
    expect(r.builds).toBe(1)
    expect(r.steps).toBeGreaterThan(0)
    expect(r.steps).toBeLessThan(16)
  })

  test('a truncated .gz keeps what was read and says the read stopped', async () => {
    const gz = readFileSync(fixture('multistage/docker28-multistage-warm.plain.log.gz'))
    const r = await read(write('cut.log.gz', gz.subarray(0, Math.floor(gz.length * 0.7))))
    expect(r.problems).toEqual(['file-unreadable'])
    expect(r.steps).toBeGreaterThan(0)
  })

  test('CRLF line ends', async () => {
    expect(await read(write('crlf.log', warmPlain.replace(/\n/g, '\r\n')))).toMatchObject({ problems: [], steps: 16, cached: 16 })
  })

  test('copied from a GitHub job log: timestamps, groups and ANSI before every line', async () => {
    const t0 = Date.parse('2026-11-28T10:00:00Z')
    const prefixed = [
      '2026-11-28T09:59:59.1234567Z ##[group]Run docker buildx build .',
      ...warmPlain.split('\n').map((l, i) => `${new Date(t0 + i * 10).toISOString().replace('Z', '1234Z')} ${l}`),
      '2026-11-28T10:01:00.0000000Z ##[endgroup]'
    ].join('\n')
    expect(await read(write('gh.log', prefixed))).toMatchObject({ problems: [], steps: 16, cached: 16 })
    const ghRunView = warmPlain
      .split('\n')
      .map((l) => `build\tRun docker build\t2026-11-28T10:00:00.0000000Z ${l}`)
      .join('\n')
    expect(await read(write('gh-run-view.log', ghRunView))).toMatchObject({ problems: [], steps: 16, cached: 16 })
  })

  test('a plain log with no newline at the end and one cut mid-line', async () => {
    expect(await read(write('nonl.log', warmPlain.trimEnd()))).toMatchObject({ steps: 16, cached: 16 })
    const cut = warmPlain.slice(0, warmPlain.indexOf('#14 CACHED') + 5)
    const r = await read(write('cutline.log', cut))
    expect(r.problems).toEqual([])
    expect(r.cached).toBeLessThan(r.steps)
  })
})

test('a glob that matches 300 files of no build: ten warnings name files, one counts the rest, the report has them all (dist/, as the runner runs it)', () => {
  const logs = join(dir, 'many-files')
  mkdirSync(logs)
  for (let i = 0; i < 300; i++) writeFileSync(join(logs, `notes-${String(i).padStart(3, '0')}.txt`), `nothing here ${i}\n`)
  writeFileSync(join(logs, 'build.txt'), readFileSync(fixture('multistage/docker28-multistage-cold.plain.log')))
  const r = runAction({ du: 'false', 'log-files': join(logs, '*.txt'), 'actions-cache-usage': 'false' })
  expect(r.status).toBe(0)
  expect(r.outputs.builds).toBe('1')
  const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning'))
  expect(warnings.filter((l) => l.includes('has no BuildKit progress'))).toHaveLength(10)
  expect(warnings).toContain('::warning::… and 290 more problems like these (no-builds); the JSON report has them all')
  const report = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8')) as { problems: { code: string }[] }
  expect(report.problems.filter((p) => p.code === 'no-builds')).toHaveLength(300)
})
