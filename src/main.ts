import type { ActionIO } from './action-io.js'
import { getInputs } from './inputs.js'
import { Input, Output, State } from './constants.js'
import { Buildx } from './docker/buildx.js'
import { readActionsCache, type ActionsCacheUsage } from './github/actions-cache.js'
import { repository } from './github/client.js'
import { parseSnapshot, snapshot, withGrowth, type CacheSnapshot, type CacheStorage } from './cache-storage.js'
import { reportFromBuilds } from './pipeline.js'
import { collectBuilds } from './sources/collect.js'
import type { Exec } from './docker/exec.js'
import { tmpdir } from 'node:os'
import { renderSummary } from './report/markdown.js'
import { formatPercent, formatSecondsValue } from './report/format.js'
import type { Report } from './report/report-json.js'
import { describeProblem, problem, type Problem } from './problems.js'

/** inputs → sources (logs, build records, a build to run) → analysis → report file, outputs, job summary → gate. */
export async function run(io: ActionIO, exec: Exec): Promise<void> {
  try {
    const { inputs, errors } = getInputs((name) => io.getInput(name), io.env)
    for (const e of errors) io.warning(e)

    const buildx = new Buildx(exec, inputs.builder)
    // the build cache before: as pre found it, or just before run mode builds
    let before = parseSnapshot(io.getState(State.CacheBefore))
    if (inputs.du && before === undefined && inputs.run !== '') before = (await snapshot(buildx, io.now())).snapshot

    const collected = await collectBuilds(inputs, { io, exec, buildx, runnerTemp: io.env.RUNNER_TEMP ?? tmpdir() })
    const cache = inputs.du ? await measureCache(buildx, before, io, collected.problems) : undefined
    const actionsCache = inputs.du ? await measureActionsCache(inputs.githubToken, io) : undefined
    const report = reportFromBuilds(collected.builds, collected.sources, collected.problems, { minCacheHitRate: inputs.minCacheHitRate, now: io.now() }, { cache, actionsCache })
    for (const p of report.problems) io.warning(describeProblem(p), p.file)

    let reportPath = ''
    try {
      await io.writeFile(inputs.reportFile, `${JSON.stringify(report, null, 2)}\n`)
      reportPath = inputs.reportFile
    } catch (e) {
      io.warning(`${Input.ReportFile}: could not write ${inputs.reportFile}: ${message(e)}`)
    }
    setOutputs(io, report, reportPath)

    if (inputs.summary) {
      try {
        await io.appendSummary(renderSummary(report))
      } catch (e) {
        io.warning(`could not write the job summary: ${message(e)}`)
      }
    }
    const t = report.totals
    io.info(`cache hit rate ${t.steps === 0 ? 'n/a' : `${formatPercent(t.hitRate)}%`} (${t.cached}/${t.steps} steps) over ${t.builds} build(s)`)

    const gate = report.gate
    if (gate.verdict === 'fail' && gate.message !== undefined) {
      if (inputs.gate === 'fail') io.setFailed(gate.message)
      else io.warning(gate.message)
    } else if (gate.message !== undefined) {
      if (gate.verdict === 'none') io.warning(gate.message)
      else io.info(gate.message)
    }
    // A threshold the user asked for but that cannot be read must not pass silently.
    const badThreshold = errors.find((e) => e.startsWith(`${Input.MinCacheHitRate}:`) || e.startsWith(`${Input.Gate}:`))
    if (badThreshold !== undefined) io.setFailed(badThreshold)
    // Run mode passes the build's own failure through, once the report is written.
    const built = collected.run
    if (built !== undefined && built.exitCode !== 0) {
      io.setFailed(`the build failed (exit code ${built.exitCode})${built.error === undefined ? '' : `: ${built.error}`}`)
    }
  } catch (e) {
    // A defect of ours must never fail the user's build.
    io.warning(`build-insights could not finish its report: ${message(e)}`)
  }
}

async function measureCache(buildx: Buildx, before: CacheSnapshot | undefined, io: ActionIO, problems: Problem[]): Promise<CacheStorage | undefined> {
  const after = await snapshot(buildx, io.now())
  if (!after.storage) {
    problems.push(problem('docker-unavailable', `the build cache was not measured: ${after.error ?? 'unknown error'} (set ${Input.Du}: false where there is no docker)`))
    return undefined
  }
  return withGrowth(after.storage, before)
}

/** The repository's Actions cache, when there is a repository and a token: never more than a notice otherwise. */
async function measureActionsCache(token: string, io: ActionIO): Promise<ActionsCacheUsage | undefined> {
  const repo = repository(io.env)
  if (repo === undefined) return undefined
  if (token === '') {
    io.notice(`Actions cache usage not read: no ${Input.GitHubToken}`)
    return undefined
  }
  const read = await readActionsCache(await io.githubRequest(token), repo.owner, repo.repo)
  for (const n of read.notices) io.notice(n)
  for (const w of read.warnings) io.warning(w)
  return read.usage
}

export function setOutputs(io: Pick<ActionIO, 'setOutput'>, report: Report, reportPath: string): void {
  const t = report.totals
  io.setOutput(Output.CacheHitRate, formatPercent(t.hitRate))
  io.setOutput(Output.CachedSteps, String(t.cached))
  io.setOutput(Output.TotalSteps, String(t.steps))
  io.setOutput(Output.Builds, String(t.builds))
  io.setOutput(Output.Duration, formatSecondsValue(t.duration))
  io.setOutput(
    Output.Stages,
    JSON.stringify(report.stages.map((s) => ({ name: s.name, platform: s.platform, steps: s.steps, cached: s.cached, duration: Number(formatSecondsValue(s.seconds)) })))
  )
  io.setOutput(Output.Gate, report.gate.verdict)
  io.setOutput(Output.Report, reportPath)
  const cache = report.cache
  io.setOutput(Output.CacheSize, cache ? String(cache.totals.total) : '')
  io.setOutput(Output.CacheReclaimable, cache ? String(cache.totals.reclaimable) : '')
  io.setOutput(Output.CacheGrowth, cache?.growth === undefined ? '' : String(cache.growth))
  io.setOutput(Output.ActionsCacheUsage, report.actionsCache ? String(report.actionsCache.usageBytes) : '')
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
