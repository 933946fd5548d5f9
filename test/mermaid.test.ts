// @vitest-environment happy-dom
// Mermaid's sanitizer (DOMPurify) needs a window even to parse: happy-dom is the smallest DOM that gives it one.
import { describe, expect, test } from 'vitest'
import mermaid from 'mermaid'
import { reportFromLogs } from '../src/pipeline.js'
import { renderSummary } from '../src/summary/markdown.js'
import { ganttChart, MERMAID_LIMIT, mermaidText } from '../src/summary/mermaid.js'
import { expectedCounts, fixture, FIXTURES } from './helpers.js'
import { readFileSync } from 'node:fs'
import { ProgressReader } from '../src/progress/detect.js'
import { reportFromBuilds } from '../src/pipeline.js'

interface Task {
  task: string
  startTime: Date
  endTime: Date
  section: string
}

/** Parses a chart with Mermaid's own parser and reads back its tasks, names as Mermaid draws them. */
async function parse(text: string): Promise<{ title: string; tasks: { name: string; start: number; end: number; section: string }[] }> {
  const parsed = await mermaid.parse(text)
  expect(parsed).toMatchObject({ diagramType: 'gantt' })
  // parse() answers only the diagram type: the parsed diagram's db is where the tasks Mermaid kept are
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text)
  const db = diagram.db as unknown as { getTasks: () => Task[]; getDiagramTitle: () => string }
  return {
    title: drawn(db.getDiagramTitle()),
    tasks: db.getTasks().map((t) => ({ name: drawn(t.task), start: t.startTime.valueOf(), end: t.endTime.valueOf(), section: drawn(t.section) }))
  }
}

/** Mermaid's text as it draws it: what the parser kept, its surrounding spaces aside (it draws no entity codes in a gantt chart). */
function drawn(s: string): string {
  return s.trim()
}

// what mermaidText writes for each character that is syntax, read back to that character
const LOOKALIKES: Record<string, string> = {
  '\u2236': ':',
  '\u266f': '#',
  '\u037e': ';',
  '\u201d': '"',
  '\u2019': "'",
  '\u2039': '<',
  '\u203a': '>',
  '\u02cb': '`',
  '\u066a': '%',
  '\u200b': ''
}

function back(s: string): string {
  return s.replace(/[\u2236\u266f\u037e\u201d\u2019\u2039\u203a\u02cb\u066a\u200b]/g, (c) => LOOKALIKES[c] ?? c)
}

function charts(md: string): string[] {
  return [...md.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? '')
}

const NOW = new Date('2026-11-28T12:00:00Z')

describe('every gantt chart the project produces parses with Mermaid', () => {
  const rels = Object.keys(expectedCounts()).filter((rel) => rel.endsWith('.rawjson.log'))

  test.each(rels)('%s', async (rel) => {
    const r = await reportFromLogs([rel], { thresholds: {}, now: NOW, cwd: FIXTURES })
    const md = renderSummary(r)
    const found = charts(md)
    // a build that failed before its first step still has the phases around it
    const timed = r.builds.filter((b) => b.durationKind === 'wall' && b.phases?.kind === 'wall')
    expect(found.length).toBe(Math.min(timed.length, 5))
    for (const text of found) {
      expect(text.length).toBeLessThanOrEqual(MERMAID_LIMIT)
      const { tasks } = await parse(text)
      expect(tasks.length).toBeGreaterThan(0)
      for (const t of tasks) expect(t.end).toBeGreaterThanOrEqual(t.start)
    }
  })

  test('the chart of a build with parallel stages, a push and a cache export: each bar where the log put it', async () => {
    const r = await reportFromLogs(['timeline/docker28-timeline-cold.rawjson.log'], { thresholds: {}, now: NOW, cwd: FIXTURES })
    const [text = ''] = charts(renderSummary(r))
    const { title, tasks } = await parse(text)
    const b = r.builds[0]
    expect(back(title)).toBe('127.0.0.1:5000/fixture/timeline:rawjson-cold, 5.7s')
    const push = b?.phases?.list.find((p) => p.phase === 'push')?.span
    expect(tasks.find((t) => t.name === 'Push')).toMatchObject({ section: 'Around the steps', start: push?.[0], end: push?.[1] })
    expect(tasks.filter((t) => t.section === 'Stages').map((t) => t.name)).toEqual(['right', 'left', 'stage-2'])
    const run = b?.steps.find((s) => s.text.startsWith('RUN sleep 2'))
    expect(tasks.find((t) => t.section === 'Steps of right' && back(t.name).startsWith('3/3 RUN sleep 2 && head'))).toMatchObject({
      start: run?.span?.[0],
      end: run?.span?.[1]
    })
  })

  test('plain logs have no chart, and say so in one line', async () => {
    const r = await reportFromLogs(['timeline/docker28-timeline-cold.plain.log'], { thresholds: {}, now: NOW, cwd: FIXTURES })
    const md = renderSummary(r)
    expect(charts(md)).toEqual([])
    expect(md).toContain('No timeline: the log has no timestamps')
  })
})

describe('names from a Dockerfile never break a chart', () => {
  const NASTY = [
    'RUN echo "a: b" # not a comment; really',
    "RUN printf '%s\\n' 100% %% done",
    'title',
    'section two',
    'COPY --chmod=755 <<EOF /x.sh & `rm -rf` {x} [y] | z \\ w',
    'RUN echo #35; #58; &amp; &#58;',
    'click me',
    '```',
    '%% a comment',
    'Section 2',
    'weekday monday',
    'dateFormat YYYY',
    'RUN\techo\ttabs\r\nand lines',
    '',
    'x'.repeat(500)
  ]

  test.each(NASTY)('%j', async (name) => {
    const text = ganttChart(name, [{ name, bars: [{ label: name, start: 1_000, end: 2_500 }] }]).text
    const { title, tasks } = await parse(text)
    // the name as it was meant, on one line and cut to its length
    const meant = (max: number) => {
      // eslint-disable-next-line no-control-regex
      const one = name.replace(/[\s\x00-\x1f\x7f\u200b]+/g, ' ').trim()
      return one === '' ? '\u2013' : one.length > max ? `${one.slice(0, max - 1)}…` : one
    }
    expect(tasks).toHaveLength(1)
    const [task] = tasks
    expect(task).toMatchObject({ start: 1_000, end: 2_500 })
    // what Mermaid keeps is what was meant, character for character, only the syntax looking alike
    expect(back(task?.name ?? '')).toBe(meant(60))
    expect(back(task?.section ?? '')).toBe(meant(80))
    expect(back(title)).toBe(meant(120))
    for (const s of [task?.name ?? '', task?.section ?? '', title]) expect(s).not.toMatch(/[:#;"'<>`%]/)
  })

  test('mermaidText writes every syntax character as one that looks like it, and a directive is never the start of a name', () => {
    expect(mermaidText('a: b # c; "d" %% e && <f>')).toBe('a\u2236 b \u266f c\u037e \u201dd\u201d \u066a\u066a e && \u2039f\u203a')
    expect(mermaidText('title x')).toBe('\u200btitle x')
    expect(mermaidText('titles x')).toBe('titles x')
  })
})

describe("Mermaid's 50,000-character limit", () => {
  test('a build of 90 stages: the chart shows 40 of them and says how many bars it left out', async () => {
    // the timeline fixture's vertexes 30 times over, each copy's stages named apart (as the scale tests do)
    const reader = new ProgressReader('many.log')
    reader.push(readFileSync(fixture('timeline/docker28-timeline-cold.rawjson.log'), 'utf8'))
    const [one] = reader.end().builds
    if (!one) throw new Error('the fixture has a build')
    const vertexes = Array.from({ length: 30 }, (_, i) =>
      one.vertexes.map((v) => ({ ...v, key: `${v.key}-${String(i)}`, name: v.name.replace(/^\[(\S+) (\d)/, `[$1x${String(i)} $2`) }))
    ).flat()
    const r = reportFromBuilds([{ ...one, vertexes }], ['many.log'], [], { thresholds: {}, now: NOW })
    expect(r.builds[0]?.stages.length).toBe(90)
    const md = renderSummary(r)
    const [text = ''] = charts(md)
    const { tasks } = await parse(text)
    expect(tasks.filter((t) => t.section === 'Stages')).toHaveLength(40)
    expect(md).toContain('50 bars were left out of the chart')
  })

  test('a chart of many long names stays within it, says how many bars were left out, and parses', async () => {
    const bars = Array.from({ length: 2_000 }, (_, i) => ({ label: `${String(i)} RUN ${'a:b#c;'.repeat(20)}`, start: i * 10, end: i * 10 + 5 }))
    const { text, left } = ganttChart('many', [
      { name: 'one', bars: bars.slice(0, 1_000) },
      { name: 'two', bars: bars.slice(1_000) }
    ])
    expect(text.length).toBeLessThanOrEqual(MERMAID_LIMIT)
    expect(left).toBeGreaterThan(0)
    const { tasks } = await parse(text)
    expect(tasks.length + left).toBe(2_000)
  })
})
