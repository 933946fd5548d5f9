import { describe, expect, test } from 'vitest'
import { cpSync, mkdtempSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixture } from './helpers.js'
import { runAction } from './runner.js'
import { buildx, pruneBuildCache, requireDaemon } from './daemon.js'

const live = requireDaemon()

const UNIT: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 }

/** The `Total:` line of `docker buildx du`, read here with a regex of its own, not the action's parser. */
function duTotal(): number {
  const text = execFileSync('docker', ['buildx', 'du'], { encoding: 'utf8' })
  const m = /^Total:\s+([\d.]+)(B|kB|MB|GB)$/m.exec(text)
  if (!m) throw new Error(`no Total line in:\n${text}`)
  return Number(m[1]) * (UNIT[m[2] ?? 'B'] ?? 1)
}

describe.runIf(live)('build cache on the real daemon', () => {
  test("cache-size is docker buildx du's total within 1%; growth is what the job added", () => {
    const ctx = mkdtempSync(join(tmpdir(), 'build-insights-du-'))
    cpSync(fixture('cachemount'), ctx, { recursive: true, filter: (src) => !/\.(log|gz)$/.test(src) })
    pruneBuildCache()
    const pre = runAction({}, { entry: 'pre' })
    expect(pre.state['cache-before']).toBeDefined()
    const beforeTotal = duTotal()
    expect(buildx(['--progress=quiet', '-t', 'bi-du', '.'], ctx).status).toBe(0)
    const afterTotal = duTotal()
    const main = runAction({}, { cwd: ctx, state: pre.state })
    expect(main.status, main.stdout).toBe(0)
    const size = Number(main.outputs['cache-size'])
    const growth = Number(main.outputs['cache-growth'])
    console.log(
      `docker buildx du Total: ${afterTotal} B (before the build ${beforeTotal} B); action cache-size ${size}, cache-growth ${growth}, cache-reclaimable ${main.outputs['cache-reclaimable']}`
    )
    expect(afterTotal).toBeGreaterThan(1_000_000)
    expect(Math.abs(size - afterTotal) / afterTotal).toBeLessThan(0.01)
    expect(Math.abs(growth - (afterTotal - beforeTotal)) / afterTotal).toBeLessThan(0.01)
    expect(main.summary).toContain('### Build cache')
    // the fixture's two cache mounts, one holding 1 MiB (sizes vary with the snapshotter)
    expect(main.summary).toMatch(/^\| <code>exec\.cachemount<\/code> \| 2 \| 1\.\d+ MB \|/m)
    expect(main.summary).toMatch(/this job: \*\*\+\d\.\d+ MB\*\*/)
  })
})
