import { afterAll, describe, expect, test } from 'vitest'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { reportFromLogs } from '../src/pipeline.js'
import { renderSummary } from '../src/summary/markdown.js'
import { toEntry } from '../src/baseline/entry.js'
import { minutePrice, runnerFromEnv } from '../src/billing/billing.js'
import type { BillingInputs } from '../src/billing/job-billing.js'
import { FIXTURES, ROOT, fixture } from './helpers.js'

// The two summaries the README shows as pictures (npm run pictures): a warm build, and the next run,
// where a README copied with the manifest broke the cache, against the warm one as its baseline.
// Real logs of the rootcause fixture; its context copied and changed as its capture.sh changed it.

const NOW = new Date('2026-11-28T12:00:00Z')
const runner = runnerFromEnv({ RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' }, ['ubuntu-latest'], 4)
/** A GitHub-hosted runner, 2.5 minutes into the job, 600 runs a month. */
const billing: BillingInputs = {
  runner,
  price: minutePrice(runner, undefined),
  jobStartedAt: NOW.getTime() - 150_000,
  jobStartFrom: 'api',
  runsPerMonth: 600,
  runsPerMonthFrom: 'api'
}
const context = mkdtempSync(join(tmpdir(), 'bi-pictures-'))
for (const name of readdirSync(fixture('rootcause')))
  if (!name.endsWith('.log')) cpSync(join(fixture('rootcause'), name), join(context, name), { recursive: true })
afterAll(() => {
  rmSync(context, { recursive: true, force: true })
})
const options = { cwd: FIXTURES, now: NOW, context: { context, dockerfile: '', cwd: context } }

describe('the summaries the README shows', () => {
  test('a warm build, and the next one whose README change broke the cache (golden files)', async () => {
    const warm = await reportFromLogs(['rootcause/docker28-rootcause-warm.rawjson.log'], { ...options, thresholds: { 'min-cache-hit-rate': 80 } }, { billing })
    await expect(renderSummary(warm)).toMatchFileSnapshot('./golden/docker28-rootcause-warm.rawjson.md')

    writeFileSync(join(context, 'README.md'), '# rootcause\n\nA project whose image is built from its manifest, then its sources. Now with a badge.\n')
    const broken = await reportFromLogs(
      ['rootcause/docker28-rootcause-readme.rawjson.log'],
      { ...options, thresholds: { 'max-cache-hit-rate-drop': 10 } },
      { billing, baseline: [toEntry(warm)] }
    )
    const md = renderSummary(broken)
    expect(md).toContain(
      '| **files changed** | Dockerfile:3 · stage <code>deps</code>, step 3/4 | <code>COPY pyproject.toml README.md ./</code> | README.md changed |'
    )
    await expect(md).toMatchFileSnapshot('./golden/docker28-rootcause-readme.rawjson.md')
  })

  // npm run pictures makes them from these goldens; npm run pictures -- --check (in the release workflow) says when one is stale
  test('the README shows them as pictures made from these golden files', () => {
    const shown = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/<img src="(docs\/pictures\/([\w.-]+)\.png)"/g)]
    expect(shown.map((m) => m[2])).toEqual(['docker28-rootcause-readme.rawjson', 'docker28-rootcause-warm.rawjson'])
    for (const [, png = '', name = ''] of shown) {
      expect(readFileSync(join(ROOT, png)).subarray(0, 8).toString('hex'), png).toBe('89504e470d0a1a0a')
      expect(existsSync(join(ROOT, 'test', 'golden', `${name}.md`)), name).toBe(true)
    }
  })
})
