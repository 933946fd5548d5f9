import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Problem, Severity } from '../src/problems.js'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'buildkit')

export function fixture(rel: string): string {
  return join(FIXTURES, rel)
}

export interface Expected {
  builds: number
  steps: number
  cached: number
  exitCode: number
}

/** Counts taken from each captured log independently of the parsers (see test/fixtures/README.md). */
export function expectedCounts(): Record<string, Expected> {
  return JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expected>
}

/** The messages of the problems of one severity, in order: how a test reads what the log would tell. */
export function messages(problems: readonly Problem[], severity: Severity): string[] {
  return problems.filter((p) => p.severity === severity).map((p) => p.message)
}

/** The message of a result's problem when it is a notice. */
export function noticeOf(r: object): string | undefined {
  const p = problemOf(r)
  return p?.severity === 'notice' ? p.message : undefined
}

/** The message of a result's problem when it is a warning. */
export function warningOf(r: object): string | undefined {
  const p = problemOf(r)
  return p?.severity === 'warning' ? p.message : undefined
}

function problemOf(r: object): Problem | undefined {
  return 'problem' in r ? (r.problem as Problem | undefined) : undefined
}

/** A result whose problem is read back as its message under its severity (`notice: '…'`), to compare it whole. */
export function asMessage(r: object): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(r)) {
    if (k !== 'problem') out[k] = v
    else if (v !== undefined) out[(v as Problem).severity] = (v as Problem).message
  }
  return out
}
