import { tmpdir } from 'node:os'
import { tell, type ActionIO } from './action-io.js'
import { getInputs, type Inputs } from './inputs.js'
import { Input } from './constants.js'
import { Buildx } from './docker/buildx.js'
import { engineSocket } from './docker/engine.js'
import type { Exec } from './docker/exec.js'
import { lazyRequest, repository } from './github/client.js'
import { loadWindow, saveToWindow, seedWindow, tellWindow, type LoadedWindow } from './baseline/window.js'
import { preloadStore } from './baseline/baseline.js'
import { buildCacheBefore, measureAround, RestAround } from './measure.js'
import { reportFromBuilds } from './pipeline.js'
import { collectBuilds, DEFAULT_SOURCE, SOURCES } from './sources/index.js'
import { runModeSource } from './sources/run-mode.js'
import type { Clients } from './sources/source.js'
import { renderSummary } from './summary/markdown.js'
import { outputsOf, setOutputs } from './report/outputs.js'
import type { Report } from './report/report.js'
import { jsonText } from './report/json-stream.js'
import { judge, judgeWithoutReport } from './gates/policy.js'
import { GATES } from './gates/index.js'
import { formatDuration, formatPercent } from './format.js'
import { CAUSE_LABEL } from './summary/causes.js'
import { failedExports } from './summary/cache-transfer.js'
import { cacheCostWarning } from './summary/cache-benefit.js'
import { errorText, notice, type Problem } from './problems.js'
import { pathInfo, workflowPath } from './workflow/locate.js'
import { readRegularFileText } from './regular-file.js'
import type { WorkflowFile } from './analysis/explain.js'
import { redact } from './redact.js'
import { Deadline } from './deadline.js'
import { jobIdentity } from './github/job.js'
import { shareStdout } from './stdout.js'

/** What the gate needs, kept as soon as it is known: whatever fails later, the step is still judged. */
interface Judged {
  inputs?: Inputs
  errors?: Problem[]
  run?: { exitCode: number; error?: string | undefined }
  report?: Pick<Report, 'gate' | 'totals' | 'problems' | 'files'>
  failure?: string
}

/** inputs → sources (logs, build records, a build to run) → analysis → report file, outputs, job summary → gate. */
export async function run(io: ActionIO, exec: Exec): Promise<void> {
  const got: Judged = {}
  try {
    await analyseAndPublish(io, exec, got)
  } catch (e) {
    // A defect of ours must never fail the user's build, nor let a threshold pass unjudged.
    got.failure = errorText(e)
    io.warning(`build-insights could not finish its report: ${got.failure}`)
  }
  applyGates(io, got)
}

async function analyseAndPublish(io: ActionIO, exec: Exec, got: Judged): Promise<void> {
  const { inputs, errors } = getInputs((name) => io.getInput(name), io.env)
  got.inputs = inputs
  got.errors = errors
  // an API key in otlp-headers: masked before anything is printed
  for (const s of inputs.otlp?.secrets ?? []) io.setSecret(s)
  tell(io, errors)
  // a matrix's last job: the legs' reports in, one summary and one gate for the whole matrix out
  if (inputs.mergeReports.length > 0) {
    // loaded in a merge job only, as OTLP below is when configured: neither is on every run's start-up
    const { mergeLegs } = await import('./merge/run.js')
    got.report = await mergeLegs(inputs, io)
    return
  }
  // every wait below (docker, the Actions cache, the REST API) is bounded by this one budget
  const deadline = new Deadline(inputs.timeout)
  const clients = makeClients(inputs, io, exec, deadline)
  const before = await buildCacheBefore(inputs, clients, io)
  const runnerTemp = io.env.RUNNER_TEMP ?? tmpdir()
  // the baseline and the REST API's questions that the builds do not change are asked while the
  // builds are read; in run mode, once its build prints (so that loading their clients does not
  // delay its start), the REST questions go out and the baseline's client is loaded, but the
  // baseline is loaded only after the build: its client writes workflow commands (a mask among
  // them), which the runner ignores while the build's output is shown
  const baselineOptions = { baselineFile: inputs.baselineFile, savePolicy: inputs.saveBaseline, name: inputs.baselineName, runnerTemp, cwd: io.cwd, deadline }
  let window: Promise<LoadedWindow> | undefined
  const loadBaseline = () => (window ??= loadWindow(baselineOptions, io.env))
  const rest = new RestAround(inputs, clients, io)
  if (!runModeSource.wanted(inputs)) {
    void loadBaseline()
    rest.start(false)
  }
  const collected = await collectBuilds({
    inputs,
    io,
    clients,
    runnerTemp,
    meanwhile: (changesActionsCache) => {
      preloadStore(baselineOptions, io.env)
      rest.start(changesActionsCache)
    }
  })
  void loadBaseline()
  const secrets = collected.secrets
  if (collected.run) got.run = { exitCode: collected.run.exitCode, error: collected.run.error && redact(collected.run.error, secrets).text }
  const around = await measureAround(inputs, clients, before, io, rest)
  const loaded = await loadBaseline()
  const baseline = tellWindow(loaded, io) ?? (inputs.baselineSeed === 'runs' ? await seedWindow(inputs.githubToken, clients, runnerTemp, io) : undefined)

  const problems = [...collected.problems, ...around.problems]
  const options = {
    thresholds: inputs.thresholds,
    now: io.now(),
    secrets,
    onSecret: (s: string) => {
      io.setSecret(s)
    },
    // what the context read may take comes out of the same budget, with a floor: a slow docker must not cost the causes
    context: {
      context: inputs.context,
      dockerfile: inputs.dockerfile,
      cwd: io.cwd,
      until: Date.now() + Math.max(5_000, Math.min(20_000, deadline.remainingMs()))
    },
    workflow: await readWorkflow(io, problems),
    cacheOptions: collected.cacheOptions
  }
  const report = reportFromBuilds(collected.builds, collected.sources, problems, options, { ...around, baseline, job: jobIdentity(io.env, inputs.matrix) })
  got.report = report
  tell(io, report.problems)
  // each of these warns when it fails, and the others still happen
  const reportPath = await writeReport(io, inputs, report)
  attempt(io, 'could not set the outputs', () => {
    setOutputs(io, outputsOf(report, reportPath), report.stages)
  })
  if (loaded.store) await saveToWindow(loaded.store, baseline ?? [], report, inputs.saveBaseline, io)
  if (inputs.summary) await writeSummary(io, report)
  attempt(io, 'could not annotate the Dockerfile', () => {
    annotate(io, report)
  })
  // a cache that was not saved is tomorrow's slow build: said where the job log shows it
  for (const w of failedExports(report)) io.warning(w)
  if (inputs.otlp) {
    const { exportTelemetry } = await import('./otlp/export.js')
    shareStdout()
    await exportTelemetry(report, inputs.otlp, io, deadline)
  }
  const costly = cacheCostWarning(report)
  if (costly !== '') io.warning(costly)
  const t = report.totals
  io.info(`cache hit rate ${t.steps === 0 ? 'n/a' : `${formatPercent(t.hitRate)}%`} (${t.cached}/${t.steps} steps) over ${t.builds} build(s)`)
}

const MAX_WORKFLOW_BYTES = 1024 * 1024

/** The workflow file running this job, from the workspace; on GitHub, why not when it cannot be read. */
async function readWorkflow(io: ActionIO, problems: Problem[]): Promise<WorkflowFile | undefined> {
  if (io.env.GITHUB_ACTIONS !== 'true') return undefined
  const located = workflowPath(io.env, pathInfo)
  if ('problem' in located) {
    problems.push(located.problem)
    return undefined
  }
  const text = readRegularFileText(located.path, MAX_WORKFLOW_BYTES)
  if (text === undefined) {
    problems.push(notice('workflow-file-unknown', `The workflow file ${located.relative} could not be read: its cache settings are not checked.`))
    return undefined
  }
  // loaded here: `yaml` is a fifth of the bundle, and only a job on GitHub has a workflow file
  const { parseWorkflow } = await import('./workflow/parse.js')
  return { parsed: parseWorkflow(text, located.relative), file: located.relative, job: io.env.GITHUB_JOB }
}

// GitHub shows at most 10 annotations of each level per step
const ANNOTATIONS = 10

/** One notice on the Dockerfile line of each root cause, one warning on the line of each hygiene finding, the costliest first. */
function annotate(io: ActionIO, report: Report): void {
  for (const c of report.rootCauses.filter((x) => x.file !== undefined).slice(0, ANNOTATIONS)) {
    const dragged = c.cascade.length === 0 ? '' : ` and ${String(c.cascade.length)} later step${c.cascade.length === 1 ? '' : 's'}`
    io.notice(`${c.detail}${c.change === undefined ? '' : `. ${c.change}`}. It ran${dragged}: ${formatDuration(c.seconds)}.`, {
      file: c.file ?? '',
      line: c.line,
      title: `Cache miss: ${CAUSE_LABEL[c.code]}`
    })
  }
  for (const f of report.findings.slice(0, ANNOTATIONS)) {
    const cost = f.causes.length === 0 ? '' : ` In this run the misses from here on cost ${formatDuration(f.seconds)}.`
    io.warning(`${f.change}${cost}`, { file: f.file, line: f.line, title: `Cache hygiene: ${f.code}` })
  }
}

/** Thresholds and run mode's build, judged whatever happened before: never skipped. */
function applyGates(io: ActionIO, got: Judged): void {
  const mode = got.inputs?.gate ?? (io.getInput(Input.Gate).trim().toLowerCase() === 'warn' ? 'warn' : 'fail')
  const inputErrors = [...(got.errors ?? []), ...(got.report?.problems ?? [])]
  // a report's gate judged every threshold set; without one, each threshold set is named as not evaluated
  const set = GATES.filter((g) => io.getInput(g.input).trim() !== '').map((g) => g.input)
  const judgement = got.report
    ? judge(got.report.gate, mode, inputErrors, got.run, {
        failOnEmpty: got.inputs?.failOnEmpty ?? true,
        steps: got.report.totals.steps,
        inputs: sourcesRead(got.inputs),
        problems: got.report.problems,
        sources: got.report.files
      })
    : judgeWithoutReport(set, mode, got.failure ?? 'no report was made', inputErrors, got.run)
  for (const m of judgement.messages) io[m.severity](m.text)
  for (const f of judgement.failures) io.setFailed(f)
}

/** The inputs the builds were read from, as the user named them. */
function sourcesRead(inputs: Inputs | undefined): string[] {
  if (inputs !== undefined && inputs.mergeReports.length > 0) return [Input.MergeReports]
  const wanted = inputs === undefined ? [] : SOURCES.filter((s) => s.wanted(inputs)).map((s) => s.name)
  return wanted.length > 0 ? wanted : [`${DEFAULT_SOURCE.name}'s build records`]
}

function attempt(io: Pick<ActionIO, 'warning'>, what: string, fn: () => void): void {
  try {
    fn()
  } catch (e) {
    io.warning(`${what}: ${errorText(e)}`)
  }
}

/** Every client the sources and measurements use, made before any of them runs. */
function makeClients(inputs: Inputs, io: ActionIO, exec: Exec, deadline: Deadline): Clients {
  const repo = repository(io.env)
  const github = repo && inputs.githubToken !== '' ? { ...repo, request: lazyRequest(() => io.githubRequest(inputs.githubToken, deadline)) } : undefined
  return { exec, buildx: new Buildx(exec, inputs.builder, deadline, engineSocket(io.env, inputs.builder)), github, deadline }
}

/** The JSON report's path, or '' when it could not be written (a warning). */
async function writeReport(io: ActionIO, inputs: Inputs, report: Report): Promise<string> {
  try {
    // in pieces: a report of any size is written, one string of it may pass V8's longest
    if (io.writeFilePieces) await io.writeFilePieces(inputs.reportFile, jsonText(report))
    else await io.writeFile(inputs.reportFile, `${JSON.stringify(report, null, 2)}\n`)
    return inputs.reportFile
  } catch (e) {
    io.warning(`${Input.ReportFile}: could not write ${inputs.reportFile}: ${errorText(e)}`)
    return ''
  }
}

async function writeSummary(io: ActionIO, report: Report): Promise<void> {
  try {
    await io.appendSummary(renderSummary(report))
  } catch (e) {
    io.warning(`could not write the job summary: ${errorText(e)}`)
  }
}
