import { join } from 'node:path'
import type { ActionIO } from '../action-io.js'
import type { Buildx } from '../docker/buildx.js'
import type { Exec } from '../docker/exec.js'
import type { Inputs } from '../inputs.js'
import type { RawBuild } from '../progress/vertex.js'
import { problem, type Problem } from '../problems.js'
import { prepareRunCommand } from '../run-mode/command.js'
import { runBuild, type RunOutcome } from '../run-mode/run.js'
import { parseBuildRefs, readBuildRecords, recordsSince } from './build-records.js'
import { readLogFiles } from './log-files.js'
import { Input, State } from '../constants.js'
import type { Deadline } from '../deadline.js'

export interface Collected {
  builds: RawBuild[]
  problems: Problem[]
  /** What was read: log files, `build record <ref>`, the run-mode log. */
  sources: string[]
  run?: RunOutcome
}

export interface CollectDeps {
  io: Pick<ActionIO, 'group' | 'getState' | 'info' | 'now' | 'env'>
  exec: Exec
  buildx: Buildx
  runnerTemp: string
  /** Its clock stops while run mode's build runs: the user's build has no limit from us. */
  deadline?: Deadline
}

const HOW_TO_PASS_LOGS = 'or pass logs in log-files (docker buildx build --progress=rawjson ... 2>&1 | tee build.log)'

/** Every source the inputs name: log files, build records, a build to run; none named: this job's build records. */
export async function collectBuilds(inputs: Inputs, deps: CollectDeps): Promise<Collected> {
  const out: Collected = { builds: [], problems: [], sources: [] }
  const buildx = deps.buildx

  if (inputs.run !== '') await runMode(inputs.run, deps, out)

  if (inputs.logFiles.length > 0) {
    const read = await readLogFiles(inputs.logFiles)
    out.builds.push(...read.builds)
    out.problems.push(...read.problems)
    out.sources.push(...read.files)
  }

  let refs: string[] = []
  if (inputs.buildRefs !== '') {
    const parsed = await parseBuildRefs(inputs.buildRefs)
    out.problems.push(...parsed.problems)
    refs = parsed.refs
  } else if (inputs.run === '' && inputs.logFiles.length === 0) {
    refs = await thisJobsRecords(buildx, deps, out.problems)
  }
  if (refs.length > 0) {
    const check = await buildx.checkHistory()
    if (!check.ok) {
      out.problems.push(problem('docker-unavailable', `build records cannot be read: ${check.message}; ${HOW_TO_PASS_LOGS}`))
    } else {
      const read = await readBuildRecords(buildx, refs)
      out.builds.push(...read.builds)
      out.problems.push(...read.problems)
      out.sources.push(...refs.map((r) => `build record ${r}`))
    }
  }
  return out
}

/** With no input naming builds: the builder's records since the job started (recorded by `pre`). */
async function thisJobsRecords(buildx: Buildx, deps: CollectDeps, problems: Problem[]): Promise<string[]> {
  const since = Date.parse(deps.io.getState(State.JobStartedAt))
  if (Number.isNaN(since)) {
    problems.push(
      problem(
        'input-invalid',
        `none of ${Input.LogFiles}, ${Input.BuildRefs} or ${Input.Run} is set, and the job's start time is unknown (the action's pre step did not run), so this job's build records cannot be found; set one of them`
      )
    )
    return []
  }
  const check = await buildx.checkHistory()
  if (!check.ok) {
    problems.push(
      problem(
        'docker-unavailable',
        `none of ${Input.LogFiles}, ${Input.BuildRefs} or ${Input.Run} is set, and build records cannot be read: ${check.message}; ${HOW_TO_PASS_LOGS}`
      )
    )
    return []
  }
  const found = await recordsSince(buildx, since)
  problems.push(...found.problems)
  if (found.refs.length === 0 && found.problems.length === 0) {
    problems.push(
      problem(
        'no-builds',
        `no build record of builder ${buildx.builderName} started since the job began (${new Date(since).toISOString()}); build with buildx before this step, or set ${Input.LogFiles}`
      )
    )
  }
  deps.io.info(`found ${found.refs.length} build record(s) of this job`)
  return found.refs
}

async function runMode(run: string, deps: CollectDeps, out: Collected): Promise<void> {
  const stamp = deps.io.now().getTime()
  const prepared = prepareRunCommand(run, deps.io.env, join(deps.runnerTemp, `build-insights-metadata-${stamp}.json`))
  if ('error' in prepared) {
    out.problems.push(problem('input-invalid', prepared.error))
    return
  }
  const command = prepared.command
  const title = `docker ${command.args.join(' ')}`
  const build = () =>
    deps.io.group(title, (line) =>
      runBuild(command, join(deps.runnerTemp, `build-insights-run-${stamp}.log`), { exec: deps.exec, writeLine: line, now: () => deps.io.now().getTime() })
    )
  const outcome = await (deps.deadline ? deps.deadline.outside(build) : build())
  deps.io.info(`the build took ${outcome.seconds.toFixed(1)}s and exited ${outcome.exitCode}; its progress log: ${outcome.logFile}`)
  out.builds.push(...outcome.builds)
  out.problems.push(...outcome.problems)
  out.sources.push(outcome.logFile)
  out.run = outcome
}
