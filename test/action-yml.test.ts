import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { Input, Output } from '../src/constants.js'
import { GATES } from '../src/gates/index.js'
import { getInputs } from '../src/inputs.js'
import { ROOT, fixture } from './helpers.js'
import { reportFromLogs } from '../src/pipeline.js'
import { outputsOf } from '../src/report/outputs.js'

// action.yml is what the runner reads; the code's names must be the same set, not nearly.
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description?: string; default?: unknown }>
  outputs: Record<string, { description?: string }>
  runs: Record<string, string>
}

describe('action.yml and the code name the same inputs and outputs', () => {
  test('every input the code reads is declared, and every declared input is read', () => {
    const read = new Set<string>()
    getInputs((name) => {
      read.add(name)
      return ''
    }, {})
    const declared = Object.keys(action.inputs).sort()
    expect([...read].sort()).toEqual(declared)
    expect([...Object.values(Input), ...GATES.map((g) => g.input)].sort()).toEqual(declared)
  })

  test('every output is declared and always set, and every input and output is described', async () => {
    expect(Object.values(Output).sort()).toEqual(Object.keys(action.outputs).sort())
    const report = await reportFromLogs([fixture('multistage/docker28-multistage-partial.plain.log')], { thresholds: {}, now: new Date(0) })
    expect(
      outputsOf(report, 'r.json')
        .map(([name]) => name)
        .sort()
    ).toEqual(Object.keys(action.outputs).sort())
    for (const [name, i] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)]) expect(i.description, name).toMatch(/\S{3}/)
  })

  test('defaults are quoted strings, and the action runs on node24 with pre and main', () => {
    for (const [name, i] of Object.entries(action.inputs)) if (i.default !== undefined) expect(typeof i.default, name).toBe('string')
    expect(action.runs).toMatchObject({ using: 'node24', main: 'dist/index.js', pre: 'dist/pre/index.js' })
  })
})
