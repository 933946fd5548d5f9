import { describe, expect, test } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readLogFile } from '../src/sources/log-files.js'
import { modelBuilds, reportFromBuilds } from '../src/pipeline.js'
import { analyse } from '../src/analysis/analyse.js'
import { BUILDS_KEPT, BuildFold } from '../src/analysis/fold.js'
import { ProgressReader } from '../src/progress/detect.js'
import { renderSummary } from '../src/summary/markdown.js'
import type { RawBuild } from '../src/progress/vertex.js'
import { expectedCounts, fixture } from './helpers.js'
import { assertRendersOnGitHub, cmarkGfm, renderGfm } from './gfm.js'
import { runAction } from './runner.js'

// A log of many builds, made as `npm run bench` makes its logs: every real fixture of a format in
// turn, three times over (rawjson copies renumbered, so that each is a build of its own).
const DIGEST = /sha256:[0-9a-f]{8}([0-9a-f]{56})/g
function manyBuildsLog(format: 'plain' | 'rawjson', copies: number): { text: string; builds: number; steps: number; cached: number } {
  const all = expectedCounts()
  const files = Object.keys(all)
    .filter((f) => f.endsWith(`.${format}.log`))
    .sort()
  let one = ''
  const sum = { builds: 0, steps: 0, cached: 0 }
  for (const f of files) {
    const t = readFileSync(fixture(f), 'utf8')
    one += t.endsWith('\n') ? t : `${t}\n`
    const e = all[f]
    if (!e) continue
    sum.builds += e.builds
    sum.steps += e.steps
    sum.cached += e.cached
  }
  let text = ''
  for (let i = 1; i <= copies; i++)
    text += format === 'rawjson' ? one.replace(DIGEST, (_, rest: string) => `sha256:${i.toString(16).padStart(8, '0')}${rest}`) : one
  return { text, builds: sum.builds * copies, steps: sum.steps * copies, cached: sum.cached * copies }
}

const NOW = { thresholds: {}, now: new Date(0) }

test('stages first seen in builds past those kept are listed as a log of those builds alone lists them', async () => {
  // a hundred one-stage builds, then builds of several stages: their stages come in only counted
  const filler = readFileSync(fixture('cacheimport/docker28-cacheimport-local.plain.log'), 'utf8')
  const dir = mkdtempSync(join(tmpdir(), 'fold-stages-'))
  const file = join(dir, 'stages.plain.log')
  const later = [
    'multistage/docker28-multistage-cold.plain.log',
    'multiplatform/docker28-multiplatform-cold.plain.log',
    'timeline/docker28-timeline-cold.plain.log'
  ]
  writeFileSync(file, filler.repeat(BUILDS_KEPT) + later.map((f) => readFileSync(fixture(f), 'utf8')).join(''))
  const whole = await readLogFile(file)
  const all = analyse(modelBuilds(whole.builds))
  const fold = new BuildFold()
  await readLogFile(file, undefined, (b: RawBuild) => {
    fold.add(b)
  })
  const report = reportFromBuilds(fold, [file], [], NOW)
  expect(report.counted?.builds).toBe(later.length)
  expect(report.stages).toEqual(all.stages)
  expect(report.platforms).toEqual(all.platforms)
  expect(report.breaks).toEqual(all.breaks)
  rmSync(dir, { recursive: true, force: true })
})

describe.each(['plain', 'rawjson'] as const)('a log of more builds than a report keeps whole (%s)', (format) => {
  const log = manyBuildsLog(format, 3)
  const dir = mkdtempSync(join(tmpdir(), 'fold-'))
  const file = join(dir, `many.${format}.log`)
  writeFileSync(file, log.text)

  test('the builds are handed on while the log is read, not all at its end', () => {
    const bytes = Buffer.from(log.text)
    const reader = new ProgressReader('many.log')
    let during = 0
    for (let at = 0; at < bytes.length; at += 64 * 1024) {
      reader.write(bytes.subarray(at, at + 64 * 1024))
      during += reader.take().length
    }
    const rest = reader.end().builds.length
    // every build but the last is let go before the end
    expect(during).toBeGreaterThan(BUILDS_KEPT)
    expect(rest).toBeLessThanOrEqual(2)
  })

  test('every figure but the builds kept whole equals the analysis of all the builds', async () => {
    expect(log.builds).toBeGreaterThan(BUILDS_KEPT + 20)
    const whole = await readLogFile(file)
    const models = modelBuilds(whole.builds)
    const all = analyse(models)
    expect(all.totals).toMatchObject({ builds: log.builds, steps: log.steps, cached: log.cached })

    const fold = new BuildFold()
    const read = await readLogFile(file, undefined, (b: RawBuild) => {
      fold.add(b)
    })
    expect(read.builds).toEqual([])
    expect(read.problems).toEqual(whole.problems)
    const report = reportFromBuilds(fold, [file], [], NOW)

    expect(report.totals).toEqual(all.totals)
    expect(report.stages).toEqual(all.stages)
    expect(report.platforms).toEqual(all.platforms)
    expect(report.slowest).toEqual(all.slowest)
    // the kept builds' breaks, then the first of the rest
    const kept = all.breaks.filter((b) => b.build <= report.builds.length)
    const rest = all.breaks.filter((b) => b.build > report.builds.length)
    expect(report.breaks).toEqual([...kept, ...rest.slice(0, 20)])
    expect(report.counted).toEqual({ first: report.builds.length + 1, builds: log.builds - report.builds.length, breaksLeftOut: Math.max(0, rest.length - 20) })
    expect(report.builds.length).toBeGreaterThanOrEqual(BUILDS_KEPT)
    expect(report.builds.length).toBeLessThan(BUILDS_KEPT + 3)
    // the kept builds are whole: the same as read all at once
    expect(report.builds.map((b) => [b.file, b.index, b.steps.length, b.phases !== undefined])).toEqual(
      models.slice(0, report.builds.length).map((b) => [b.file, b.index, b.steps.length, b.phases !== undefined])
    )
    // a report from the same builds given at once is the same report
    expect(reportFromBuilds(whole.builds, [file], [], NOW)).toEqual(report)
  })

  test('a secret in a step past the kept builds is redacted where that step shows', async () => {
    const fold = new BuildFold()
    await readLogFile(file, undefined, (b: RawBuild) => {
      fold.add(b)
    })
    const found: string[] = []
    // the slowest step of all is in a build past those kept (the third copy's): its text is the secret
    const open = reportFromBuilds(fold, [file], [], NOW)
    const past = open.slowest.find((s) => s.build > open.builds.length)
    expect(past).toBeDefined()
    const secret = past?.text.split(/\s+/).find((w) => w.length >= 6) ?? ''
    expect(secret).not.toBe('')
    const fold2 = new BuildFold()
    await readLogFile(file, undefined, (b: RawBuild) => {
      fold2.add(b)
    })
    const report = reportFromBuilds(fold2, [file], [], { ...NOW, secrets: [secret], onSecret: (s) => found.push(s) })
    const json = JSON.stringify(report)
    expect(json).not.toContain(secret)
    expect(renderSummary(report)).not.toContain(secret)
    expect(report.slowest.filter((s) => s.build > report.builds.length).some((s) => s.text.includes('***'))).toBe(true)
  })

  test('the job summary names the builds counted only, and GitHub renders it whole', async () => {
    const fold = new BuildFold()
    await readLogFile(file, undefined, (b: RawBuild) => {
      fold.add(b)
    })
    const report = reportFromBuilds(fold, [file], [], NOW)
    const md = renderSummary(report)
    const first = report.builds.length + 1
    expect(md).toContain(`Builds ${String(first)} to ${String(log.builds)} are counted in every total`)
    if (cmarkGfm()) {
      assertRendersOnGitHub(md, `fold ${format}`)
      expect(renderGfm(md)).toContain(`Builds ${String(first)} to ${String(log.builds)} are counted in every total`)
    }
    // a slowest step of a build not kept is named by its number
    const past = report.slowest.find((s) => s.build > report.builds.length)
    if (past) expect(md).toContain(`build ${String(past.build)} · `)
    rmSync(dir, { recursive: true, force: true })
  })
})

describe('a log of many builds under the runner contract (the committed dist/)', () => {
  test.each([
    ['plain', false],
    ['rawjson', true]
  ] as const)('%s (gzipped: %s): every build counted in the outputs, the report and summary of bounded size', (format, gzip) => {
    const log = manyBuildsLog(format, 3)
    const dir = mkdtempSync(join(tmpdir(), 'fold-e2e-'))
    const file = join(dir, `many.${format}.log${gzip ? '.gz' : ''}`)
    writeFileSync(file, gzip ? gzipSync(log.text) : log.text)
    const r = runAction({ du: 'false', 'log-files': file, 'actions-cache-usage': 'false' })
    expect(r.status).toBe(0)
    expect(r.outputs).toMatchObject({ builds: String(log.builds), 'total-steps': String(log.steps), 'cached-steps': String(log.cached) })
    const report = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8')) as {
      builds: unknown[]
      counted?: { first: number; builds: number }
      totals: { builds: number }
    }
    expect(report.totals.builds).toBe(log.builds)
    expect(report.builds.length).toBeLessThan(BUILDS_KEPT + 3)
    expect(report.counted).toMatchObject({ first: report.builds.length + 1, builds: log.builds - report.builds.length })
    expect(r.summary).toContain(`Builds ${String(report.builds.length + 1)} to ${String(log.builds)} are counted in every total`)
    rmSync(dir, { recursive: true, force: true })
  })
})

test('the stages output of a log of 12,000 stages stays under what an environment variable can hold (dist/, as the runner runs it)', () => {
  // a real multistage build again and again, its stages renamed in each copy, as generated Dockerfiles name them
  const one = readFileSync(fixture('multistage/docker28-multistage-cold.plain.log'), 'utf8')
  const copies = 3000
  let text = ''
  for (let i = 0; i < copies; i++) text += one.replace(/\[(base|deps|build|runtime) /g, (_, stage: string) => `[${stage}${String(i)} `)
  const dir = mkdtempSync(join(tmpdir(), 'fold-stages-output-'))
  const file = join(dir, 'stages.plain.log')
  writeFileSync(file, text)
  const r = runAction({ du: 'false', 'log-files': file, 'actions-cache-usage': 'false' })
  expect(r.status).toBe(0)
  const output = r.outputs.stages ?? ''
  expect(Buffer.byteLength(output)).toBeLessThanOrEqual(64 * 1024)
  const stages = JSON.parse(output) as { name: string }[]
  const report = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8')) as { stages: { name: string }[] }
  expect(report.stages).toHaveLength(4 * copies)
  // the first stages, in the report's order
  expect(stages.map((s) => s.name)).toEqual(report.stages.slice(0, stages.length).map((s) => s.name))
  expect(stages.length).toBeGreaterThan(100)
  expect(r.stdout).toContain(
    `::notice::the stages output lists the first ${String(stages.length)} of ${String(4 * copies)} stages (64 KiB of JSON); the JSON report has them all`
  )
  rmSync(dir, { recursive: true, force: true })
})
