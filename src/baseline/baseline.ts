import type { BaselineStore } from './store.js'
import { fileStore } from './file-store.js'
import type { Deadline } from '../deadline.js'
import { shareStdout } from '../stdout.js'

export type SavePolicy = 'auto' | 'always' | 'never'

export interface BaselineOptions {
  baselineFile: string
  savePolicy: SavePolicy
  /** Tells apart several build-insights steps of one job. */
  name: string
  runnerTemp: string
  cwd: string
  /** Bounds the Actions cache service's answers. */
  deadline?: Deadline
}

/**
 * Loads the Actions cache's client when chooseStore will want it, without using it: its module
 * takes tens of ms to evaluate, which run mode spends while the build runs. Using it is left for
 * after the build: it writes workflow commands (masks, debug lines, warnings) to the job log, and
 * the runner ignores those while run mode's group keeps the build's output from being read as any.
 */
export function preloadStore(options: BaselineOptions, env: NodeJS.ProcessEnv): void {
  if (options.baselineFile !== '' || env.GITHUB_RUN_ID === undefined) return
  import('./actions-cache-store.js').catch(() => undefined)
}

/**
 * The file when one is named; else the Actions cache on GitHub (loaded only then: @actions/cache
 * is large, and a local run has no cache service); else none.
 */
export async function chooseStore(options: BaselineOptions, env: NodeJS.ProcessEnv): Promise<{ store?: BaselineStore; where: string }> {
  if (options.baselineFile !== '') return { store: fileStore(options.baselineFile, options.cwd), where: options.baselineFile }
  if (env.GITHUB_RUN_ID === undefined) return { where: 'not on GitHub Actions, and no baseline-file' }
  const { actionsCacheStore, baselineDir } = await import('./actions-cache-store.js')
  shareStdout()
  const parts = {
    workflow: env.GITHUB_WORKFLOW ?? 'workflow',
    job: env.GITHUB_JOB ?? 'job',
    name: options.name,
    runId: env.GITHUB_RUN_ID,
    attempt: env.GITHUB_RUN_ATTEMPT ?? '1'
  }
  return { store: actionsCacheStore(parts, baselineDir(options.runnerTemp), undefined, options.deadline), where: 'the Actions cache' }
}

/** `auto` saves on pushes to the default branch only, so that a pull request never becomes the baseline. */
export function shouldSave(policy: SavePolicy, env: NodeJS.ProcessEnv, eventRepository: Record<string, unknown> | undefined): { save: boolean; why: string } {
  if (policy === 'always') return { save: true, why: 'save-baseline: always' }
  if (policy === 'never') return { save: false, why: 'save-baseline: never' }
  const branch = defaultBranch(eventRepository)
  if (env.GITHUB_EVENT_NAME !== 'push') return { save: false, why: `a ${env.GITHUB_EVENT_NAME ?? 'local'} run, not a push` }
  if (branch === undefined) return { save: false, why: 'the default branch is unknown (no repository in the event payload)' }
  return env.GITHUB_REF === `refs/heads/${branch}`
    ? { save: true, why: `a push to the default branch ${branch}` }
    : { save: false, why: `a push to ${env.GITHUB_REF ?? '?'}, not to the default branch ${branch}` }
}

/** `repository.default_branch` of the event payload. */
export function defaultBranch(eventRepository: Record<string, unknown> | undefined): string | undefined {
  const branch = eventRepository?.default_branch
  return typeof branch === 'string' && branch !== '' ? branch : undefined
}
