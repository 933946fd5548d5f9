import type { ActionIO } from './action-io.js'
import { getInputs } from './inputs.js'
import { Input, Output } from './constants.js'
import { reportFromBuilds } from './pipeline.js'
import { collectBuilds } from './sources/collect.js'
import type { Exec } from './docker/exec.js'
import { tmpdir } from 'node:os'
import { renderSummary } from './report/markdown.js'
import { formatPercent, formatSecondsValue } from './report/format.js'
import type { Report } from './report/report-json.js'
import { describeProblem } from './problems.js'

/** inputs → sources (logs, build records, a build to run) → analysis → report file, outputs, job summary → gate. */
export async function run(io: ActionIO, exec: Exec): Promise<void> {
  try {
    const { inputs, errors } = getInputs((name) => io.getInput(name), io.env)
    for (const e of errors) io.warning(e)

    const collected = await collectBuilds(inputs, { io, exec, runnerTemp: io.env.RUNNER_TEMP ?? tmpdir() })
    const report = reportFromBuilds(collected.builds, collected.sources, collected.problems, { minCacheHitRate: inputs.minCacheHitRate, now: io.now() })
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
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
