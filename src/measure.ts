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

type AroundIO = Pick<ActionIO, 'notice' | 'warning' | 'now' | 'env' | 'getState' | 'cpus' | 'eventRepository'>

/**
 * What the REST API is asked around the builds: the job and its runs (what its minutes cost)
 * never depend on this step's builds, nor does the Actions cache's usage unless this step's own
 * build may still export to it. Those are asked as soon as the builds are under way (`start`), so
 * that their round trips pass while the builds are read or run, not after; the rest after them.
 * Their problems are told after the builds, in the same order either way.
 */
export class RestAround {
  private billing: ReturnType<typeof gatherBilling> | undefined
  private actionsCache: Promise<{ usage: ActionsCacheUsage | undefined; problems: Problem[] } | undefined> | undefined

  constructor(
    private readonly inputs: Inputs,
    private readonly clients: Clients,
    private readonly io: AroundIO
  ) {}

  /** The builds are under way; `changesActionsCache`: they may still export to the Actions cache (`type=gha`, or a bake's own file), so its usage waits for them. */
  start(changesActionsCache: boolean): void {
    void this.billingAnswer()
    if (!changesActionsCache) void this.actionsCacheAnswer()
  }

  billingAnswer(): ReturnType<typeof gatherBilling> {
    if (this.billing === undefined) {
      const github = this.clients.github
      this.billing = gatherBilling({
        env: this.io.env,
        minutePrice: this.inputs.minutePrice,
        runsPerMonth: this.inputs.runsPerMonth,
        preJobStart: this.io.getState(State.JobStartedAt),
        request: github?.request,
        repo: github,
        now: this.io.now(),
        cores: this.io.cpus,
        publicRepository: this.io.eventRepository?.private === false
      })
      // a failure is told where it is awaited, not as an unhandled rejection in between
      this.billing.catch(() => undefined)
    }
    return this.billing
  }

  /** Undefined when the inputs ask for none (`actions-cache-usage: false`). */
  actionsCacheAnswer(): Promise<{ usage: ActionsCacheUsage | undefined; problems: Problem[] } | undefined> {
    if (this.actionsCache === undefined) {
      this.actionsCache = this.inputs.actionsCacheUsage ? readActionsCacheFor(this.inputs, this.clients, this.io.env) : Promise.resolve(undefined)
      this.actionsCache.catch(() => undefined)
    }
    return this.actionsCache
  }
}

/** docker's answers and the REST API's, side by side: each waits on another process. */
export async function measureAround(inputs: Inputs, clients: Clients, before: CacheSnapshot | undefined, io: AroundIO, rest: RestAround): Promise<Around> {
  const problems: Problem[] = []
  const [cache, actionsCache, billing] = await Promise.all([
    inputs.du ? measureBuildCache(clients, before, io, problems) : undefined,
    rest.actionsCacheAnswer(),
    rest.billingAnswer()
  ])
  // notices first, then the warning of a nearly full cache: pushed in that order
  if (actionsCache) tell(io, actionsCache.problems)
  tell(io, billing.problems)
  return { cache, actionsCache: actionsCache?.usage, billing: billing.inputs, problems }
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
async function readActionsCacheFor(
  inputs: Inputs,
  clients: Clients,
  env: NodeJS.ProcessEnv
): Promise<{ usage: ActionsCacheUsage | undefined; problems: Problem[] }> {
  const github = clients.github
  if (github === undefined) {
    const problems =
      inputs.githubToken === '' && repository(env) !== undefined ? [notice('token-missing', `Actions cache usage not read: no ${Input.GitHubToken}`)] : []
    return { usage: undefined, problems }
  }
  return readActionsCache(github.request, github.owner, github.repo)
}
