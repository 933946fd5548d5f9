import { tell, type ActionIO } from '../action-io.js'
import { errorText, warning } from '../problems.js'
import type { Report } from '../report/report.js'
import { chooseStore, shouldSave, type BaselineOptions, type SavePolicy } from './baseline.js'
import { appendEntry, toEntry, type BaselineEntry } from './entry.js'
import type { BaselineStore, StoreResult } from './store.js'
import type { Clients } from '../sources/source.js'
import { defaultBranch } from './baseline.js'

export interface LoadedWindow {
  store: BaselineStore | undefined
  /** Where the window came from, for the log: a file, the Actions cache, or why there is none. */
  where: string
  loaded: StoreResult | undefined
}

/** Started before the builds and awaited after: it settles, never rejects, so nothing is unhandled meanwhile. */
export async function loadWindow(options: BaselineOptions, env: NodeJS.ProcessEnv): Promise<LoadedWindow> {
  try {
    const chosen = await chooseStore(options, env)
    return { store: chosen.store, where: chosen.where, loaded: chosen.store ? await chosen.store.load() : undefined }
  } catch (e) {
    return {
      store: undefined,
      where: 'the baseline store failed',
      loaded: { entries: [], problem: warning('baseline-unreadable', `the baseline could not be read: ${errorText(e)}`) }
    }
  }
}

/** The entries to compare with, once the load is told in the log; undefined when there are none. */
export function tellWindow(window: LoadedWindow, io: Pick<ActionIO, 'info' | 'notice' | 'warning'>): readonly BaselineEntry[] | undefined {
  const loaded = window.loaded
  if (loaded?.problem !== undefined) tell(io, [loaded.problem])
  const entries = loaded && loaded.entries.length > 0 ? loaded.entries : undefined
  io.info(entries ? `baseline: ${entries.length} run(s) from ${window.where}` : `baseline: none (${window.where})`)
  return entries
}

/** This run joins the window, when the policy says so: a failed save is a notice, never a failure. */
export async function saveToWindow(
  store: BaselineStore,
  window: readonly BaselineEntry[],
  report: Report,
  policy: SavePolicy,
  io: Pick<ActionIO, 'info' | 'notice' | 'warning' | 'env' | 'eventRepository'>
): Promise<void> {
  const decision = shouldSave(policy, io.env, io.eventRepository)
  if (!decision.save) {
    io.info(`baseline not saved: ${decision.why}`)
    return
  }
  if (report.totals.steps === 0) {
    io.info('baseline not saved: this run has no step')
    return
  }
  const meta = { runId: io.env.GITHUB_RUN_ID, runAttempt: io.env.GITHUB_RUN_ATTEMPT, sha: io.env.GITHUB_SHA, ref: io.env.GITHUB_REF }
  const saved = await store.save(appendEntry(window, toEntry(report, meta)))
  if (saved.saved) io.info(`baseline saved (${decision.why}) as ${saved.key}`)
  else tell(io, [saved.problem])
}

/**
 * `baseline: runs` with an empty store: the window seeded from the job logs of this workflow's and
 * job's recent runs on the default branch (loaded only then). Undefined when none could be read.
 */
export async function seedWindow(
  token: string,
  clients: Pick<Clients, 'github' | 'deadline'>,
  runnerTemp: string,
  io: Pick<ActionIO, 'info' | 'notice' | 'warning' | 'env' | 'eventRepository'>
): Promise<readonly BaselineEntry[] | undefined> {
  const github = clients.github
  if (github === undefined || token === '') {
    io.notice('baseline: runs needs the REST API (github-token, and a repository): no baseline read from past runs')
    return undefined
  }
  try {
    const { seedFromRuns } = await import('./seed-runs.js')
    const seeded = await seedFromRuns({
      token,
      owner: github.owner,
      repo: github.repo,
      request: github.request,
      env: io.env,
      defaultBranch: defaultBranch(io.eventRepository),
      deadline: clients.deadline,
      runnerTemp
    })
    tell(io, seeded.problems)
    return seeded.entries.length > 0 ? seeded.entries : undefined
  } catch (e) {
    io.warning(`baseline: runs: past runs could not be read: ${errorText(e)}`)
    return undefined
  }
}
