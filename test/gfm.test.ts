import { describe, expect, test } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './helpers.js'
import { MISSING, assertRendersOnGitHub, checkSummary, cmarkGfm, renderGfm } from './gfm.js'

const here = cmarkGfm()
if (!here) console.warn(MISSING)
const GOLDEN = join(ROOT, 'test', 'golden')
const goldens = readdirSync(GOLDEN).filter((f) => f.endsWith('.md'))

describe.runIf(here)('summaries rendered by cmark-gfm as GitHub renders them', () => {
  test('cmark-gfm is GitHub’s cmark with its extensions', () => {
    expect(renderGfm('| a |\n| - |\n| ~~b~~ www.example.com |\n')).toBe(
      '<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><del>b</del> <a href="http://www.example.com">www.example.com</a></td>\n</tr>\n</tbody>\n</table>\n'
    )
  })

  const TABLE = '| a | b |\n| --- | --- |\n| 1 | 2 |\n'
  const broken: { name: string; markdown: string; problem: string }[] = [
    { name: 'a row with a cell too many (GFM drops it)', markdown: `${TABLE}| 1 | 2 | 3 |\n`, problem: 'row 2 has 3 cells, its header 2' },
    { name: 'a row with a cell too few (GFM pads it)', markdown: `${TABLE}| 1 |\n`, problem: 'row 2 has 1 cells, its header 2' },
    { name: 'a pipe from a log splits a cell', markdown: `${TABLE}| <code>a | b</code> | 2 |\n`, problem: 'row 2 has 3 cells' },
    {
      name: 'a delimiter row that does not match: no table at all',
      markdown: '| a | b |\n| --- |\n| 1 | 2 |\n',
      problem: 'table at line 1: no <table> in the HTML'
    },
    {
      name: 'a table right under raw HTML: part of the HTML block',
      markdown: `<details><summary>s</summary>\n${TABLE}\n</details>\n`,
      problem: 'table at line 2: no <table> in the HTML'
    },
    { name: 'a row after a blank line', markdown: `${TABLE}\n| 3 | 4 |\n`, problem: 'a table row shown as text: | 3 | 4 |' },
    { name: 'details left open', markdown: '<details><summary>s</summary>\n\ntext\n', problem: 'left open: <details>' },
    { name: 'an entity in a code span', markdown: 'stage `a &#38;&#38; b`\n', problem: 'an entity shown as text: &#38;' },
    { name: 'an entity escaped twice', markdown: 'a &amp;#124; b\n', problem: 'an entity shown as text: &#124;' },
    { name: 'a raw tag from a log', markdown: `${TABLE}| <none> | 2 |\n`, problem: 'a raw tag <none> in the HTML' },
    { name: 'a tag GitHub filters', markdown: 'x <script>alert(1)</script>\n', problem: 'a raw tag that GitHub filters (tagfilter)' }
  ]
  test.each(broken)('the check sees $name', ({ markdown, problem }) => {
    expect(checkSummary(markdown).problems.join('\n')).toContain(problem)
  })

  test('a raw HTML table is not taken for a markdown one', () => {
    expect(checkSummary(`<table><tr><td>raw</td></tr></table>\n\n${TABLE}`)).toEqual({ problems: [], tables: 2, rows: 3, details: 0 })
  })

  test('what is not broken passes: escaped pipes and tags, a mermaid block with pipes, nested details', () => {
    const md = `${TABLE}| a &#124; b \\| c | &#60;none&#62; |\n\n\`\`\`mermaid\ngantt\n  a | b\n\`\`\`\n\n<details><summary>x</summary>\n\n<details><summary>y</summary>\n\n${TABLE}\n</details>\n</details>\n`
    expect(checkSummary(md)).toEqual({ problems: [], tables: 2, rows: 5, details: 2 })
  })

  test.each(goldens)('golden %s: every table, row and cell, details closed, no entity or tag shown as text', (name) => {
    const r = assertRendersOnGitHub(readFileSync(join(GOLDEN, name), 'utf8'), `golden ${name}`)
    console.log(`${name}: ${r.tables} tables, ${r.rows} rows, ${r.details} details`)
    expect(r.tables).toBeGreaterThan(0)
  })
})
