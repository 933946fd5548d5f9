import { describe, expect, test } from 'vitest'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from './runner.js'
import { judge } from '../src/gates/policy.js'
import { inputProblem } from '../src/problems.js'
import { escapeText } from '../src/summary/escape.js'

// A real build whose build args (a fake token and a password in an index URL) BuildKit printed
// into its step names: see test/fixtures/buildkit/secrets/capture.sh.
const TOKEN = 'ghp_FAKEtokenFORbuildINSIGHTStestsONLYxx'
const PASSWORD = 'FakePassw0rd-not-real'
const SECRETS = 'test/fixtures/buildkit/secrets/docker28-secrets-cold'

describe('credentials in step names never leave the action', () => {
  test.each(['plain', 'rawjson'])('%s: summary, outputs, report and baseline show *** and the job log masks them', (format) => {
    const dir = mkdtempSync(join(tmpdir(), 'build-insights-secrets-'))
    const r = runAction(
      { du: 'false', 'log-files': `${SECRETS}.${format}.log`, 'baseline-file': join(dir, 'baseline.json'), 'save-baseline': 'always' },
      { runnerTemp: dir }
    )
    const baseline = readFileSync(join(dir, 'baseline.json'), 'utf8')
    const report = readFileSync(r.outputs.report ?? '', 'utf8')
    for (const text of [r.summary, JSON.stringify(r.outputs), report, baseline, r.stdout.replace(/::add-mask::.*\n/g, '')]) {
      expect(text).not.toContain(TOKEN)
      expect(text).not.toContain(PASSWORD)
    }
    // the summary escapes `*`, as every character that is markup
    expect(r.summary).toContain(escapeText('Bearer ***'))
    expect(r.summary).toContain(escapeText('ci-user:***@'))
    expect(report).toContain('Bearer ***')
    // the runner masks them in the rest of the job log
    expect(r.stdout).toContain(`::add-mask::${TOKEN}`)
    expect(r.stdout).toContain(`::add-mask::${PASSWORD}`)
    expect(r.outputs).toMatchObject({ 'total-steps': '2' })
  })
})

describe('the verdict policy', () => {
  const none = { verdict: 'none' as const, checks: [] }

  test('a refused run command fails the step with its reason', () => {
    const refused = { ...inputProblem('run', 'docker buildx build . ; rm -rf x', 'one docker build command'), message: 'run: ";" is shell syntax' }
    expect(judge(none, 'fail', [refused]).failures).toEqual(['run: ";" is shell syntax'])
  })

  test('a bad gate value with no threshold set is a warning, with one set it fails', () => {
    const badGate = inputProblem('gate', 'maybe', 'one of fail, warn')
    expect(judge(none, 'fail', [badGate]).failures).toEqual([])
    const set = { verdict: 'pass' as const, checks: [{ gate: 'min-cache-hit-rate', threshold: 50, measured: 60, verdict: 'pass' as const, message: 'ok' }] }
    expect(judge(set, 'fail', [badGate]).failures).toEqual(['gate: "maybe" is not one of fail, warn'])
  })
})

describe('run mode under the runner contract', () => {
  test('a refused command builds nothing and fails the step with the reason', () => {
    const r = runAction({ du: 'false', run: 'docker buildx build . ; rm -rf x' })
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/::error::run: ";" is shell syntax/)
    expect(r.outputs).toMatchObject({ builds: '0', gate: 'none' })
  })

  test('docker --config build run ... is not a build command', () => {
    const r = runAction({ du: 'false', run: 'docker --config build run --rm alpine echo hi' })
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('::error::run: ')
  })
})
