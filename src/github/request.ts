import { isRecord } from '../json.js'
import { errorText, type ProblemCode } from '../problems.js'

/** The one way this action calls the REST API: octokit.request in the action, a fake in tests. */
export type GitHubRequest = (route: string, params: Record<string, string | number>) => Promise<{ status: number; data: unknown }>

/** An answer or a failure as data: status 0 when no answer came. */
export interface Answer {
  status: number
  data: unknown
  error?: string
  /** No answer within the deadline (status 0): the token is not the likely cause. */
  timedOut?: boolean
}

/** What a request function throws when the deadline passed first: "the REST API did not answer within Ns". */
export class NoAnswer extends Error {
  override name = 'NoAnswer'
}

/** Never throws: octokit.request throws a RequestError for a non-2xx answer, whose status and body still count. */
export async function call(request: GitHubRequest, route: string, params: Record<string, string | number>): Promise<Answer> {
  try {
    return await request(route, params)
  } catch (e) {
    if (e instanceof NoAnswer) return { status: 0, data: undefined, error: e.message, timedOut: true }
    if (isRecord(e) && typeof e.status === 'number') return { status: e.status, data: isRecord(e.response) ? e.response.data : undefined }
    return { status: 0, data: undefined, error: errorText(e) }
  }
}

export const ok = (a: Answer): boolean => a.status >= 200 && a.status < 300

/** Why an answer cannot be used, for a notice. */
export const why = (a: Answer): string =>
  a.timedOut === true
    ? (a.error ?? 'the REST API did not answer in time')
    : a.status === 0
      ? `the request failed (${a.error ?? 'no answer'})`
      : ok(a)
        ? 'the answer has unexpected fields'
        : `GitHub answered HTTP ${a.status}`

/** The likeliest cause of a refusal (401, 403, 404) is the job's token: say what it needs. */
export const refused = (a: Answer): boolean => a.status === 401 || a.status === 403 || a.status === 404

/** What `why` says, as a problem's code: no answer in time, no answer, a refusal, another error, unexpected fields. */
export function answerCode(a: Answer): ProblemCode {
  if (a.timedOut === true) return 'service-timeout'
  if (a.status === 0) return 'service-failed'
  if (ok(a)) return 'api-unexpected'
  return refused(a) ? 'api-refused' : 'api-error'
}

export const TOKEN_HINT = ' The token needs the `actions: read` permission (job `permissions: actions: read`).'
