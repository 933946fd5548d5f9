import { describe, expect, test } from 'vitest'
import { Deadline, Timeout, type Clock } from '../src/deadline.js'

/** A clock that moves only when told to, firing what falls due. */
function fakeClock(): Clock & { advance(ms: number): void; pending(): number } {
  let now = 0
  let next = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => now,
    setTimer: (fn, ms) => {
      timers.set(++next, { at: now + ms, fn })
      return next
    },
    clearTimer: (h) => {
      timers.delete(h as number)
    },
    advance(ms) {
      const until = now + ms
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
        if (due === undefined) break
        timers.delete(due[0])
        now = due[1].at
        due[1].fn()
      }
      now = until
    },
    pending: () => timers.size
  }
}

const never = new Promise<never>(() => undefined)

describe('Deadline', () => {
  test('remaining time, expiry and the signal follow the clock', () => {
    const clock = fakeClock()
    const d = new Deadline(3, clock)
    expect(d.remainingMs()).toBe(3000)
    clock.advance(2000)
    expect(d.remainingMs()).toBe(1000)
    expect(d.signal.aborted).toBe(false)
    clock.advance(1000)
    expect(d.expired()).toBe(true)
    expect(d.signal.aborted).toBe(true)
    expect(clock.pending()).toBe(0)
  })

  test('bound: the value when it comes first, a Timeout naming what did not answer otherwise', async () => {
    const clock = fakeClock()
    const d = new Deadline(3, clock)
    expect(await d.bound(Promise.resolve(7), 'x')).toBe(7)
    const waiting = d.bound(never, 'the Actions cache service')
    clock.advance(3000)
    const r = await waiting
    expect(r).toBeInstanceOf(Timeout)
    expect(r.message).toBe('the Actions cache service did not answer within 3s')
    // spent: at once, without waiting
    expect(await d.bound(never, 'docker')).toEqual(new Timeout('docker did not answer within 3s'))
  })

  test('bound passes a rejection through, and swallows one that comes after the timeout', async () => {
    const clock = fakeClock()
    const d = new Deadline(1, clock)
    await expect(d.bound(Promise.reject(new Error('refused')), 'x')).rejects.toThrow('refused')
    let fail: (e: Error) => void = () => undefined
    const late = d.bound(
      new Promise<never>((_, reject) => {
        fail = reject
      }),
      'y'
    )
    clock.advance(1000)
    expect(await late).toBeInstanceOf(Timeout)
    fail(new Error('too late')) // an unhandled rejection here would fail the run
    await new Promise((r) => setTimeout(r, 10))
  })

  test('outside stops the clock: the build is not taken from the budget', async () => {
    const clock = fakeClock()
    const d = new Deadline(3, clock)
    clock.advance(1000)
    const waiting = d.bound(never, 'the baseline')
    await d.outside(() => {
      clock.advance(600_000)
      return Promise.resolve()
    })
    expect(d.remainingMs()).toBe(2000)
    expect(d.signal.aborted).toBe(false)
    clock.advance(2000)
    expect(d.signal.aborted).toBe(true)
    expect(await waiting).toBeInstanceOf(Timeout)
  })

  test('Infinity never fires; NaN or a negative budget is spent at once', () => {
    const clock = fakeClock()
    const forever = new Deadline(Infinity, clock)
    clock.advance(1e12)
    expect(forever.expired()).toBe(false)
    expect(clock.pending()).toBe(0)
    expect(new Deadline(Number.NaN, clock).signal.aborted).toBe(true)
    expect(new Deadline(-1, clock).expired()).toBe(true)
  })

  test('the real clock: a short budget fires on time', async () => {
    const d = new Deadline(0.05)
    const started = Date.now()
    expect(await d.bound(never, 'z')).toBeInstanceOf(Timeout)
    expect(Date.now() - started).toBeGreaterThanOrEqual(40)
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
