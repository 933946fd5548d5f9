import type { CacheOptions } from '../run-mode/command.js'
import type { ActionIO } from '../action-io.js'
import type { Buildx } from '../docker/buildx.js'
import type { Exec } from '../docker/exec.js'
import type { GitHubRequest } from '../github/request.js'
import type { Inputs } from '../inputs.js'
import type { Deadline } from '../deadline.js'
import type { RawBuild } from '../progress/vertex.js'
import type { Problem } from '../problems.js'
import type { RunOutcome } from '../run-mode/run.js'

/** Every client a source may use, made before any source runs. */
export interface Clients {
  exec: Exec
  buildx: Buildx
  /** The REST API, when there is a repository and a token. */
  github: { request: GitHubRequest; owner: string; repo: string } | undefined
  /** The step's time budget; the user's own build (run mode) is not bounded by it. */
  deadline: Deadline
}

export interface SourceContext {
  inputs: Inputs
  io: Pick<ActionIO, 'group' | 'getState' | 'info' | 'now' | 'env' | 'cwd' | 'setSecret'>
  clients: Clients
  runnerTemp: string
  /**
   * Run mode calls it once its build is under way (it first prints), with whether the build may
   * still export to the repository's Actions cache: the REST API's other questions start then.
   * Whatever it starts must write nothing to the job log: the build's output is shown meanwhile,
   * with workflow commands stopped.
   */
  meanwhile?: (changesActionsCache: boolean) => void
  /** Where a source that reads as it goes (log files) hands each build once read; it then returns none. */
  sink?: (build: RawBuild) => void
}

/** What a source read: builds, the problems met, and what it read (log files, `build record <ref>`). */
export interface SourceRead {
  builds: RawBuild[]
  problems: Problem[]
  sources: string[]
  /** Run mode's build, whose failure fails the step. */
  run?: RunOutcome
  /** Values known to be secret (secret-named build args): redacted wherever they appear. */
  secrets?: string[]
  /** Run mode: what the command said of the cache (--no-cache, --cache-to), which no log prints. */
  cacheOptions?: CacheOptions
}

/** One place builds come from: log files, build records, a build to run. */
export interface Source {
  name: string
  /** Whether the inputs ask for it. */
  wanted(inputs: Inputs): boolean
  read(ctx: SourceContext): Promise<SourceRead>
}
