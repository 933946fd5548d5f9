import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Buildx } from '../docker/buildx.js'
import { refFromMetadata } from '../docker/history.js'
import type { RawBuild } from '../progress/vertex.js'
import { problem, type Problem } from '../problems.js'
import { Input } from '../constants.js'
import { readRegularFile } from '../regular-file.js'

export interface RefsResult {
  refs: string[]
  problems: Problem[]
}

/**
 * The `build-refs` input: refs (`builder/node/id` or a bare id), docker/build-push-action's
 * `metadata` output (JSON, often over many lines), or paths of `--metadata-file` files.
 */
export async function parseBuildRefs(text: string, cwd = process.cwd()): Promise<RefsResult> {
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
export async function readBuildRecords(buildx: Buildx, refs: readonly string[]): Promise<{ builds: RawBuild[]; problems: Problem[] }> {
  const builds: RawBuild[] = []
  const problems: Problem[] = []
  for (const ref of refs) {
    const details = await buildx.inspect(ref)
    if (!details.ok) {
      problems.push(problem('record-unreadable', details.message))
      continue
    }
    const logs = await buildx.logs(ref, `build record ${ref}`)
    if (!logs.ok) {
      problems.push(problem('record-unreadable', logs.message))
      continue
    }
    for (const b of logs.value) {
      b.name = details.value.name
      b.ref = ref
      if (details.value.error !== undefined && b.errors.length === 0) b.errors.push(details.value.error)
      builds.push(b)
    }
  }
  return { builds, problems }
}

/** Records of this builder created at or after `since` (ms), oldest first. */
export async function recordsSince(buildx: Buildx, since: number): Promise<{ refs: string[]; problems: Problem[] }> {
  const ls = await buildx.historyLs()
  if (!ls.ok) return { refs: [], problems: [problem('record-unreadable', ls.message)] }
  const refs = ls.value
    .filter((r) => r.createdAt !== undefined && r.createdAt >= since)
    .sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0))
    .map((r) => r.ref)
  return { refs, problems: [] }
}
