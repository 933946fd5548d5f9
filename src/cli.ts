import { parseArgs } from 'node:util'
import { reportFromLogs } from './pipeline.js'
import { renderSummary } from './report/markdown.js'
import { describeProblem } from './problems.js'
import { getInputs } from './inputs.js'
import { Input } from './constants.js'

const USAGE = `Usage: build-insights [options] <log files or globs...>

Reads BuildKit progress logs (--progress=plain or rawjson, .gz too) and prints the report
the action writes to the job summary.

Options:
  --json                     print the JSON report instead of markdown
  --min-cache-hit-rate <n>   exit 1 when the cache hit rate (percent) is below n
  -h, --help                 show this help`

/** Returns the process exit code: 0, 1 when the gate fails, 2 on a usage error. */
export async function cli(argv: string[], out: (s: string) => void, err: (s: string) => void, now = new Date()): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'min-cache-hit-rate': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false }
      }
    })
  } catch (e) {
    err(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`)
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
  const { inputs, errors } = getInputs((name) => (name === Input.MinCacheHitRate ? values['min-cache-hit-rate'] ?? '' : ''))
  if (errors.length > 0) {
    err(errors.join('\n'))
    return 2
  }
  const report = await reportFromLogs(positionals, { minCacheHitRate: inputs.minCacheHitRate, now })
  for (const p of report.problems) err(`warning: ${describeProblem(p)}`)
  out(values.json ? JSON.stringify(report, null, 2) : renderSummary(report))
  if (report.gate.verdict === 'fail') {
    err(report.gate.message ?? 'gate failed')
    return 1
  }
  return 0
}
