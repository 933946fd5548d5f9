import { beforeAll, describe, expect, test } from 'vitest'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixture } from './helpers.js'
import { runAction } from './runner.js'
import { buildx, pruneBuildCache, requireDaemon } from './daemon.js'

// The multistage fixture's Dockerfile built now by the real daemon, cold then warm, in both
// formats; the committed dist/index.js reads each log as the runner would run it.
const live = requireDaemon()

function action(log: string): Record<string, string> {
  const r = runAction({ 'log-files': log })
  expect(r.status).toBe(0)
  return r.outputs
}

describe.runIf(live)('live builds on the BuildKit daemon', () => {
  const logs: Record<string, string> = {}
  beforeAll(() => {
    const ctx = mkdtempSync(join(tmpdir(), 'build-insights-ctx-'))
    cpSync(fixture('multistage'), ctx, { recursive: true, filter: (src) => !src.endsWith('.log') && !src.endsWith('.gz') })
    for (const format of ['plain', 'rawjson']) {
      pruneBuildCache()
      for (const phase of ['cold', 'warm']) {
        const r = buildx([`--progress=${format}`, '-t', 'build-insights-itg', '.'], ctx)
        expect(r.status).toBe(0)
        const file = join(ctx, `${phase}.${format}.log`)
        writeFileSync(file, r.log)
        logs[`${phase}.${format}`] = file
      }
    }
  }, 180_000)

  test.each(['plain', 'rawjson'])('%s: cold 0 of 16, warm 100.0', (format) => {
    const cold = action(logs[`cold.${format}`] ?? '')
    const warm = action(logs[`warm.${format}`] ?? '')
    expect([cold['cached-steps'], cold['total-steps']]).toEqual(['0', '16'])
    expect(warm).toMatchObject({ 'cache-hit-rate': '100.0', 'cached-steps': '16', 'total-steps': '16', builds: '1' })
  })
})
