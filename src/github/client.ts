import type { GitHubRequest } from './request.js'

/**
 * octokit.request from @actions/github (GITHUB_API_URL for GitHub Enterprise), loaded only
 * when the REST API is used, so that a run without a token does not pay for loading it.
 */
export async function githubRequest(token: string): Promise<GitHubRequest> {
  const { getOctokit } = await import('@actions/github')
  const octokit = getOctokit(token)
  return async (route, params) => {
    const r = await octokit.request(route, params)
    return { status: r.status, data: r.data as unknown }
  }
}

/** `owner/repo` from GITHUB_REPOSITORY. */
export function repository(env: NodeJS.ProcessEnv): { owner: string; repo: string } | undefined {
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/')
  return owner && repo && rest.length === 0 ? { owner, repo } : undefined
}
