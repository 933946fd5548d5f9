import { tell, type ActionIO } from './action-io.js'
import { Input, State } from './constants.js'
import { parseSnapshot, snapshot, withGrowth, type CacheSnapshot, type CacheStorage } from './build-cache.js'
import { readActionsCache, type ActionsCacheUsage } from './github/actions-cache-usage.js'
import { gatherBilling, type BillingInputs } from './billing/job-billing.js'
import type { Inputs } from './inputs.js'
import { notice, problem, type Problem } from './problems.js'
import type { Clients } from './sources/source.js'
import { repository } from './github/client.js'

// What is measured around the builds rather than read from them: Docker's build cache, the
// repository's GitHub Actions cache, and what the job's minutes cost.

/** The build cache before the builds: as pre found it, or measured now when run mode is about to build. */
export async function buildCacheBefore(inputs: Inputs, clients: Clients, io: Pick<ActionIO, 'getState' | 'now'>): Promise<CacheSnapshot | undefined> {
  const before = parseSnapshot(io.getState(State.CacheBefore))
  if (inputs.du && before === undefined && inputs.run !== '') return (await snapshot(clients.buildx, io.now())).snapshot
  return before
}

export interface Around {
  cache: CacheStorage | undefined
  actionsCache: ActionsCacheUsage | undefined
  billing: BillingInputs
  /** The build cache that could not be measured: part of the report's problems. */
  problems: Problem[]
}

/** docker's answers and the REST API's, side by side: each waits on another process. */
export async function measureAround(
  inputs: Inputs,
  clients: Clients,
  before: CacheSnapshot | undefined,
  io: Pick<ActionIO, 'notice' | 'warning' | 'now' | 'env' | 'getState' | 'cpus' | 'eventRepository'>
): Promise<Around> {
  const problems: Problem[] = []
  const github = clients.github
  const [cache, actionsCache, billing] = await Promise.all([
    inputs.du ? measureBuildCache(clients, before, io, problems) : undefined,
    inputs.actionsCacheUsage ? measureActionsCache(inputs, clients, io) : undefined,
    gatherBilling({
      env: io.env,
      minutePrice: inputs.minutePrice,
      runsPerMonth: inputs.runsPerMonth,
      preJobStart: io.getState(State.JobStartedAt),
      request: github?.request,
      repo: github,
      now: io.now(),
      cores: io.cpus,
      publicRepository: io.eventRepository?.private === false
    })
  ])
  tell(io, billing.problems)
  return { cache, actionsCache, billing: billing.inputs, problems }
}

async function measureBuildCache(
  clients: Clients,
  before: CacheSnapshot | undefined,
  io: Pick<ActionIO, 'now'>,
  problems: Problem[]
): Promise<CacheStorage | undefined> {
  const after = await snapshot(clients.buildx, io.now())
  if (!after.storage) {
    problems.push(
      problem('docker-unavailable', `the build cache was not measured: ${after.error ?? 'unknown error'} (set ${Input.Du}: false where there is no docker)`)
    )
    return undefined
  }
  return withGrowth(after.storage, before)
}

/** The repository's Actions cache, when there is a repository and a token: never more than a notice otherwise. */
async function measureActionsCache(inputs: Inputs, clients: Clients, io: Pick<ActionIO, 'notice' | 'warning' | 'env'>): Promise<ActionsCacheUsage | undefined> {
  const github = clients.github
  if (github === undefined) {
    if (inputs.githubToken === '' && repository(io.env) !== undefined)
      tell(io, [notice('token-missing', `Actions cache usage not read: no ${Input.GitHubToken}`)])
    return undefined
  }
  const read = await readActionsCache(github.request, github.owner, github.repo)
  // notices first, then the warning of a nearly full cache: pushed in that order
  tell(io, read.problems)
  return read.usage
}
