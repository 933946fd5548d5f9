import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { reportFromLogs } from '../src/pipeline.js'
import { renderSummary } from '../src/summary/markdown.js'
import { escapeText } from '../src/summary/escape.js'
import { formatDuration, formatPercent } from '../src/format.js'
import { FIXTURES, fixture } from './helpers.js'

const NOW = new Date('2026-11-28T12:00:00Z')

async function report(rels: string[], min?: number) {
  return reportFromLogs(rels, { thresholds: { 'min-cache-hit-rate': min }, now: NOW, cwd: FIXTURES })
}

describe('job summary', () => {
  test('partial miss, golden file', async () => {
    const r = await report(['multistage/docker28-multistage-partial.plain.log'], 80)
    await expect(renderSummary(r)).toMatchFileSnapshot('./golden/docker28-multistage-partial.plain.md')
  })

  test('multi-platform warm and a failed build, golden file', async () => {
    const r = await report(['multiplatform/docker28-multiplatform-warm.rawjson.log', 'failing/docker28-failing-fail.rawjson.log'])
    await expect(renderSummary(r)).toMatchFileSnapshot('./golden/multiplatform-and-failing.rawjson.md')
  })

  test('three images in one log, golden file: a builds table, named by image; stages per build', async () => {
    const r = await report(['threeimages/docker28-threeimages-cold.rawjson.log'])
    await expect(renderSummary(r)).toMatchFileSnapshot('./golden/docker28-threeimages-cold.rawjson.md')
  })

  test('a two-target bake, golden file: one build per target, each shared step once', async () => {
    const r = await report(['bake/docker28-bake-cold.plain.log'])
    await expect(renderSummary(r)).toMatchFileSnapshot('./golden/docker28-bake-cold.plain.md')
  })

  test('where the time went, golden file: parallel stages, a push and a cache export, as phases, critical path and chart', async () => {
    const r = await report(['timeline/docker28-timeline-cold.rawjson.log'])
    await expect(renderSummary(r)).toMatchFileSnapshot('./golden/docker28-timeline-cold.rawjson.md')
  })

  test('a warm build whose time is mostly its push and its cache export: the headline says so; a cold one where the steps dominate does not', async () => {
    const warm = renderSummary(await report(['timeline/docker28-timeline-warm.rawjson.log']))
    expect(warm).toContain('⏱️ **push 51 ms** and **cache export 99 ms**: 54.3% of the wall clock, after the steps')
    const plain = renderSummary(await report(['timeline/docker28-timeline-warm.plain.log']))
    expect(plain).toMatch(/⏱️ \*\*push [\d.]+ (?:ms|s)\*\* and \*\*cache export [\d.]+ (?:ms|s)\*\*: [\d.]+% of the time, after the steps/)
    const cold = renderSummary(await report(['parallel/docker28-parallel-cold.rawjson.log']))
    expect(cold).not.toContain('⏱️')
  })

  test('headline names the hit rate, counts, duration kind and gate verdict', async () => {
    const r = await report(['multistage/docker28-multistage-partial.rawjson.log'], 80)
    const md = renderSummary(r)
    expect(md).toContain('**Cache hit rate 68.8%** · 11 of 16 steps cached · 1 build · ')
    expect(md).toContain('wall clock')
    expect(md).toContain('❌ Gate: cache hit rate 68.8% is below min-cache-hit-rate 80%')
  })

  test('log text never reaches the summary as markup', async () => {
    const r = await report(['multistage/docker28-multistage-cold.plain.log'])
    const md = renderSummary(r)
    // the Dockerfile's printf with ANSI escapes and shell `&&`, `|`, `$(...)`, as step names
    expect(md).not.toContain('\u001b')
    expect(md).toContain('RUN sleep 0.3 &#38;&#38; echo &#34;step 4&#34;'.replace(/&#34;/g, '"'))
    expect(md).toContain('&#124; tr')
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
      // every row has as many cells as its table's header: no `|` leaked from a name
      expect(line.split(' | ').length).toBeGreaterThan(1)
    }
  })

  test('escapeText leaves no active character for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const e = escapeText(s)
        const bare = e.replace(/&#\d+;/g, '')
        return (
          !['<', '>', '|', '`', '*', '_', '[', ']', '\\', '~', '@', '#', '$', '!', '\n', '\r', '\u001b'].some((c) => bare.includes(c)) && !/&(?!#\d+;)/.test(e)
        )
      })
    )
    expect(escapeText('<script>alert(1)</script> @org/team #12 https://evil.example www.x.y')).toBe(
      '&#60;script&#62;alert(1)&#60;/script&#62; &#64;org/team &#35;12 https&#58;//evil.example www&#46;x.y'
    )
  })

  test('stays within the limit: detail dropped first, then cut with a notice', async () => {
    const r = await report([
      'multistage/docker28-multistage-cold.plain.log',
      'multistage/docker28-multistage-warm.rawjson.log',
      'parallel/docker28-parallel-cold.rawjson.log'
    ])
    const full = renderSummary(r)
    const size = Buffer.byteLength(full)
    const noDetail = renderSummary(r, size - 1)
    expect(noDetail).not.toContain('<details>')
    expect(noDetail).toContain('The list of every step was left out')
    expect(Buffer.byteLength(noDetail)).toBeLessThan(size)
    const cut = renderSummary(r, 1500)
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(1500)
    expect(cut).toContain("cut at GitHub's 1 MiB limit")
    expect(cut).toContain('## Docker build insights')
  })

  test('no step found', async () => {
    const r = await report([fixture('multistage/Dockerfile')])
    const md = renderSummary(r)
    expect(md).toContain('**No Dockerfile step found**')
    expect(md).toContain('has no BuildKit progress')
  })
})

describe('formats', () => {
  test.each([
    [null, ''],
    [100, '100.0'],
    [99.96, '99.9'],
    [(5 / 6) * 100, '83.3'],
    [(2 / 3) * 100, '66.7'],
    [0, '0.0']
  ])('formatPercent(%s) = %s', (rate, want) => {
    expect(formatPercent(rate)).toBe(want)
  })

  test.each([
    [0, '0.0s'],
    [4.14, '4.1s'],
    [59.94, '59.9s'],
    [59.99, '1m 00.0s'],
    [60, '1m 00.0s'],
    [123.45, '2m 03.5s'],
    [3725, '1h 02m 05s']
  ])('formatDuration(%s) = %s', (s, want) => {
    expect(formatDuration(s)).toBe(want)
  })
})
