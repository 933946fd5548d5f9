import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Problem, Severity } from '../src/problems.js'
import type { ActionIO, Place } from '../src/action-io.js'
import type { Exec } from '../src/docker/exec.js'
import type { GitHubRequest } from '../src/github/request.js'

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

/** The action's IO in memory: what it set, said, wrote and annotated. */
export const noDocker: Exec = () => Promise.resolve({ exitCode: 127, stdout: '', stderr: 'docker: not found' })

export function memoryIO(inputs: Record<string, string>, overrides: Partial<ActionIO> = {}) {
  const outputs: Record<string, string> = {}
  const warnings: string[] = []
  const notices: string[] = []
  const failed: string[] = []
  const summary: string[] = []
  const files: Record<string, string> = {}
  const annotations: ({ level: 'warning' | 'notice' } & Place)[] = []
  const io: ActionIO = {
    getInput: (n) => inputs[n] ?? '',
    getState: () => '',
    saveState: () => undefined,
    setSecret: () => undefined,
    debug: () => undefined,
    notice: (m, at) => {
      notices.push(m)
      if (at) annotations.push({ level: 'notice', ...at })
    },
    githubRequest: () => Promise.resolve(() => Promise.reject(new Error('no network in tests'))),
    group: (_title, fn) => fn(() => undefined),
    env: { RUNNER_TEMP: '/tmp' },
    cwd: process.cwd(),
    cpus: 2,
    eventRepository: undefined,
    setOutput: (n, v) => {
      outputs[n] = v
    },
    appendSummary: (md) => {
      summary.push(md)
      return Promise.resolve()
    },
    writeFile: (p, t) => {
      files[p] = t
      return Promise.resolve()
    },
    info: () => undefined,
    warning: (m, at) => {
      warnings.push(m)
      if (at) annotations.push({ level: 'warning', ...at })
    },
    setFailed: (m) => {
      failed.push(m)
    },
    now: () => new Date('2026-11-28T12:00:00Z'),
    ...overrides
  }
  return { io, outputs, warnings, notices, failed, summary, files, annotations }
}

/**
 * Requests held back and answered a round trip at a time: what `settle` resolves to is each round
 * trip's requests (route, then the list's key and page), so a test sees which requests go out
 * together and which wait for an answer.
 */
export function roundTrips(request: GitHubRequest): { request: GitHubRequest; settle: <T>(work: Promise<T>) => Promise<{ value: T; trips: string[][] }> } {
  let held: (() => void)[] = []
  let sent: string[] = []
  const heldRequest: GitHubRequest = (route, params) => {
    sent.push([route, params.key, params.page].filter((x) => x !== undefined).join(' '))
    return new Promise((resolve, reject) => {
      held.push(() => {
        request(route, params).then(resolve, reject)
      })
    })
  }
  const settle = async <T>(work: Promise<T>) => {
    const state = { done: false }
    const result = work.finally(() => {
      state.done = true
    })
    const trips: string[][] = []
    for (;;) {
      // every request this trip's answers lead to is sent before the next trip is answered
      await new Promise((resolve) => setImmediate(resolve))
      if (state.done || held.length === 0) break
      trips.push(sent)
      const now = held
      held = []
      sent = []
      for (const answer of now) answer()
    }
    return { value: await result, trips }
  }
  return { request: heldRequest, settle }
}
