import { NoAnswer, type GitHubRequest } from './request.js'
import { Deadline, DEFAULT_TIMEOUT_SECONDS } from '../deadline.js'
import { shareStdout } from '../stdout.js'

/**
 * octokit.request from @actions/github (GITHUB_API_URL for GitHub Enterprise), loaded only
 * when the REST API is used, so that a run without a token does not pay for loading it. Each
 * request carries the deadline's signal: undici's own timeouts are 300 s per request, and a
 * server that accepts the connection and never answers would otherwise hold the step that long.
 */
export async function githubRequest(token: string, deadline = new Deadline(DEFAULT_TIMEOUT_SECONDS)): Promise<GitHubRequest> {
  const { getOctokit } = await import('@actions/github')
  shareStdout()
  const octokit = getOctokit(token)
  const late = () => new NoAnswer(deadline.message('the REST API'))
  return async (route, params) => {
    if (deadline.expired()) throw late()
    try {
      const r = await octokit.request(route, { ...params, request: { signal: deadline.signal } })
      return { status: r.status, data: r.data as unknown }
    } catch (e) {
      // octokit gives an aborted fetch status 500: it is no answer, not GitHub's
      if (deadline.signal.aborted) throw late()
      throw e
    }
  }
}

/**
 * A request whose client is made on its first use: making it loads octokit (about 50 ms), which
 * run mode would otherwise spend before the build starts, though every REST call comes after the
 * build starts. A client that cannot be made fails each request, as an API that does not answer.
 */
export function lazyRequest(make: () => Promise<GitHubRequest>): GitHubRequest {
  let made: Promise<GitHubRequest> | undefined
  return async (route, params) => {
    made ??= make()
    return (await made)(route, params)
  }
}

/** `owner/repo` from GITHUB_REPOSITORY. */
export function repository(env: NodeJS.ProcessEnv): { owner: string; repo: string } | undefined {
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/')
  return owner && repo && rest.length === 0 ? { owner, repo } : undefined
}
