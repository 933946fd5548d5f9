import { describe, expect, test } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { runActionAsync } from '../runner.js'
import { BOUND_MS, QUICK_MS, TIMEOUT_S, fakeDocker, pathWith, warnings } from './chaos.js'

// Inputs that name files which would block or swamp a reader: FIFOs nobody writes to (open()
// waits for a writer forever) as baseline-file and as a build-refs metadata file, and a .gz log
// that is one long line.

const LOG = 'test/fixtures/buildkit/multistage/docker28-multistage-warm.rawjson.log'
const dir = mkdtempSync(join(tmpdir(), 'build-insights-chaos-files-'))
const fifo = join(dir, 'fifo.json')
const fifos = process.platform !== 'win32' && spawnSync('mkfifo', [fifo]).status === 0

function step(inputs: Record<string, string>, killAfterMs?: number) {
  return runActionAsync(
    { timeout: String(TIMEOUT_S), du: 'false', ...inputs },
    { env: { PATH: pathWith(fakeDocker('fail')) }, ...(killAfterMs === undefined ? {} : { killAfterMs }) }
  )
}

function reported(r: Awaited<ReturnType<typeof step>>): void {
  expect(r.hung, r.stdout).toBe(false)
  expect(existsSync(join(r.runnerTemp, 'build-insights-report.json'))).toBe(true)
  expect(r.summary).toContain('## Docker build insights')
  expect(r.status).toBe(0)
}

describe.concurrent('chaos: files', () => {
  test.skipIf(!fifos)('baseline-file is a FIFO: refused at once with a warning naming it; the report stands', async () => {
    const r = await step({ 'log-files': LOG, 'baseline-file': fifo, 'save-baseline': 'always' })
    console.log(`baseline-file is a FIFO: ${r.wallMs.toFixed(0)} ms`)
    reported(r)
    expect(r.wallMs).toBeLessThan(QUICK_MS)
    expect(r.outputs['cache-hit-rate']).toBe('100.0')
    expect(warnings(r.stdout)).toContain(
      `::warning::baseline ${fifo} could not be read: is not a regular file (a FIFO, a device or a directory), so it is not read`
    )
    expect(r.stdout).toContain(`::notice::baseline not saved to ${fifo}: is not a regular file`)
  })

  test.skipIf(!fifos)('report-file is a FIFO: refused at once with a warning; outputs and summary still written', async () => {
    const r = await step({ 'log-files': LOG, 'report-file': fifo })
    console.log(`report-file is a FIFO: ${r.wallMs.toFixed(0)} ms`)
    expect(r.hung, r.stdout).toBe(false)
    expect(r.status).toBe(0)
    expect(r.wallMs).toBeLessThan(QUICK_MS)
    expect(warnings(r.stdout)).toContain(
      `::warning::report-file: could not write ${fifo}: is not a regular file (a FIFO, a device or a directory), so it is not read`
    )
    expect(r.outputs).toMatchObject({ 'cache-hit-rate': '100.0', report: '' })
    expect(r.summary).toContain('Cache hit rate 100.0%')
  })

  test.skipIf(!fifos)('build-refs names a FIFO: refused at once with a warning naming it', async () => {
    const r = await step({ 'build-refs': fifo })
    console.log(`build-refs names a FIFO: ${r.wallMs.toFixed(0)} ms`)
    reported(r)
    expect(r.wallMs).toBeLessThan(QUICK_MS)
    expect(warnings(r.stdout)).toContain(
      `::warning file=${fifo}::${fifo}: build-refs: is not a regular file (a FIFO, a device or a directory), so it is not read`
    )
  })

  // 64 MiB in one line, 64 KiB gzipped: gunzip hands it out 16 KiB at a time, which a line
  // splitter that re-scans its pending line turned into minutes. Now linear, and cut at 1 MiB.
  test('a .gz log that is one long line: read within the bound, cut with one warning, the report stands', async () => {
    const gz = join(dir, 'one-line.log.gz')
    writeFileSync(gz, gzipSync(Buffer.alloc(64 << 20, '#1 [internal] load build definition from Dockerfile ')))
    const r = await step({ 'log-files': gz })
    console.log(`a .gz log of one 64 MiB line: ${r.wallMs.toFixed(0)} ms`)
    reported(r)
    expect(r.wallMs).toBeLessThan(BOUND_MS)
    expect(r.stdout).toContain('a line longer than 1 MiB was cut to its first 1 MiB')
    expect(r.outputs.report).toBe(join(r.runnerTemp, 'build-insights-report.json'))
  })
})
