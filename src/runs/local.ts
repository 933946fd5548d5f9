import { open, readdir, readFile } from 'node:fs/promises'
import { basename, dirname, join, relative } from 'node:path'
import { lineStamp } from '../progress/joblog.js'
import { runFileFrom, type Collected, type JobInfo, type RunFile } from './job-logs.js'

// A folder of job logs already on disk: what `runs` fetched (a run.json beside each run's logs), the
// web UI's log archives unpacked (`<run>/0_build.txt`, with a `build/` folder of the same job's
// steps beside it, left out), or logs saved by hand (`gh run view --log > 123.log`). Each folder
// holding logs is one run; a log's job is its file name without the archive's `0_` and `.txt`.

const LOG = /\.(?:txt|log)$/

export async function readLogDir(dir: string): Promise<Collected> {
  const out: Collected = { logs: [], missing: [], problems: [] }
  await walk(dir, dir, out)
  if (out.logs.length === 0) out.problems.push(`no job log (*.txt, *.log) found in ${dir}`)
  return out
}

async function walk(root: string, dir: string, out: Collected): Promise<void> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (e) {
    out.problems.push(`${dir} could not be read: ${e instanceof Error ? e.message : String(e)}`)
    return
  }
  entries.sort((a, b) => a.name.localeCompare(b.name))
  const files = entries.filter((e) => e.isFile() && LOG.test(e.name)).map((e) => e.name)
  // the web UI's archive: `0_build.txt` is the job's whole log, `build/` the same lines per step
  const jobsHere = new Set(files.map((f) => f.replace(/^\d+_/, '').replace(LOG, '')))
  let meta: RunFile | undefined
  if (entries.some((e) => e.name === 'run.json')) meta = await readRunFile(join(dir, 'run.json'), out)
  for (const f of files) {
    const file = join(dir, f)
    const name = f.replace(/^\d+_/, '').replace(LOG, '')
    const listed = meta?.jobs.find((j) => j.id !== undefined && f.startsWith(`${j.id}_`))
    const job: JobInfo = listed ?? { name, labels: [] }
    if (job.startedAt === undefined) Object.assign(job, await timesOf(file))
    // a file with no timestamped line is no job log (a build context's files beside them)
    if (listed === undefined && job.startedAt === undefined) continue
    const folder = relative(root, dir)
    // without run.json: the folder is the run, the folder it is in (or the one given) the workflow
    const parent = dirname(folder)
    const run = meta?.run ?? {
      id: folder === '' ? f.replace(LOG, '') : basename(folder),
      attempt: 1,
      workflow: parent === '.' || folder === '' ? basename(root) : parent
    }
    if (run.createdAt === undefined && job.startedAt !== undefined) run.createdAt = job.startedAt
    out.logs.push({ run, job, file })
  }
  for (const e of entries) if (e.isDirectory() && !jobsHere.has(e.name)) await walk(root, join(dir, e.name), out)
}

async function readRunFile(path: string, out: Collected): Promise<RunFile | undefined> {
  try {
    const read = runFileFrom(JSON.parse(await readFile(path, 'utf8')))
    if (read === undefined) out.problems.push(`${path} is not a run.json that runs wrote; its logs are read without it`)
    return read
  } catch {
    out.problems.push(`${path} could not be read; its logs are read without it`)
    return undefined
  }
}

const EDGE = 64 * 1024

/** The times of a log's first and last timestamped lines: a job's start and end, where no jobs API said them. */
async function timesOf(file: string): Promise<Pick<JobInfo, 'startedAt' | 'completedAt'>> {
  let fh
  try {
    fh = await open(file, 'r')
    const size = (await fh.stat()).size
    const head = Buffer.alloc(Math.min(EDGE, size))
    await fh.read(head, 0, head.length, 0)
    const tail = Buffer.alloc(Math.min(EDGE, size))
    await fh.read(tail, 0, tail.length, size - tail.length)
    const first = stamps(head.toString('utf8')).at(0)
    const last = stamps(tail.toString('utf8')).at(-1)
    const times: Pick<JobInfo, 'startedAt' | 'completedAt'> = {}
    if (first !== undefined) times.startedAt = new Date(first).toISOString()
    if (last !== undefined) times.completedAt = new Date(last).toISOString()
    return times
  } catch {
    return {}
  } finally {
    await fh?.close()
  }
}

function stamps(text: string): number[] {
  const out: number[] = []
  for (const line of text.split('\n')) {
    // `gh run view --log`: the time is the third column
    const cols = line.split('\t')
    const s = lineStamp((cols.length >= 3 ? cols.slice(2).join('\t') : line).replace(/^\uFEFF/, ''))
    if (s) out.push(s.at)
  }
  return out
}
