import { parseArgs } from 'node:util'
import { reportFromLogs } from './pipeline.js'
import { renderSummary } from './summary/markdown.js'
import { describeProblem, errorText } from './problems.js'
import { getInputs } from './inputs.js'
import { Input } from './constants.js'
import { fileStore } from './baseline/file-store.js'

const USAGE = `Usage: build-insights [options] <log files or globs...>

Reads BuildKit progress logs (--progress=plain or rawjson, .gz too) and prints the report
the action writes to the job summary.

Options:
  --json                          print the JSON report instead of markdown
  --baseline <file>               compare with a report (an earlier --json) or a baseline history
  --min-cache-hit-rate <n>        exit 1 when the cache hit rate (percent) is below n
  --max-duration <s>              exit 1 when the build took longer than s seconds
  --max-duration-increase <n>     exit 1 when the build is n percent slower than the baseline
  --max-cache-hit-rate-drop <n>   exit 1 when the hit rate is n points below the baseline
  -h, --help                      show this help`

/** Returns the process exit code: 0, 1 when the gate fails, 2 on a usage error. */
export async function cli(argv: string[], out: (s: string) => void, err: (s: string) => void, now = new Date()): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        baseline: { type: 'string' },
        'min-cache-hit-rate': { type: 'string' },
        'max-duration': { type: 'string' },
        'max-duration-increase': { type: 'string' },
        'max-cache-hit-rate-drop': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false }
      }
    })
  } catch (e) {
    err(`${errorText(e)}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    out(USAGE)
    return 0
  }
  if (positionals.length === 0) {
    err(USAGE)
    return 2
  }
  const flags: Record<string, string | undefined> = {
    [Input.MinCacheHitRate]: values['min-cache-hit-rate'],
    [Input.MaxDuration]: values['max-duration'],
    [Input.MaxDurationIncrease]: values['max-duration-increase'],
    [Input.MaxCacheHitRateDrop]: values['max-cache-hit-rate-drop']
  }
  const { inputs, errors } = getInputs((name) => flags[name] ?? '')
  if (errors.length > 0) {
    err(errors.join('\n'))
    return 2
  }
  let baseline
  if (values.baseline !== undefined) {
    const loaded = await fileStore(values.baseline).load()
    if (loaded.warning !== undefined) err(`warning: ${loaded.warning}`)
    else if (loaded.notice !== undefined) err(`warning: ${loaded.notice}`)
    if (loaded.entries.length > 0) baseline = loaded.entries
  }
  const report = await reportFromLogs(positionals, { thresholds: inputs.thresholds, now }, { baseline })
  for (const p of report.problems) err(`warning: ${describeProblem(p)}`)
  out(values.json ? JSON.stringify(report, null, 2) : renderSummary(report))
  if (report.gate.verdict === 'fail') {
    for (const c of report.gate.checks) if (c.verdict === 'fail') err(c.message)
    return 1
  }
  return 0
}
