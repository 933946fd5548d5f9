import { resolve } from 'node:path'
import { tell, type ActionIO } from '../action-io.js'
import { Input } from '../constants.js'
import type { Inputs } from '../inputs.js'
import { parseJson } from '../json.js'
import { errorText, problem, type Problem } from '../problems.js'
import { formatPercent } from '../format.js'
import { readRegularFile } from '../regular-file.js'
import { expandPatterns } from '../sources/log-files.js'
import { readLeg, type Leg } from './leg.js'
import { mergeLegReports, type MergedReport } from './merge.js'
import { mergedOutputsOf } from './outputs.js'
import { setOutputs } from '../report/outputs.js'
import { renderMergedSummary } from './summary.js'

// Merge mode, the last job of a matrix: the reports its legs uploaded (actions/download-artifact put
// them down) are read, and one report, one summary, one set of outputs and one gate come out.

/** Reads every report the patterns name; a file that is not one is a warning, and the rest is merged. */
export async function readLegs(patterns: readonly string[], cwd: string): Promise<{ legs: Leg[]; files: string[]; problems: Problem[] }> {
  const { files, problems } = await expandPatterns(patterns, cwd)
  const legs: Leg[] = []
  const read: string[] = []
  for (const file of files) {
    const text = await readRegularFile(resolve(cwd, file))
    if (!text.ok) {
      problems.push(problem(text.missing ? 'file-missing' : 'file-unreadable', text.missing ? 'no such file' : text.message, { file }))
      continue
    }
    const leg = readLeg(parseJson(text.text), file)
    if ('problem' in leg) {
      problems.push(problem('json-unexpected', leg.problem, { file }))
      continue
    }
    legs.push(leg)
    read.push(file)
  }
  if (files.length > 0 && legs.length === 0) problems.push(problem('no-builds', `${Input.MergeReports}: none of the ${files.length} file(s) is a report`))
  return { legs, files: read, problems }
}

export async function mergeLegs(inputs: Inputs, io: ActionIO): Promise<MergedReport> {
  const ignored = [
    inputs.logFiles.length > 0 ? Input.LogFiles : '',
    inputs.buildRefs !== '' ? Input.BuildRefs : '',
    inputs.run !== '' ? Input.Run : '',
    inputs.otlp ? Input.OtlpEndpoint : ''
  ].filter((s) => s !== '')
  if (ignored.length > 0)
    io.notice(
      `${Input.MergeReports} is set: ${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} not used here (each leg reads its builds and sends its metrics)`
    )
  const read = await readLegs(inputs.mergeReports, io.cwd)
  const report = mergeLegReports(read.legs, read.files, read.problems, { thresholds: inputs.thresholds, eachLeg: inputs.gateEachLeg, now: io.now() })
  tell(io, report.problems)
  let path = inputs.reportFile
  try {
    await io.writeFile(path, `${JSON.stringify(report, null, 2)}\n`)
  } catch (e) {
    io.warning(`${Input.ReportFile}: could not write ${path}: ${errorText(e)}`)
    path = ''
  }
  try {
    setOutputs(io, mergedOutputsOf(report, path), report.stages)
  } catch (e) {
    io.warning(`could not set the outputs: ${errorText(e)}`)
  }
  if (inputs.summary) {
    try {
      await io.appendSummary(renderMergedSummary(report))
    } catch (e) {
      io.warning(`could not write the job summary: ${errorText(e)}`)
    }
  }
  const t = report.totals
  io.info(
    `${report.legs.length} leg(s): cache hit rate ${t.steps === 0 ? 'n/a' : `${formatPercent(t.hitRate)}%`} (${t.cached}/${t.steps} steps) over ${t.builds} build(s)`
  )
  return report
}
