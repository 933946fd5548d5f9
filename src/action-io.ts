import * as core from '@actions/core'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/** What the action does to the runner, behind one seam: tests pass an in-memory one. */
export interface ActionIO {
  getInput(name: string): string
  setOutput(name: string, value: string): void
  /** Appends markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>
  writeFile(path: string, text: string): Promise<void>
  info(message: string): void
  warning(message: string, file?: string): void
  /** Fails the step; only a threshold the user set gets here. */
  setFailed(message: string): void
  now(): Date
}

export function runnerIO(): ActionIO {
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => { core.setOutput(name, value) },
    appendSummary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write()
    },
    writeFile: async (path, text) => {
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, text)
    },
    info: (message) => { core.info(message) },
    warning: (message, file) => { core.warning(message, file === undefined ? {} : { file }) },
    setFailed: (message) => { core.setFailed(message) },
    now: () => new Date()
  }
}
