import { stat } from '../fs-async.js'
import { resolve } from 'node:path'
import type { Buildx } from '../docker/buildx.js'
import { refFromMetadata } from '../docker/history.js'
import type { RawBuild } from '../progress/vertex.js'
import { problem, type Problem } from '../problems.js'
import { readRegularFile } from '../regular-file.js'
import { Input, State } from '../constants.js'
import type { Source, SourceContext, SourceRead } from './source.js'
import { secretValues } from '../redact.js'
import { append } from '../arrays.js'

const HOW_TO_PASS_LOGS = 'or pass logs in log-files (docker buildx build --progress=rawjson ... 2>&1 | tee build.log)'

/** The `build-refs` input: records named by ref, by build-push-action's metadata, or by metadata files. */
export const buildRecordsSource: Source = {
  name: 'build-refs',
  wanted: (inputs) => inputs.buildRefs !== '',
  async read(ctx) {
    const named = await resolveBuildRefs(ctx.inputs.buildRefs, ctx.io.cwd)
    const read = await readRefs(ctx, named.refs)
    return { ...read, problems: [...named.problems, ...read.problems] }
  }
}

/** With no input naming builds: the builder's records since the job started (recorded by `pre`). */
export const thisJobSource: Source = {
  name: 'this job',
  wanted: () => false,
  async read(ctx) {
    const found = await thisJobsRecords(ctx)
    const read = await readRefs(ctx, found.refs)
    return { ...read, problems: [...found.problems, ...read.problems] }
  }
}

async function readRefs({ clients: { buildx } }: SourceContext, refs: readonly string[]): Promise<SourceRead> {
  if (refs.length === 0) return { builds: [], problems: [], sources: [] }
  const check = await buildx.checkHistory()
  if (!check.ok)
    return { builds: [], problems: [problem('docker-unavailable', `build records cannot be read: ${check.message}; ${HOW_TO_PASS_LOGS}`)], sources: [] }
  const read = await readBuildRecords(buildx, refs)
  return { builds: read.builds, problems: read.problems, sources: refs.map((r) => `build record ${r}`), secrets: read.secrets }
}

async function thisJobsRecords({ clients: { buildx }, io }: SourceContext): Promise<RefsResult> {
  const since = Date.parse(io.getState(State.JobStartedAt))
  if (Number.isNaN(since)) {
    const message = `none of ${Input.LogFiles}, ${Input.BuildRefs} or ${Input.Run} is set, and the job's start time is unknown (the action's pre step did not run), so this job's build records cannot be found; set one of them`
    return { refs: [], problems: [problem('input-invalid', message)] }
  }
  const check = await buildx.checkHistory()
  if (!check.ok) {
    const message = `none of ${Input.LogFiles}, ${Input.BuildRefs} or ${Input.Run} is set, and build records cannot be read: ${check.message}; ${HOW_TO_PASS_LOGS}`
    return { refs: [], problems: [problem('docker-unavailable', message)] }
  }
  const found = await recordsSince(buildx, since)
  if (found.refs.length === 0 && found.problems.length === 0) {
    const message = `no build record of builder ${buildx.builderName} started since the job began (${new Date(since).toISOString()}); build with buildx before this step, or set ${Input.LogFiles}`
    found.problems.push(problem('no-builds', message))
  }
  io.info(`found ${found.refs.length} build record(s) of this job`)
  return found
}

export interface RefsResult {
  refs: string[]
  problems: Problem[]
}

/**
 * The `build-refs` input: refs (`builder/node/id` or a bare id), docker/build-push-action's
 * `metadata` output (JSON, often over many lines), or paths of `--metadata-file` files.
 */
export async function resolveBuildRefs(text: string, cwd = process.cwd()): Promise<RefsResult> {
  const refs: string[] = []
  const problems: Problem[] = []
  const trimmed = text.trim()
  if (trimmed === '') return { refs, problems }
  if (trimmed.startsWith('{')) {
    const ref = fromJson(trimmed)
    if (ref) refs.push(ref)
    else
      problems.push(
        problem(
          'input-invalid',
          `${Input.BuildRefs}: the JSON given has no "buildx.build.ref" (give build-push-action's metadata output, a --metadata-file path, or refs)`
        )
      )
    return { refs, problems }
  }
  for (const line of trimmed
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')) {
    const path = resolve(cwd, line)
    if (REF.test(line) && !(await isFile(path))) {
      refs.push(line)
      continue
    }
    // a FIFO as a metadata file would block the step for good: refused before it is opened
    const read = await readRegularFile(path)
    if (!read.ok) {
      problems.push(
        problem(
          read.missing ? 'input-invalid' : 'file-unreadable',
          `${Input.BuildRefs}: ${read.missing ? 'neither a build ref (builder/node/id or id) nor a metadata file' : read.message}`,
          { file: line }
        )
      )
      continue
    }
    const ref = fromJson(read.text)
    if (ref) refs.push(ref)
    else
      problems.push(
        problem('input-invalid', `${Input.BuildRefs}: no "buildx.build.ref" in it (buildx writes no metadata file for a failed build)`, { file: line })
      )
  }
  return { refs: [...new Set(refs)], problems }
}

// `builder/node/id` or the bare id: buildx record ids are 25 lower-case letters and digits
const REF = /^(?:[\w.-]+\/[\w.-]+\/)?[a-z0-9]{20,}$/

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

function fromJson(text: string): string | undefined {
  try {
    return refFromMetadata(JSON.parse(text))
  } catch {
    return undefined
  }
}

/** Reads each record's steps (`history logs`) and its name and status (`history inspect`). */
export async function readBuildRecords(buildx: Buildx, refs: readonly string[]): Promise<{ builds: RawBuild[]; problems: Problem[]; secrets: string[] }> {
  const builds: RawBuild[] = []
  const problems: Problem[] = []
  const secrets: string[] = []
  // a few records at a time: each is two docker CLI starts, and one job can hold hundreds of
  // records within one time budget; results are kept in the records' order
  for (let i = 0; i < refs.length; i += RECORDS_AT_ONCE) {
    const read = await Promise.all(refs.slice(i, i + RECORDS_AT_ONCE).map((ref) => readRecord(buildx, ref)))
    for (const r of read) {
      if ('problem' in r) {
        problems.push(r.problem)
        continue
      }
      append(secrets, r.secrets)
      append(builds, r.builds)
    }
  }
  return { builds, problems, secrets }
}

const RECORDS_AT_ONCE = 4

async function readRecord(buildx: Buildx, ref: string): Promise<{ builds: RawBuild[]; secrets: string[] } | { problem: Problem }> {
  const details = await buildx.inspect(ref)
  if (!details.ok) return { problem: problem('record-unreadable', details.message) }
  const logs = await buildx.logs(ref, `build record ${ref}`)
  if (!logs.ok) return { problem: problem('record-unreadable', logs.message) }
  for (const b of logs.value) {
    b.name = details.value.name
    b.ref = ref
    if (details.value.error !== undefined && b.errors.length === 0) b.errors.push(details.value.error)
  }
  // BuildKit prints build-arg values in step names; the record names them
  return { builds: logs.value, secrets: secretValues(details.value.buildArgs) }
}

/** Records of this builder created at or after `since` (ms), oldest first. */
export async function recordsSince(buildx: Buildx, since: number): Promise<{ refs: string[]; problems: Problem[] }> {
  const ls = await buildx.historyLs()
  if (!ls.ok) return { refs: [], problems: [problem('record-unreadable', ls.message)] }
  const problems: Problem[] = []
  if (ls.value.skipped > 0)
    problems.push(problem('record-unreadable', `docker buildx history ls: ${ls.value.skipped} line(s) that are not a build record were skipped`))
  const refs = ls.value.records
    .filter((r) => r.createdAt !== undefined && r.createdAt >= since)
    .sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0))
    .map((r) => r.ref)
  return { refs, problems }
}
