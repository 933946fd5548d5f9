// One time budget for everything the action waits on (docker's answers, the Actions cache service,
// the REST API), so that a service that accepts a connection and never answers costs the step at
// most the budget, never the job's 6 hours. Every wait takes its bound from here.

/** The seconds the `timeout` input gives when it is not set. */
export const DEFAULT_TIMEOUT_SECONDS = 60

/** Time and timers, injectable so that tests can step the clock instead of waiting. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number
  /** Must not keep the process alive by itself: whatever is waited on does that. */
  setTimer(fn: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
}

export const realClock: Clock = {
  // hrtime, not performance.now(): the global's first use loads perf_hooks, 2 ms of every start
  now: () => Number(process.hrtime.bigint()) / 1e6,
  setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimer: (handle) => {
    clearTimeout(handle as NodeJS.Timeout)
  }
}

/** What a bounded wait settles with when the budget runs out first. */
export class Timeout {
  constructor(readonly message: string) {}
}

// setTimeout takes at most 2^31-1 ms and fires at once above it
const MAX_TIMER_MS = 2 ** 31 - 1

export class Deadline {
  /** Fires when the budget is spent: pass it to fetch (octokit's `request.signal`) and to child processes. */
  readonly signal: AbortSignal
  private readonly controller = new AbortController()
  private end: number
  private timer: unknown
  private paused = 0
  private pausedAt = 0

  /** The budget; Infinity: no bound. */
  readonly seconds: number

  /** `seconds` from now (NaN or less than 0: none at all). */
  constructor(
    seconds: number,
    private readonly clock: Clock = realClock
  ) {
    this.seconds = seconds >= 0 ? seconds : 0
    this.signal = this.controller.signal
    this.end = clock.now() + this.seconds * 1000
    this.arm()
  }

  remainingMs(): number {
    if (this.signal.aborted) return 0
    return Math.max(0, this.end - (this.paused > 0 ? this.pausedAt : this.clock.now()))
  }

  expired(): boolean {
    return this.remainingMs() <= 0
  }

  /** "<what> did not answer within Ns" */
  message(what: string): string {
    return `${what} did not answer within ${this.seconds}s`
  }

  /**
   * Settles as `promise` does, or with a Timeout at the deadline, whichever comes first. What the
   * promise does after that is not awaited (the entry points exit once the report is written), and
   * a late rejection is swallowed rather than left unhandled.
   */
  bound<T>(promise: Promise<T>, what: string): Promise<T | Timeout> {
    promise.catch(() => undefined)
    if (this.signal.aborted) return Promise.resolve(new Timeout(this.message(what)))
    return new Promise<T | Timeout>((resolve, reject) => {
      const onAbort = (): void => {
        resolve(new Timeout(this.message(what)))
      }
      this.signal.addEventListener('abort', onAbort, { once: true })
      promise.then(
        (value) => {
          this.signal.removeEventListener('abort', onAbort)
          resolve(value)
        },
        (e: unknown) => {
          this.signal.removeEventListener('abort', onAbort)
          reject(e instanceof Error ? e : new Error(String(e)))
        }
      )
    })
  }

  /**
   * Runs fn with the clock stopped: run mode's build is the user's own and has no limit from us,
   * and the waits after it (du, the REST API) still get the whole budget that is left.
   */
  async outside<T>(fn: () => Promise<T>): Promise<T> {
    if (this.paused++ === 0) {
      this.pausedAt = this.clock.now()
      this.disarm()
    }
    try {
      return await fn()
    } finally {
      if (--this.paused === 0) {
        this.end += this.clock.now() - this.pausedAt
        this.arm()
      }
    }
  }

  /** Stops the timer (the CLI and tests; the action exits instead). */
  dispose(): void {
    this.disarm()
  }

  private arm(): void {
    if (this.signal.aborted || this.paused > 0 || this.seconds === Infinity) return
    const left = this.end - this.clock.now()
    if (left <= 0) {
      this.controller.abort(new Error(`the time budget of ${this.seconds}s is spent`))
      return
    }
    this.timer = this.clock.setTimer(
      () => {
        this.timer = undefined
        this.arm()
      },
      Math.min(left, MAX_TIMER_MS)
    )
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer)
    this.timer = undefined
  }
}
