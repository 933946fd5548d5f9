import { realpathSync, statSync } from 'node:fs'
import { isAbsolute, join, normalize, relative, sep } from 'node:path'
import { notice, type Problem } from '../problems.js'

/** The runner's variables that name the workflow file of the job. */
export interface WorkflowEnv {
  /** `owner/repo/.github/workflows/ci.yml@refs/heads/main`. */
  GITHUB_WORKFLOW_REF?: string | undefined
  /** Where actions/checkout puts the repository. */
  GITHUB_WORKSPACE?: string | undefined
  /** `owner/repo`: the repository whose checkout the workspace holds. */
  GITHUB_REPOSITORY?: string | undefined
}

export interface WorkflowRef {
  /** `owner/repo`. */
  repository: string
  /** `.github/workflows/ci.yml`, relative to the repository's root. */
  path: string
  /** `refs/heads/main`, `refs/pull/7/merge`, a tag or a SHA. */
  ref: string
}

/** What the file system says of a path, through its symlinks; undefined when it cannot be read. */
export interface PathInfo {
  realPath: string
  regularFile: boolean
}

export type WorkflowPath = { path: string; relative: string } | { problem: Problem }

/** `owner/repo/.github/workflows/ci.yml@refs/heads/main` in its parts; undefined when it is not of that shape. */
export function parseWorkflowRef(value: string): WorkflowRef | undefined {
  const m = /^([^/@\s]+\/[^/@\s]+)\/(\.github\/workflows\/[^@]+\.ya?ml)@(.+)$/.exec(value.trim())
  if (m === null) return undefined
  const [, repository = '', path = '', ref = ''] = m
  return { repository, path, ref }
}

/**
 * The workflow file running this job, in the workspace: only when the workflow is of the
 * repository checked out there, the path stays inside the workspace (symlinks followed, by
 * `info`), and it is a regular file, so a FIFO or a link out of the checkout is never read.
 * In a reusable workflow GITHUB_WORKFLOW_REF names the caller's file, and the steps run are not in it.
 */
export function workflowPath(env: WorkflowEnv, info: (path: string) => PathInfo | undefined): WorkflowPath {
  const none = (why: string): WorkflowPath => ({ problem: notice('workflow-file-unknown', `The workflow file is not read: ${why}.`) })
  const value = env.GITHUB_WORKFLOW_REF ?? ''
  const workspace = env.GITHUB_WORKSPACE ?? ''
  if (value === '') return none('GITHUB_WORKFLOW_REF is not set')
  if (workspace === '' || !isAbsolute(workspace)) return none('GITHUB_WORKSPACE is not an absolute path')
  const ref = parseWorkflowRef(value)
  if (ref === undefined) return none(`GITHUB_WORKFLOW_REF "${value}" does not name a file under .github/workflows`)
  const repository = env.GITHUB_REPOSITORY ?? ''
  if (repository !== '' && repository.toLowerCase() !== ref.repository.toLowerCase())
    return none(`the workflow is of ${ref.repository}, and the workspace holds ${repository}`)
  const rel = normalize(ref.path)
  if (rel.startsWith('..') || isAbsolute(rel)) return none(`${ref.path} is outside the workspace`)
  const path = join(workspace, rel)
  const file = info(path)
  const root = info(workspace)
  if (file === undefined || root === undefined) return none(`${rel} is not in the workspace (is the repository checked out?)`)
  const inside = relative(root.realPath, file.realPath)
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return none(`${rel} leads outside the workspace`)
  if (!file.regularFile) return none(`${rel} is not a regular file`)
  return { path, relative: rel }
}

/** PathInfo from the file system: realpath and stat, which neither open nor block on a FIFO. */
export function pathInfo(path: string): PathInfo | undefined {
  try {
    const realPath = realpathSync(path)
    return { realPath, regularFile: statSync(realPath).isFile() }
  } catch {
    return undefined
  }
}
