import type { ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'
import { errorText } from '../problems.js'
import { shareStdout } from '../stdout.js'

export interface ExecResult {
  exitCode: number
  stdout: string
  stderr: string
  /** Killed because the signal fired: the program did not answer in time. */
  timedOut?: boolean
}

export interface ExecOptions {
  /** Streams as it arrives; with a listener the stream is not also collected. */
  onStdout?: (chunk: Buffer) => void
  onStderr?: (chunk: Buffer) => void
  cwd?: string
  /**
   * The deadline's signal: when it fires, the program is killed (SIGTERM, SIGKILL after a short
   * grace) and the call settles with `timedOut`. Without one the call waits as long as the program
   * runs: only run mode's build, which is the user's own.
   */
  signal?: AbortSignal
}

/** Runs a program without a shell and never throws for its exit code. */
export type Exec = (command: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>

/** SIGTERM, then SIGKILL this long after; then the call gives up on the process's exit. */
export const KILL_GRACE_MS = 1000
/** The exit code a timed-out call reports, as coreutils' timeout does. */
export const TIMED_OUT = 124

export const actionsExec: Exec = (command, args, options = {}) =>
  options.signal === undefined ? execUnbounded(command, args, options) : execBounded(command, args, options, options.signal)

const execUnbounded: Exec = async (command, args, options = {}) => {
  const listeners: { stdout?: (b: Buffer) => void; stderr?: (b: Buffer) => void } = {}
  if (options.onStdout) listeners.stdout = options.onStdout
  if (options.onStderr) listeners.stderr = options.onStderr
  try {
    // loaded when a program is run: a run over log files starts without it
    const { getExecOutput } = await import('@actions/exec')
    shareStdout()
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

/**
 * node:child_process rather than @actions/exec, which does not hand out the child: a timed-out
 * docker must be killed, or it keeps the event loop (and the step) alive. On POSIX the program
 * gets its own process group so that the kill reaches what it started (docker runs buildx as a
 * plugin process).
 */
function execBounded(command: string, args: readonly string[], options: ExecOptions, signal: AbortSignal): Promise<ExecResult> {
  if (signal.aborted) return Promise.resolve({ exitCode: TIMED_OUT, stdout: '', stderr: `${command} was not run: no time left`, timedOut: true })
  const posix = process.platform !== 'win32'
  return new Promise((resolve) => {
    const out: Buffer[] = []
    const err: Buffer[] = []
    let settled = false
    let timedOut = false
    let exitedBy: NodeJS.Signals | null = null
    const timers: NodeJS.Timeout[] = []
    let child: ChildProcessByStdio<null, Readable, Readable>
    try {
      // loaded when a command runs: most runs read logs only
      child = process.getBuiltinModule('node:child_process').spawn(command, [...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
        detached: posix,
        ...(options.cwd === undefined ? {} : { cwd: options.cwd })
      })
    } catch (e) {
      // an argument node refuses (a NUL byte)
      resolve({ exitCode: 127, stdout: '', stderr: errorText(e) })
      return
    }
    const kill = (sig: NodeJS.Signals): void => {
      try {
        if (posix && child.pid !== undefined) process.kill(-child.pid, sig)
        else child.kill(sig)
      } catch {
        // gone already
      }
    }
    const finish = (r: ExecResult): void => {
      if (settled) return
      settled = true
      signal.removeEventListener('abort', onAbort)
      for (const t of timers) clearTimeout(t)
      // a grandchild may still hold the pipes: let go of them, and of the child, so nothing keeps node alive
      child.stdout.destroy()
      child.stderr.destroy()
      child.unref()
      resolve(r)
    }
    const onAbort = (): void => {
      timedOut = true
      kill('SIGTERM')
      timers.push(
        setTimeout(() => {
          kill('SIGKILL')
        }, KILL_GRACE_MS),
        // a process that even SIGKILL does not end at once (uninterruptible sleep): stop waiting for it
        setTimeout(() => {
          finish({ exitCode: TIMED_OUT, stdout: text(out), stderr: text(err), timedOut: true })
        }, 2 * KILL_GRACE_MS)
      )
    }
    signal.addEventListener('abort', onAbort, { once: true })
    child.stdout.on('data', (b: Buffer) => {
      if (options.onStdout) options.onStdout(b)
      else out.push(b)
    })
    child.stderr.on('data', (b: Buffer) => {
      if (options.onStderr) options.onStderr(b)
      else err.push(b)
    })
    // not on PATH, not executable
    child.on('error', (e) => {
      finish({ exitCode: 127, stdout: '', stderr: errorText(e) })
    })
    // killed: as soon as it has exited, whoever still holds its pipes
    child.on('exit', (code, sig) => {
      if (timedOut) finish({ exitCode: TIMED_OUT, stdout: text(out), stderr: text(err), timedOut: true })
      else if (code === null) exitedBy = sig
    })
    // otherwise once its output is all read
    child.on('close', (code) => {
      if (timedOut) finish({ exitCode: TIMED_OUT, stdout: text(out), stderr: text(err), timedOut: true })
      else finish({ exitCode: code ?? 128, stdout: text(out), stderr: exitedBy === null ? text(err) : `${text(err)}killed by ${exitedBy}` })
    })
  })
}

const text = (chunks: Buffer[]): string => Buffer.concat(chunks).toString('utf8')
