import { parseArgs } from 'node:util'
import type { Readable } from 'node:stream'
import { reportFromBuilds } from './pipeline.js'
import { BuildFold } from './analysis/fold.js'
import { readLogFiles } from './sources/log-files.js'
import { plainText } from './plain-text.js'
import { renderSummary } from './summary/markdown.js'
import { jsonText } from './report/json-stream.js'
import { describeProblem, errorText } from './problems.js'
import { getInputs } from './inputs.js'
import { fileStore } from './baseline/file-store.js'
import { GATES } from './gates/index.js'
import { judge } from './gates/policy.js'

const FLAG_WIDTH = 32
const flagLine = (flag: string, text: string): string => `  ${flag.padEnd(FLAG_WIDTH)}${text}`
const arg = (unit: string | undefined): string => (unit === 's' ? '<s>' : '<n>')

const USAGE = `Usage: build-insights [options] <log files, globs or - for standard input...>
       build-insights runs --repo owner/name | --dir <folder>   (past runs' job logs: build-insights runs --help)

Reads BuildKit progress logs (--progress=plain or rawjson, .gz too) and prints the report
the action writes to the job summary, as plain text. Globs as in upload-artifact: *, **,
and !pattern to leave files out (quote them from the shell).

Options:
${[
  flagLine('--markdown', 'print the markdown of the job summary instead of plain text'),
  flagLine('--json', 'print the JSON report instead'),
  flagLine('--baseline <file>', 'compare with a report (an earlier --json) or a baseline history'),
  flagLine('--context <dir>', 'the build context: cache misses name the files that changed'),
  flagLine('--dockerfile <file>', "the Dockerfile (default: the build's own, in --context)"),
  ...GATES.map((g) => flagLine(`--${g.input} ${arg(g.unit)}`, g.usage)),
  flagLine('-h, --help', 'show this help')
].join('\n')}`

/** Returns the process exit code: 0, 1 only when a gate fails, 2 on a usage error or an error of its own (one line). */
export async function cli(
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  now = new Date(),
  cwd = process.cwd(),
  stdin?: Readable,
  /** Writes text as it is, no newline added: the JSON report goes out through it in pieces. */
  write?: (s: string) => void
): Promise<number> {
  try {
    // a subcommand of its own: past runs' job logs (loaded only then)
    if (argv[0] === 'runs') {
      const { runsCommand } = await import('./runs/command.js')
      return await runsCommand(argv.slice(1), { out, err, env: process.env, cwd })
    }
    return await report(argv, out, err, now, cwd, stdin, write)
  } catch (e) {
    err(`build-insights: ${errorText(e).split('\n')[0] ?? ''}`)
    return 2
  }
}

async function report(
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  now: Date,
  cwd: string,
  stdin: Readable | undefined,
  write: ((s: string) => void) | undefined
): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        markdown: { type: 'boolean', default: false },
        baseline: { type: 'string' },
        context: { type: 'string' },
        dockerfile: { type: 'string' },
        ...Object.fromEntries(GATES.map((g) => [g.input, { type: 'string' as const }])),
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
  // the gates' flags are the action's inputs, read by the same parser
  const flags: Record<string, unknown> = values
  // no environment: OTEL_EXPORTER_OTLP_* in a shell is for other programs, the CLI sends nothing
  const { inputs, errors } = getInputs((name) => {
    const v = GATES.some((g) => g.input === name) ? flags[name] : undefined
    return typeof v === 'string' ? v : ''
  }, {})
  if (errors.length > 0) {
    err(errors.map((e) => e.message).join('\n'))
    return 2
  }
  let baseline
  if (typeof values.baseline === 'string') {
    const loaded = await fileStore(values.baseline, cwd).load()
    if (loaded.problem !== undefined) err(`warning: ${describeProblem(loaded.problem)}`)
    if (loaded.entries.length > 0) baseline = loaded.entries
  }
  const fold = new BuildFold()
  const read = await readLogFiles(positionals, cwd, stdin, (b) => {
    fold.add(b)
  })
  // the context is read only when asked for: a log is often read far from the build's sources
  const context =
    values.context !== undefined || values.dockerfile !== undefined ? { context: values.context ?? '.', dockerfile: values.dockerfile ?? '', cwd } : undefined
  const report = reportFromBuilds(fold, read.files, read.problems, { thresholds: inputs.thresholds, now, cwd, context }, { baseline })
  for (const p of report.problems) err(`warning: ${describeProblem(p)}`)
  if (values.json && write) {
    // in pieces: a report of any size is printed, one string of it may pass V8's longest
    for (const piece of jsonText(report)) write(piece)
  } else {
    out(values.json ? JSON.stringify(report, null, 2) : values.markdown ? renderSummary(report) : plainText(renderSummary(report)))
  }
  const judgement = judge(report.gate, 'fail', [], undefined, {
    failOnEmpty: true,
    steps: report.totals.steps,
    inputs: ['the logs'],
    problems: report.problems,
    sources: report.files
  })
  for (const f of judgement.failures) err(f)
  return judgement.failures.length > 0 ? 1 : 0
}
