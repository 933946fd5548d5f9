import { beforeAll, describe, expect, test } from 'vitest'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixture } from './helpers.js'
import { runAction } from './runner.js'
import { buildx, requireDaemon } from './daemon.js'
import type { Report } from '../src/report/report.js'

// The rootcause fixture's project built by the real daemon through the committed dist/index.js in
// run mode, the workspace being the build context: a warm build saved as the baseline, then the
// README changed behind `COPY pyproject.toml README.md ./`, then --no-cache-filter build.
const live = requireDaemon()

describe.runIf(live)('root causes of live builds in run mode', () => {
  let ctx = ''
  const baseline = () => join(ctx, 'baseline.json')
  const run = (command: string) => {
    const r = runAction(
      { run: command, 'baseline-file': baseline(), 'save-baseline': 'always', du: 'false', 'github-token': '' },
      { cwd: ctx, env: { GITHUB_RUN_ID: '1' } }
    )
    expect(r.status).toBe(0)
    return { ...r, report: JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8')) as Report }
  }
  beforeAll(() => {
    ctx = mkdtempSync(join(tmpdir(), 'build-insights-rootcause-'))
    cpSync(fixture('rootcause'), ctx, { recursive: true, filter: (src) => !src.endsWith('.log') })
    // the tag keeps this image apart; the cache of an earlier run is what makes the next warm
    expect(buildx(['--progress=plain', '-t', 'build-insights-itg-rootcause', '.'], ctx).status).toBe(0)
  }, 180_000)

  test('README.md named as the cause of the reinstall; --no-cache-filter as never cached', () => {
    const cmd = 'docker buildx build --progress=rawjson --network=none -t build-insights-itg-rootcause'
    const warm = run(`${cmd} .`)
    expect(warm.report.rootCauses).toEqual([])
    writeFileSync(join(ctx, 'README.md'), '# rootcause\n\nChanged by the test.\n')
    const readme = run(`${cmd} .`)
    expect(readme.report.rootCauses.map((c) => [c.code, c.step.stage, c.step.index, c.files, c.line, c.cascade.length])).toEqual([
      ['files-changed', 'deps', 3, ['README.md'], 3, 3]
    ])
    expect(readme.summary).toContain('README.md changed')
    expect(readme.report.findings.find((f) => f.code === 'manifest-with-other-files')).toMatchObject({ file: 'Dockerfile', line: 3, causes: [1] })
    const filtered = run(`${cmd} --no-cache-filter build .`)
    expect(filtered.report.rootCauses.map((c) => [c.code, c.step.stage, c.step.index, c.cascade.length])).toEqual([['never-cached', 'build', 1, 1]])
  })
})
