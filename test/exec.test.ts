import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { actionsExec, KILL_GRACE_MS, TIMED_OUT, type Exec } from '../src/docker/exec.js'
import { Buildx } from '../src/docker/buildx.js'
import { Deadline } from '../src/deadline.js'

// Real processes (sh, sleep): what is under test is that a program that does not answer is killed,
// with whatever it started, and that nothing of it is left for node to wait on.

/** Gone, or a zombie waiting for init to reap it: not running either way. */
function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return false
  }
}

describe.skipIf(process.platform === 'win32')('actionsExec with a signal (bounded)', () => {
  test('output and exit code as the program gave them', async () => {
    const r = await actionsExec('sh', ['-c', 'echo out; echo err >&2; exit 3'], { signal: AbortSignal.timeout(5000) })
    expect(r).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' })
  })

  test('streamed to a listener, not also collected', async () => {
    const chunks: string[] = []
    const r = await actionsExec('sh', ['-c', 'echo progress >&2'], { signal: AbortSignal.timeout(5000), onStderr: (b) => chunks.push(b.toString()) })
    expect(chunks.join('')).toBe('progress\n')
    expect(r.stderr).toBe('')
  })

  test('not on PATH: 127, never a throw', async () => {
    const r = await actionsExec('no-such-program-here', [], { signal: AbortSignal.timeout(5000) })
    expect(r.exitCode).toBe(127)
    expect(r.stderr).toContain('ENOENT')
  })

  test('a program that does not answer is killed when the signal fires, with the process it started', async () => {
    const started = Date.now()
    let pid = 0
    const r = await actionsExec('sh', ['-c', 'sleep 30 & echo $!; wait'], {
      signal: AbortSignal.timeout(300),
      onStdout: (b) => (pid = Number(b.toString().trim()))
    })
    expect(r).toMatchObject({ exitCode: TIMED_OUT, timedOut: true })
    expect(Date.now() - started).toBeLessThan(300 + KILL_GRACE_MS)
    expect(pid).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(running(pid)).toBe(false)
  })

  test('one that ignores SIGTERM gets SIGKILL after the grace', async () => {
    const started = Date.now()
    const r = await actionsExec('sh', ['-c', "trap '' TERM; exec sleep 30"], { signal: AbortSignal.timeout(200) })
    expect(r.timedOut).toBe(true)
    const took = Date.now() - started
    expect(took).toBeGreaterThanOrEqual(200 + KILL_GRACE_MS - 50)
    expect(took).toBeLessThan(200 + 2 * KILL_GRACE_MS)
  })

  test('a signal already fired: not started at all', async () => {
    const r = await actionsExec('sh', ['-c', 'touch /nonexistent/never'], { signal: AbortSignal.abort() })
    expect(r).toMatchObject({ exitCode: TIMED_OUT, timedOut: true })
  })
})

describe('Buildx under a deadline', () => {
  test("every call passes the deadline's signal, and a timed-out call says what did not answer within the budget", async () => {
    const deadline = new Deadline(3)
    const signals: (AbortSignal | undefined)[] = []
    const hung: Exec = (_cmd, _args, options) => {
      signals.push(options?.signal)
      return Promise.resolve({ exitCode: TIMED_OUT, stdout: '', stderr: '', timedOut: true })
    }
    const b = new Buildx(hung, undefined, deadline)
    expect(await b.du()).toEqual({ ok: false, message: 'docker buildx du did not answer within 3s' })
    expect(await b.checkHistory()).toEqual({ ok: false, message: 'docker buildx version did not answer within 3s' })
    expect(await b.logs('abcdefghijklmnopqrstuvwxy', 'x')).toEqual({
      ok: false,
      message: 'docker buildx history logs abcdefghijklmnopqrstuvwxy did not answer within 3s'
    })
    expect(signals).toEqual([deadline.signal, deadline.signal, deadline.signal])
    deadline.dispose()
  })
})
