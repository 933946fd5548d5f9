import * as core from './runner-commands.js'
import { writeOut } from './stdout.js'
import { readFileSync } from 'node:fs'
import { mkdirs } from './fs-async.js'
import { cpus } from 'node:os'
import { dirname } from 'node:path'
import type { GitHubRequest } from './github/request.js'
import { githubRequest } from './github/client.js'
import { writeRegularFile } from './regular-file.js'
import { eventRepository as repositoryOf } from './github/event.js'
import type { Deadline } from './deadline.js'
import { describeProblem, type Problem } from './problems.js'

/** What the action does to the runner, behind one seam: tests pass an in-memory one. */
export interface ActionIO {
  getInput(name: string): string
  /** Saved by the `pre` entry point (GITHUB_STATE), read back here. */
  getState(name: string): string
  saveState(name: string, value: string): void
  /** Masks a value in the job log from here on. */
  setSecret(value: string): void
  debug(message: string): void
  setOutput(name: string, value: string): void
  /** Appends markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>
  writeFile(path: string, text: string): Promise<void>
  /** Writes text that comes in pieces (a report of any size), never joined into one string. */
  writeFilePieces?(path: string, pieces: Iterable<string>): Promise<void>
  info(message: string): void
  /** A warning; with `at`, an annotation on that file and line. */
  warning(message: string, at?: Place): void
  notice(message: string, at?: Place): void
  /** Fails the step: a threshold the user set, or the user's own build failing in run mode. */
  setFailed(message: string): void
  /**
   * Runs fn inside a collapsed group of the job log with workflow commands stopped, so that a
   * build's output (`::error::`, `##[`) is printed and never obeyed; `line` writes one line there.
   */
  group<T>(title: string, fn: (line: (text: string) => void) => Promise<T>): Promise<T>
  now(): Date
  /** What the runner gives, read once by the entry point: the environment, the working directory, the CPU count, the event. */
  env: NodeJS.ProcessEnv
  cwd: string
  cpus: number
  /** The `repository` object of the event payload (GITHUB_EVENT_PATH), when there is one. */
  eventRepository: Record<string, unknown> | undefined
  /** The REST API as the token allows, each request bounded by the deadline. */
  githubRequest(token: string, deadline?: Deadline): Promise<GitHubRequest>
}

/** Where an annotation shows: a file of the repository, its line, and a title. */
export interface Place {
  file: string
  line?: number | undefined
  title?: string | undefined
}

function properties(at: Place | undefined): core.AnnotationProperties {
  if (!at) return {}
  const p: core.AnnotationProperties = { file: at.file }
  if (at.line !== undefined) p.startLine = at.line
  if (at.title !== undefined) p.title = at.title
  return p
}

/** Problems of one kind told in the job log; one line counts the rest (a glob can match thousands of files that hold no build). */
export const TOLD_PER_KIND = 10

/**
 * Each problem in the job log as its severity says: a notice, or a warning on its file when it
 * has one; past TOLD_PER_KIND of a kind, one line that counts them. The JSON report has them all.
 */
export function tell(io: Pick<ActionIO, 'warning' | 'notice'>, problems: readonly Problem[]): void {
  const kinds = new Map<Problem['code'], { count: number; severity: Problem['severity'] }>()
  for (const p of problems) {
    const kind = kinds.get(p.code) ?? { count: 0, severity: p.severity }
    kinds.set(p.code, kind)
    if (++kind.count > TOLD_PER_KIND) continue
    if (p.severity === 'notice') io.notice(describeProblem(p))
    // a byte offset (rawjson) is no line to annotate
    else io.warning(describeProblem(p), p.file === undefined ? undefined : { file: p.file })
  }
  for (const [code, kind] of kinds) {
    if (kind.count <= TOLD_PER_KIND) continue
    const more = `… and ${kind.count - TOLD_PER_KIND} more problems like these (${code}); the JSON report has them all`
    if (kind.severity === 'notice') io.notice(more)
    else io.warning(more)
  }
}

/** A file written whole, its folder made first; a FIFO as report-file would wait for a reader forever, so only a regular file is written. */
async function writeFileThere(path: string, text: string | Iterable<string>): Promise<void> {
  await mkdirs(dirname(path))
  const written = await writeRegularFile(path, text)
  if (!written.ok) throw new Error(written.message)
}

export function runnerIO(): ActionIO {
  return {
    getInput: (name) => core.getInput(name),
    getState: (name) => core.getState(name),
    saveState: (name, value) => {
      core.saveState(name, value)
    },
    setSecret: (value) => {
      core.setSecret(value)
    },
    debug: (message) => {
      core.debug(message)
    },
    setOutput: (name, value) => {
      core.setOutput(name, value)
    },
    appendSummary: async (markdown) => {
      await core.appendSummary(markdown)
    },
    writeFile: writeFileThere,
    writeFilePieces: writeFileThere,
    info: (message) => {
      core.info(message)
    },
    warning: (message, at) => {
      core.warning(message, properties(at))
    },
    notice: (message, at) => {
      core.notice(message, properties(at))
    },
    setFailed: (message) => {
      core.setFailed(message)
    },
    group: async (title, fn) => {
      // the token that turns commands back on must not be guessable by the text printed in between: crypto's, loaded when a group is printed
      const { randomUUID } = await import('node:crypto')
      core.startGroup(title)
      const token = randomUUID()
      writeOut(`::stop-commands::${token}\n`)
      try {
        return await fn((text) => {
          writeOut(`${text}\n`)
        })
      } finally {
        writeOut(`::${token}::\n`)
        core.endGroup()
      }
    },
    now: () => new Date(),
    env: process.env,
    cwd: process.cwd(),
    cpus: cpus().length,
    eventRepository: eventRepository(process.env.GITHUB_EVENT_PATH),
    githubRequest
  }
}

function eventRepository(path: string | undefined): Record<string, unknown> | undefined {
  if (path === undefined || path === '') return undefined
  try {
    return repositoryOf(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}
