import { describe, expect, test } from 'vitest'
import { spawnSync } from 'node:child_process'
import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { join } from 'node:path'
import { cli } from '../src/cli.js'
import { ROOT, fixture } from './helpers.js'

async function runCli(args: string[], stdin?: Readable) {
  const out: string[] = []
  const err: string[] = []
  const code = await cli(
    args,
    (s) => out.push(s),
    (s) => err.push(s),
    new Date('2026-11-28T12:00:00Z'),
    process.cwd(),
    stdin
  )
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('build-insights CLI', () => {
  test('prints the same markdown the action writes to the job summary', async () => {
    const r = await runCli(['--markdown', fixture('multistage/docker28-multistage-partial.plain.log')])
    expect(r.code).toBe(0)
    expect(r.out).toContain('**Cache hit rate 68.8%** · 11 of 16 steps cached')
    expect(r.out).toContain('### Cache breaks')
  })

  test('OTEL_EXPORTER_OTLP_* in the shell are for other programs: the CLI neither reads nor refuses them', async () => {
    const saved = { ...process.env }
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = 'localhost:4317'
    process.env.OTEL_EXPORTER_OTLP_HEADERS = 'not a pair'
    try {
      const r = await runCli([fixture('multistage/docker28-multistage-warm.rawjson.log')])
      expect([r.code, r.err]).toEqual([0, ''])
    } finally {
      process.env = saved
    }
  })

  test('--json prints the report', async () => {
    const r = await runCli(['--json', fixture('multistage/docker28-multistage-warm.rawjson.log')])
    const report = JSON.parse(r.out) as { schemaVersion: number; totals: { hitRate: number; steps: number } }
    expect(report.schemaVersion).toBe(1)
    expect(report.totals).toMatchObject({ hitRate: 100, steps: 16 })
  })

  test('a failing gate exits 1 with the threshold and the measured value', async () => {
    const r = await runCli(['--min-cache-hit-rate', '80', fixture('multistage/docker28-multistage-partial.rawjson.log')])
    expect(r.code).toBe(1)
    expect(r.err).toContain('cache hit rate 68.8% is below min-cache-hit-rate 80%')
  })

  test('usage errors exit 2', async () => {
    expect((await runCli([])).code).toBe(2)
    expect((await runCli(['--nope', 'x.log'])).code).toBe(2)
    expect((await runCli(['--min-cache-hit-rate', 'abc', 'x.log'])).err).toContain('min-cache-hit-rate: "abc" is not a number between 0 and 100')
  })

  test('a missing file is a warning on stderr, not a crash', async () => {
    const r = await runCli(['no-such.log'])
    expect(r.code).toBe(0)
    expect(r.err).toContain('warning: no-such.log: no such file')
  })

  test('the committed bin runs the bundled CLI on a shipped log', () => {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'build-insights.js'), '--markdown', 'test/fixtures/buildkit/multistage/docker28-multistage-cascade.plain.log'],
      {
        cwd: ROOT,
        encoding: 'utf8'
      }
    )
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('**Cache hit rate 12.5%** · 2 of 16 steps cached')
  })

  test('plain text by default: no HTML entities, tags or emphasis, tables in aligned columns', async () => {
    const r = await runCli([fixture('multistage/docker28-multistage-partial.plain.log')])
    expect(r.code).toBe(0)
    expect(r.out).toContain('Cache hit rate 68.8% · 11 of 16 steps cached')
    expect(r.out).toContain('RUN sleep 0.3 && ls -la /app/dist')
    expect(r.out).not.toMatch(/&#\d+;|<code>|\*\*|^\|/m)
    expect(r.out).toMatch(/^build\s+10\s+6\s+60\.0%\s+1\.3s/m)
  })

  test('- reads standard input', async () => {
    const r = await runCli(['-'], createReadStream(fixture('multistage/docker28-multistage-partial.rawjson.log')))
    expect(r.code).toBe(0)
    expect(r.out).toContain('Cache hit rate 68.8%')
  })

  test('globs as @actions/glob reads them: ** and ! excludes, named relative to the working directory', async () => {
    const r = await runCli(['--json', 'test/fixtures/buildkit/**/docker28-multistage-*.log', '!**/*.rawjson.log', '!**/*-cascade.*'])
    const report = JSON.parse(r.out) as { files: string[] }
    expect(report.files).toEqual([
      'test/fixtures/buildkit/multistage/docker28-multistage-cold.plain.log',
      'test/fixtures/buildkit/multistage/docker28-multistage-partial.plain.log',
      'test/fixtures/buildkit/multistage/docker28-multistage-warm.plain.log'
    ])
    expect((await runCli(['test/fixtures/**/no-such-*.log'])).err).toContain('warning: no file matches test/fixtures/**/no-such-*.log')
  })

  test('the bin says which Node it needs on an older one, and runs the bundle without ::debug:: lines on stdout', () => {
    const old = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `Object.defineProperty(process.versions, 'node', { value: '18.20.0' }); await import(${JSON.stringify(join(ROOT, 'bin', 'build-insights.js'))})`
      ],
      {
        encoding: 'utf8'
      }
    )
    expect(old.status).toBe(2)
    expect(old.stderr).toMatch(/^build-insights needs Node\.js 20 or later; this is Node\.js 18\.20\.0/)
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'build-insights.js'), 'test/fixtures/buildkit/multistage/*-cascade.plain.log'], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^Docker build insights\n/)
    expect(r.stdout).not.toContain('::debug::')
  })
})
