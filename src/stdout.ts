import { writeSync } from 'node:fs'

// The job log, written to fd 1 directly on Linux: process.stdout's first use builds a stream (net,
// a pipe handle) and exiting flushed it and stderr, a tenth of a small run. Node writes pipes and
// files synchronously on Linux anyway, so the order of lines is the same. Elsewhere (a pipe is
// written asynchronously on macOS and Windows), and once fd 1 refuses a write (a non-blocking pipe
// that is full), the stream is used, and flushed at exit.
let stream = process.platform !== 'linux'

/** Writes text to the job log (standard output). */
export function writeOut(text: string): void {
  if (!stream) {
    const bytes = Buffer.from(text)
    let at = 0
    try {
      while (at < bytes.length) at += writeSync(1, bytes, at)
      return
    } catch {
      // EAGAIN, or anything else: the stream takes over from where the write stopped, and says what went wrong its own way
      stream = true
      process.stdout.write(bytes.subarray(at))
      return
    }
  }
  process.stdout.write(text)
}

/**
 * A package that writes to process.stdout itself is loaded (@actions/core's debug lines, inside
 * @actions/cache, /glob, /exec and /github): its stream makes fd 1 non-blocking and may hold
 * writes back, so from now on the job log goes through that stream too, in order, and it is
 * flushed at exit.
 */
export function shareStdout(): void {
  stream = true
}

/** Whether process.stdout carries the job log, and must be flushed before the process exits. */
export function stdoutStream(): boolean {
  return stream
}
