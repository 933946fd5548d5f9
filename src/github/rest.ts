import { Deadline } from '../deadline.js'
import { errorText } from '../problems.js'

// The REST API as the CLI's `runs` and the action's `baseline: runs` read it: JSON pages and job
// logs. GitHub's rate limits are kept to (a 403 or 429 with `retry-after`, or with
// `x-ratelimit-remaining: 0` until `x-ratelimit-reset`), every wait is bounded by the deadline,
// and a job log's redirect is followed without the token: the signed URL it points to needs none,
// and neither it nor the token is ever put in a message.

export interface RestAnswer {
  /** 0 when no answer came (`error` says why). */
  status: number
  /** JSON answers: the parsed body; undefined when it was not JSON. */
  data: unknown
  /** Text answers (job logs). */
  text?: string
  error?: string
  /** The rate limit stopped us: when GitHub lets us go on (ms since the epoch), beyond the deadline. */
  limitedUntil?: number
}

export interface RestOptions {
  token: string
  /** GITHUB_API_URL on GitHub Enterprise Server. */
  apiUrl?: string | undefined
  deadline: Deadline
  fetch?: typeof fetch
  /** Wall clock, ms since the epoch: x-ratelimit-reset is one. */
  now?: () => number
  /** Waits ms (bounded by the deadline before it is called). */
  sleep?: (ms: number) => Promise<void>
  /** Told each wait for the rate limit, to show it. */
  onWait?: (seconds: number, why: string) => void
}

const RETRIES = 3
// GitHub: "If you exceed a secondary rate limit and no header says when to retry, wait at least one minute".
const SECONDARY_WAIT_MS = 60_000

export class RestClient {
  private readonly api: string
  private readonly doFetch: typeof fetch
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>

  constructor(private readonly o: RestOptions) {
    this.api = (o.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '')
    this.doFetch = o.fetch ?? fetch
    this.now = o.now ?? Date.now
    this.sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()))
  }

  /** GET a JSON answer: `path` is below the API's root (`/repos/o/r/actions/runs`). */
  async json(path: string, query: Record<string, string | number | undefined> = {}): Promise<RestAnswer> {
    const a = await this.get(this.url(path, query), 'application/vnd.github+json', true)
    if (a.text === undefined) return a
    let data: unknown
    try {
      data = JSON.parse(a.text) as unknown
    } catch {
      data = undefined
    }
    const answer: RestAnswer = { ...a, data }
    delete answer.text
    return answer
  }

  /** GET a job's log: a 302 to a signed URL, fetched without the token. */
  async jobLog(owner: string, repo: string, jobId: string): Promise<RestAnswer> {
    const first = await this.get(this.url(`/repos/${enc(owner)}/${enc(repo)}/actions/jobs/${enc(jobId)}/logs`, {}), 'application/vnd.github+json', true, true)
    if (first.status < 300 || first.status >= 400 || first.text === undefined) return first
    // the Location, kept in text by get() for a redirect: never shown
    return this.get(first.text, 'text/plain', false)
  }

  private url(path: string, query: Record<string, string | number | undefined>): string {
    const u = new URL(this.api + path)
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') u.searchParams.set(k, String(v))
    return u.toString()
  }

  private async get(url: string, accept: string, auth: boolean, manual = false): Promise<RestAnswer> {
    const deadline = this.o.deadline
    for (let attempt = 0; ; attempt++) {
      if (deadline.expired()) return { status: 0, data: undefined, error: deadline.message('the REST API') }
      let res: Response
      try {
        const headers: Record<string, string> = { accept, 'user-agent': 'build-insights', 'x-github-api-version': '2022-11-28' }
        if (auth && this.o.token !== '') headers.authorization = `Bearer ${this.o.token}`
        res = await this.doFetch(url, { headers, redirect: manual ? 'manual' : 'follow', signal: deadline.signal })
      } catch (e) {
        // the URL may be a signed one: the error's text is enough
        return { status: 0, data: undefined, error: deadline.signal.aborted ? deadline.message('the REST API') : (errorText(e).split('\n')[0] ?? 'no answer') }
      }
      if (manual && res.status >= 300 && res.status < 400) {
        const location = res.headers.get('location')
        await res.body?.cancel()
        return location === null
          ? { status: res.status, data: undefined, error: 'a redirect without a Location' }
          : { status: res.status, data: undefined, text: location }
      }
      let wait = this.rateLimitWait(res)
      if (wait === undefined) {
        const text = await readText(res, deadline)
        if (text === undefined) return { status: 0, data: undefined, error: deadline.message('the REST API') }
        // a secondary limit's 403 says so only in its body
        if (!(res.status === 403 && /secondary rate limit|abuse detection/i.test(text))) return { status: res.status, data: undefined, text }
        wait = { ms: SECONDARY_WAIT_MS, why: 'a secondary rate limit' }
      } else {
        await res.body?.cancel()
      }
      if (attempt >= RETRIES || wait.ms > deadline.remainingMs()) return { status: res.status, data: undefined, limitedUntil: this.now() + wait.ms }
      this.o.onWait?.(Math.ceil(wait.ms / 1000), wait.why)
      await deadline.bound(this.sleep(wait.ms), 'the rate limit')
    }
  }

  /** How long GitHub asks us to wait before the same request, when it refused it for a rate limit. */
  private rateLimitWait(res: Response): { ms: number; why: string } | undefined {
    if (res.status !== 403 && res.status !== 429) return undefined
    const after = Number(res.headers.get('retry-after'))
    if (res.headers.get('retry-after') !== null && Number.isFinite(after) && after >= 0) return { ms: after * 1000, why: "GitHub's retry-after" }
    if (res.headers.get('x-ratelimit-remaining') === '0') {
      const reset = Number(res.headers.get('x-ratelimit-reset'))
      if (Number.isFinite(reset)) return { ms: Math.max(1000, reset * 1000 - this.now() + 1000), why: 'the rate limit resets' }
    }
    // a 429 is always a limit, and says when to retry only in retry-after
    return res.status === 429 ? { ms: SECONDARY_WAIT_MS, why: 'a secondary rate limit' } : undefined
  }
}

const enc = encodeURIComponent

async function readText(res: Response, deadline: Deadline): Promise<string | undefined> {
  try {
    return await res.text()
  } catch {
    return deadline.signal.aborted ? undefined : ''
  }
}
