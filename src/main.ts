import type { ActionIO } from './action-io.js'
import { getInputs } from './inputs.js'
import { Input, Output, State } from './constants.js'
import { Buildx } from './docker/buildx.js'
import { readActionsCache, type ActionsCacheUsage } from './github/actions-cache.js'
import type { GitHubRequest } from './github/request.js'
import { gatherBilling } from './billing/job-billing.js'
import { repository } from './github/client.js'
import { chooseStore, shouldSave, type BaselineOptions, type SavePolicy } from './baseline/baseline.js'
import type { BaselineStore, StoreResult } from './baseline/cache-store.js'
import { appendEntry, toEntry, type BaselineEntry } from './baseline/entry.js'
import { parseSnapshot, snapshot, withGrowth, type CacheSnapshot, type CacheStorage } from './cache-storage.js'
import { reportFromBuilds } from './pipeline.js'
import { collectBuilds } from './sources/collect.js'
import type { Exec } from './docker/exec.js'
import { tmpdir } from 'node:os'
import { renderSummary } from './report/markdown.js'
import { fixedSigned, formatPercent, formatSecondsValue } from './report/format.js'
import type { Report } from './report/report-json.js'
import { describeProblem, problem, type Problem, errorText } from './problems.js'
import { Deadline } from './deadline.js'

/** inputs → sources (logs, build records, a build to run) → analysis → report file, outputs, job summary → gate. */
export async function run(io: ActionIO, exec: Exec): Promise<void> {
  try {
    const { inputs, errors } = getInputs((name) => io.getInput(name), io.env)
    for (const e of errors) io.warning(e)

    // every wait below (docker, the Actions cache, the REST API) is bounded by this one budget
    const deadline = new Deadline(inputs.timeout)
    const buildx = new Buildx(exec, inputs.builder, deadline)
    // the build cache before: as pre found it, or just before run mode builds
    let before = parseSnapshot(io.getState(State.CacheBefore))
    if (inputs.du && before === undefined && inputs.run !== '') before = (await snapshot(buildx, io.now())).snapshot

    const runnerTemp = io.env.RUNNER_TEMP ?? tmpdir()
    // the baseline is fetched while the builds are read (or run); stores never throw
    const baselineLoad = startBaseline(
      { baselineFile: inputs.baselineFile, savePolicy: inputs.saveBaseline, name: inputs.baselineName, runnerTemp, cwd: process.cwd(), deadline },
      io.env
    )
    const collected = await collectBuilds(inputs, { io, exec, buildx, runnerTemp, deadline })
    const repo = repository(io.env)
    const request = repo && inputs.githubToken !== '' ? await io.githubRequest(inputs.githubToken, deadline) : undefined
    // docker's answers and the REST API's, side by side: each waits on another process
    const [cache, actionsCache, billing] = await Promise.all([
      inputs.du ? measureCache(buildx, before, io, collected.problems) : undefined,
      inputs.du ? measureActionsCache(request, repo, io) : undefined,
      gatherBilling({
        env: io.env,
        minutePrice: inputs.minutePrice,
        runsPerMonth: inputs.runsPerMonth,
        preJobStart: io.getState(State.JobStartedAt),
        request,
        repo,
        now: io.now()
      })
    ])
    for (const n of billing.notices) io.notice(n)
    const { chosen, loaded } = await baselineLoad
    if (loaded?.notice !== undefined) io.notice(loaded.notice)
    if (loaded?.warning !== undefined) io.warning(loaded.warning)
    const baseline = loaded && loaded.entries.length > 0 ? loaded.entries : undefined
    io.info(baseline ? `baseline: ${baseline.length} run(s) from ${chosen.where}` : `baseline: none (${chosen.where})`)
    const report = reportFromBuilds(
      collected.builds,
      collected.sources,
      collected.problems,
      { thresholds: inputs.thresholds, now: io.now() },
      { cache, actionsCache, baseline, billing: billing.inputs }
    )
    for (const p of report.problems) io.warning(describeProblem(p), p.file)

    let reportPath = ''
    try {
      await io.writeFile(inputs.reportFile, `${JSON.stringify(report, null, 2)}\n`)
      reportPath = inputs.reportFile
    } catch (e) {
      io.warning(`${Input.ReportFile}: could not write ${inputs.reportFile}: ${errorText(e)}`)
    }
    setOutputs(io, report, reportPath)
    if (chosen.store) await saveBaseline(chosen.store, baseline ?? [], report, inputs.saveBaseline, io)

    if (inputs.summary) {
      try {
        await io.appendSummary(renderSummary(report))
      } catch (e) {
        io.warning(`could not write the job summary: ${errorText(e)}`)
      }
    }
    const t = report.totals
    io.info(`cache hit rate ${t.steps === 0 ? 'n/a' : `${formatPercent(t.hitRate)}%`} (${t.cached}/${t.steps} steps) over ${t.builds} build(s)`)

    const failed = report.gate.checks.filter((c) => c.verdict === 'fail')
    for (const c of report.gate.checks) {
      if (c.verdict === 'pass') io.info(c.message)
      // a threshold with nothing to judge: no step is worth a warning, no baseline yet is not
      else if (c.verdict === 'none' && c.gate === Input.MinCacheHitRate) io.warning(c.message)
      else if (c.verdict === 'none') io.notice(c.message)
      else if (inputs.gate === 'warn') io.warning(c.message)
    }
    if (failed.length > 0 && inputs.gate === 'fail') io.setFailed(failed.map((c) => c.message).join('; '))
    // A threshold the user asked for but that cannot be read must not pass silently.
    const badThreshold = errors.find((e) => THRESHOLD_INPUTS.some((name) => e.startsWith(`${name}:`)))
    if (badThreshold !== undefined) io.setFailed(badThreshold)
    // Run mode passes the build's own failure through, once the report is written.
    const built = collected.run
    if (built !== undefined && built.exitCode !== 0) {
      io.setFailed(`the build failed (exit code ${built.exitCode})${built.error === undefined ? '' : `: ${built.error}`}`)
    }
  } catch (e) {
    // A defect of ours must never fail the user's build.
    io.warning(`build-insights could not finish its report: ${errorText(e)}`)
  }
}

/** Started before the builds and awaited after: it must settle, never reject unhandled meanwhile. */
async function startBaseline(
  options: BaselineOptions,
  env: NodeJS.ProcessEnv
): Promise<{ chosen: { store?: BaselineStore; where: string }; loaded?: StoreResult }> {
  try {
    const chosen = await chooseStore(options, env)
    return chosen.store ? { chosen, loaded: await chosen.store.load() } : { chosen }
  } catch (e) {
    return { chosen: { where: 'the baseline store failed' }, loaded: { entries: [], warning: `the baseline could not be read: ${errorText(e)}` } }
  }
}

/** This run joins the window, when the policy says so: a failed save is a notice, never a failure. */
async function saveBaseline(store: BaselineStore, window: readonly BaselineEntry[], report: Report, policy: SavePolicy, io: ActionIO): Promise<void> {
  const decision = shouldSave(policy, io.env)
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
  if (saved.saved) io.info(`baseline saved (${decision.why}) as ${saved.key ?? '?'}`)
  else io.notice(saved.notice ?? 'baseline not saved')
}

const THRESHOLD_INPUTS = [Input.MinCacheHitRate, Input.MaxDuration, Input.MaxDurationIncrease, Input.MaxCacheHitRateDrop, Input.Gate]

async function measureCache(buildx: Buildx, before: CacheSnapshot | undefined, io: ActionIO, problems: Problem[]): Promise<CacheStorage | undefined> {
  const after = await snapshot(buildx, io.now())
  if (!after.storage) {
    problems.push(
      problem('docker-unavailable', `the build cache was not measured: ${after.error ?? 'unknown error'} (set ${Input.Du}: false where there is no docker)`)
    )
    return undefined
  }
  return withGrowth(after.storage, before)
}

/** The repository's Actions cache, when there is a repository and a token: never more than a notice otherwise. */
async function measureActionsCache(
  request: GitHubRequest | undefined,
  repo: { owner: string; repo: string } | undefined,
  io: ActionIO
): Promise<ActionsCacheUsage | undefined> {
  if (repo === undefined) return undefined
  if (request === undefined) {
    io.notice(`Actions cache usage not read: no ${Input.GitHubToken}`)
    return undefined
  }
  const read = await readActionsCache(request, repo.owner, repo.repo)
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
    JSON.stringify(
      report.stages.map((s) => ({ name: s.name, platform: s.platform, steps: s.steps, cached: s.cached, duration: Number(formatSecondsValue(s.seconds)) }))
    )
  )
  io.setOutput(Output.Gate, report.gate.verdict)
  io.setOutput(Output.Report, reportPath)
  const cache = report.cache
  io.setOutput(Output.CacheSize, cache ? String(cache.totals.total) : '')
  io.setOutput(Output.CacheReclaimable, cache ? String(cache.totals.reclaimable) : '')
  io.setOutput(Output.CacheGrowth, cache?.growth === undefined ? '' : String(cache.growth))
  io.setOutput(Output.ActionsCacheUsage, report.actionsCache ? String(report.actionsCache.usageBytes) : '')
  const d = report.deltas
  io.setOutput(Output.Baseline, d ? 'found' : 'none')
  io.setOutput(Output.DurationDelta, d?.durationDelta === undefined ? '' : formatSecondsValue(d.durationDelta))
  io.setOutput(Output.CacheHitRateDelta, d?.hitRateDelta === null || d?.hitRateDelta === undefined ? '' : formatSecondsValue(d.hitRateDelta))
  const b = report.billing
  const fixed = (n: number | undefined, digits: number) => (n === undefined ? '' : fixedSigned(n, digits))
  io.setOutput(Output.BillableMinutes, b?.billableMinutes === undefined ? '' : String(b.billableMinutes))
  io.setOutput(Output.BillableMinutesDelta, fixed(b?.deltas?.minutesDelta, 2))
  io.setOutput(Output.CostDelta, fixed(b?.deltas?.costDelta, 4))
  io.setOutput(Output.MonthlyMinutesDelta, fixed(b?.deltas?.monthlyMinutesDelta, 1))
  io.setOutput(Output.MonthlyCostDelta, fixed(b?.deltas?.monthlyCostDelta, 2))
}
