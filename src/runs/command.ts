import { parseArgs } from 'node:util'
import { execFile } from 'node:child_process'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { errorText } from '../problems.js'
import { Deadline } from '../deadline.js'
import { RestClient } from '../github/rest.js'
import { fetchRuns } from './fetch.js'
import { readLogDir } from './local.js'
import { trendOf } from './trend.js'
import { renderJson, renderMarkdown, renderText } from './render.js'
import type { Collected } from './job-logs.js'

export const RUNS_USAGE = `Usage: build-insights runs --repo owner/name [--workflow ci.yml] [--branch main] [--job NAME] [--last 30]
       build-insights runs --dir <folder of job logs>

Reads past runs' GitHub job logs and prints, per workflow, job and build, the cache hit rate, the
build time, the job's billable minutes and cost of each run, with a chart of each (oldest → newest).
The token is GITHUB_TOKEN, else \`gh auth token\` (it needs actions: read). Logs are kept in the
cache folder and not fetched again; an expired log (HTTP 410) is named and the rest is shown.

Options:
  --repo <owner/name>       the repository whose runs are read (GITHUB_API_URL for GitHub Enterprise)
  --workflow <file>         one workflow, by file name (ci.yml) or id
  --branch <name>           runs on this branch only
  --job <name>              this job only (its matrix legs too: "build" matches "build (amd64)")
  --last <n>                the newest n completed runs (default 30)
  --dir <folder>            read logs already on disk instead: what runs fetched, the web UI's
                            log archives unpacked (<run>/0_build.txt), or gh run view --log output
  --cache-dir <folder>      where fetched logs are kept (default ~/.cache/build-insights)
  --minute-price <usd>      USD per runner minute, over the price table
  --timeout <s>             seconds for all requests and waits for the rate limit (default 300)
  --markdown                Markdown with Mermaid xychart-beta charts instead of text
  --json                    JSON for tools
  -h, --help                show this help`

export interface RunsIO {
  out: (s: string) => void
  err: (s: string) => void
  env: NodeJS.ProcessEnv
  cwd: string
  /** `gh auth token`, or undefined when gh is not there or not logged in. */
  ghToken?: () => Promise<string | undefined>
  fetch?: typeof fetch
}

/** `build-insights runs ...`: 0, 1 when no job log could be read, 2 on a usage error. */
export async function runsCommand(argv: string[], io: RunsIO): Promise<number> {
  let values
  try {
    values = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        repo: { type: 'string' },
        workflow: { type: 'string' },
        branch: { type: 'string' },
        job: { type: 'string' },
        last: { type: 'string' },
        dir: { type: 'string' },
        'cache-dir': { type: 'string' },
        'minute-price': { type: 'string' },
        timeout: { type: 'string' },
        markdown: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      }
    }).values
  } catch (e) {
    io.err(`${errorText(e)}\n\n${RUNS_USAGE}`)
    return 2
  }
  if (values.help) {
    io.out(RUNS_USAGE)
    return 0
  }
  const usage = (why: string): number => {
    io.err(`build-insights runs: ${why}\n\n${RUNS_USAGE}`)
    return 2
  }
  const last = number(values.last, 30)
  const timeout = number(values.timeout, 300)
  const price = values['minute-price'] === undefined ? undefined : number(values['minute-price'], Number.NaN)
  if (last === undefined || !Number.isInteger(last) || last < 1) return usage(`--last: "${values.last ?? ''}" is not a whole number of at least 1`)
  if (timeout === undefined || timeout <= 0) return usage(`--timeout: "${values.timeout ?? ''}" is not a number of seconds above 0`)
  if (price !== undefined && !(price >= 0)) return usage(`--minute-price: "${values['minute-price'] ?? ''}" is not a number of at least 0`)
  const repo = /^([\w.-]+)\/([\w.-]+)$/.exec(values.repo ?? '')
  if (values.dir === undefined && !repo)
    return usage(values.repo === undefined ? 'give --repo owner/name or --dir' : `--repo: "${values.repo}" is not owner/name`)

  let collected: Collected
  if (values.dir !== undefined) {
    collected = await readLogDir(resolve(io.cwd, values.dir))
  } else {
    const token = io.env.GITHUB_TOKEN?.trim() || (await (io.ghToken ?? ghAuthToken)()) || ''
    if (token === '') io.err('warning: no token (GITHUB_TOKEN, or gh auth login): GitHub answers 60 requests an hour without one, and no job log')
    const deadline = new Deadline(timeout)
    try {
      const client = new RestClient({
        token,
        apiUrl: io.env.GITHUB_API_URL,
        deadline,
        ...(io.fetch ? { fetch: io.fetch } : {}),
        onWait: (s, why) => {
          io.err(`waiting ${s}s for ${why}`)
        }
      })
      collected = await fetchRuns({
        owner: repo?.[1] ?? '',
        repo: repo?.[2] ?? '',
        workflow: values.workflow,
        branch: values.branch,
        job: values.job,
        last,
        cacheDir: resolve(io.cwd, values['cache-dir'] ?? defaultCacheDir(io.env)),
        client,
        progress: (line) => {
          io.err(line)
        }
      })
    } finally {
      deadline.dispose()
    }
  }
  const trend = await trendOf(collected, { minutePrice: price })
  for (const p of trend.problems) io.err(`warning: ${p}`)
  io.out(values.json ? renderJson(trend) : values.markdown ? renderMarkdown(trend) : renderText(trend))
  return trend.jobs.length === 0 ? 1 : 0
}

function number(s: string | undefined, fallback: number): number | undefined {
  if (s === undefined) return fallback
  const n = Number(s.trim().replace(/s$/, ''))
  return s.trim() === '' || !Number.isFinite(n) ? undefined : n
}

function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'build-insights')
}

/** `gh auth token`, bounded: gh may be missing, logged out, or waiting on a keyring. */
function ghAuthToken(): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('gh', ['auth', 'token'], { timeout: 10_000 }, (error, stdout) => {
      done(error ? undefined : stdout.trim() || undefined)
    })
  })
}
