import { getExecOutput } from '@actions/exec'
import { errorText } from '../problems.js'

export interface ExecResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface ExecOptions {
  /** Streams as it arrives; with a listener the stream is not also collected. */
  onStdout?: (chunk: Buffer) => void
  onStderr?: (chunk: Buffer) => void
  cwd?: string
  /** For quick queries (du, inspect): a daemon that does not answer must not hang the job. */
  timeoutMs?: number
}

/** Runs a program without a shell and never throws for its exit code. */
export type Exec = (command: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>

export const actionsExec: Exec = async (command, args, options = {}) => {
  const ms = options.timeoutMs
  if (ms === undefined) return execOnce(command, args, options)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<ExecResult>((resolve) => {
    timer = setTimeout(() => {
      resolve({ exitCode: 124, stdout: '', stderr: `${command} ${args.join(' ')} did not answer within ${ms / 1000}s` })
    }, ms)
    timer.unref()
  })
  try {
    return await Promise.race([execOnce(command, args, options), timeout])
  } finally {
    clearTimeout(timer)
  }
}

const execOnce: Exec = async (command, args, options = {}) => {
  const listeners: { stdout?: (b: Buffer) => void; stderr?: (b: Buffer) => void } = {}
  if (options.onStdout) listeners.stdout = options.onStdout
  if (options.onStderr) listeners.stderr = options.onStderr
  try {
    const r = await getExecOutput(command, [...args], {
      silent: true,
      ignoreReturnCode: true,
      listeners,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd })
    })
    return {
      exitCode: r.exitCode,
      stdout: options.onStdout ? '' : r.stdout,
      stderr: options.onStderr ? '' : r.stderr
    }
  } catch (e) {
    // the program could not be started (not on PATH)
    return { exitCode: 127, stdout: '', stderr: errorText(e) }
  }
}
