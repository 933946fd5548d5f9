import { describe, expect, test } from 'vitest'
import { run } from '../src/main.js'
import type { ActionIO } from '../src/action-io.js'
import type { Exec } from '../src/docker/exec.js'
import { getInputs } from '../src/inputs.js'
import { fixture } from './helpers.js'

const noDocker: Exec = () => Promise.resolve({ exitCode: 127, stdout: '', stderr: 'docker: not found' })

function memoryIO(inputs: Record<string, string>, overrides: Partial<ActionIO> = {}) {
  const outputs: Record<string, string> = {}
  const warnings: string[] = []
  const failed: string[] = []
  const summary: string[] = []
  const files: Record<string, string> = {}
  const io: ActionIO = {
    getInput: (n) => inputs[n] ?? '',
    getState: () => '',
    group: (_title, fn) => fn(() => undefined),
    env: { RUNNER_TEMP: '/tmp' },
    setOutput: (n, v) => { outputs[n] = v },
    appendSummary: (md) => { summary.push(md); return Promise.resolve() },
    writeFile: (p, t) => { files[p] = t; return Promise.resolve() },
    info: () => undefined,
    warning: (m) => { warnings.push(m) },
    setFailed: (m) => { failed.push(m) },
    now: () => new Date('2026-11-28T12:00:00Z'),
    ...overrides
  }
  return { io, outputs, warnings, failed, summary, files }
}

describe('run', () => {
  test('summary false writes no job summary', async () => {
    const m = memoryIO({ 'log-files': fixture('parallel/docker28-parallel-cold.plain.log'), summary: 'false' })
    await run(m.io, noDocker)
    expect(m.summary).toEqual([])
    expect(m.outputs['total-steps']).toBe('8')
  })

  test('a summary or report that cannot be written is a warning; outputs still set', async () => {
    const m = memoryIO({ 'log-files': fixture('parallel/docker28-parallel-warm.rawjson.log'), 'report-file': '/x/report.json', du: 'false' }, {
      appendSummary: () => Promise.reject(new Error('GITHUB_STEP_SUMMARY is not set')),
      writeFile: () => Promise.reject(new Error('EACCES'))
    })
    await run(m.io, noDocker)
    expect(m.failed).toEqual([])
    expect(m.warnings).toEqual(['report-file: could not write /x/report.json: EACCES', 'could not write the job summary: GITHUB_STEP_SUMMARY is not set'])
    expect(m.outputs).toMatchObject({ 'cache-hit-rate': '100.0', report: '' })
  })

  test('no input and no pre step: a warning that says what to give', async () => {
    const m = memoryIO({})
    await run(m.io, noDocker)
    expect(m.failed).toEqual([])
    expect(m.warnings[0]).toContain("none of log-files, build-refs or run is set, and the job's start time is unknown")
    expect(m.outputs).toMatchObject({ 'cache-hit-rate': '', gate: 'none' })
  })

  test('no docker: the build cache is a warning that says how to turn it off; the report stands', async () => {
    const m = memoryIO({ 'log-files': fixture('parallel/docker28-parallel-warm.rawjson.log') })
    await run(m.io, noDocker)
    expect(m.failed).toEqual([])
    expect(m.warnings).toEqual(['the build cache was not measured: docker buildx inspect failed: docker: not found (set du: false where there is no docker)'])
    expect(m.outputs).toMatchObject({ 'cache-hit-rate': '100.0', 'cache-size': '', 'cache-growth': '' })
  })
})

describe('getInputs', () => {
  test.each([
    ['', undefined, []],
    ['80', 80, []],
    ['80%', 80, []],
    ['66.7', 66.7, []],
    ['101', undefined, ['min-cache-hit-rate: "101" is not a number between 0 and 100']],
    ['abc', undefined, ['min-cache-hit-rate: "abc" is not a number between 0 and 100']]
  ])('min-cache-hit-rate %j', (value, want, errors) => {
    const r = getInputs((n) => (n === 'min-cache-hit-rate' ? value : ''), { RUNNER_TEMP: '/rt' })
    expect(r.inputs.minCacheHitRate).toBe(want)
    expect(r.errors).toEqual(errors)
  })

  test('defaults and lists', () => {
    const r = getInputs((n) => (n === 'log-files' ? ' a.log \n\n# a comment\nlogs/*.log\n' : ''), { RUNNER_TEMP: '/rt' })
    expect(r.inputs).toEqual({ logFiles: ['a.log', 'logs/*.log'], buildRefs: '', builder: undefined, run: '', minCacheHitRate: undefined, gate: 'fail', summary: true, reportFile: '/rt/build-insights-report.json', du: true })
    expect(getInputs((n) => (n === 'gate' ? 'maybe' : ''), {}).errors).toEqual(['gate: "maybe" is not one of fail, warn'])
    expect(getInputs((n) => (n === 'summary' ? 'yes' : ''), {}).errors).toEqual(['summary: "yes" is not true or false'])
  })
})
