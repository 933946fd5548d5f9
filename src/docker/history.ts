// `docker buildx history` (buildx >= 0.20; `--format json` >= 0.21): the command runs in
// buildx.ts, these pure functions read what it prints.

import { isRecord, parseJson, timestamp } from '../json.js'

/** One line of `docker buildx history ls --format json`. */
export interface HistoryRecord {
  /** `builder/node/id` */
  ref: string
  name: string
  status: string
  createdAt: number | undefined
  completedAt: number | undefined
}

/** `--build-arg NAME=value` as the record keeps it. */
export interface BuildArg {
  name: string
  value: string
}

/** `docker buildx history inspect <id> --format json`, the fields used. */
export interface RecordDetails {
  name: string
  ref: string
  status: string
  error: string | undefined
  startedAt: number | undefined
  completedAt: number | undefined
  /** `BuildArgs` in clear (buildx 0.29 does not redact them): for the caller to hide the secret ones. */
  buildArgs: BuildArg[]
}

function str(x: unknown): string {
  return typeof x === 'string' ? x : ''
}

/** One JSON object per line; lines that are not records are skipped and counted. */
export function parseHistoryLs(text: string): { records: HistoryRecord[]; skipped: number } {
  const records: HistoryRecord[] = []
  let skipped = 0
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const o = parseJson(line)
    if (!isRecord(o) || typeof o.ref !== 'string') {
      skipped++
      continue
    }
    records.push({ ref: o.ref, name: str(o.name), status: str(o.status), createdAt: timestamp(o.created_at), completedAt: timestamp(o.completed_at) })
  }
  return { records, skipped }
}

export function parseInspect(text: string): RecordDetails | undefined {
  const o = parseJson(text)
  if (!isRecord(o) || typeof o.Ref !== 'string') return undefined
  const error = isRecord(o.Error) ? str(o.Error.Message) : str(o.Error)
  return {
    name: str(o.Name),
    ref: o.Ref,
    status: str(o.Status),
    error: error === '' ? undefined : error,
    startedAt: timestamp(o.StartedAt),
    completedAt: timestamp(o.CompletedAt),
    buildArgs: buildArgs(o.BuildArgs)
  }
}

/** `[{ "Name": "API_TOKEN", "Value": "…" }]`; absent when the build had none. */
function buildArgs(x: unknown): BuildArg[] {
  if (!Array.isArray(x)) return []
  return x.filter(isRecord).flatMap((a) => (typeof a.Name === 'string' ? [{ name: a.Name, value: str(a.Value) }] : []))
}

/** `builder/node/id` → its parts; a bare id has no builder. `logs` and `inspect` want the bare id (buildx 0.29). */
export function splitRef(ref: string): { builder: string | undefined; id: string } {
  const parts = ref.trim().split('/')
  const id = parts.at(-1) ?? ''
  return { builder: parts.length === 3 ? parts[0] : undefined, id }
}

/** The ref in a `--metadata-file` or in docker/build-push-action's `metadata` output. */
export function refFromMetadata(json: unknown): string | undefined {
  if (!isRecord(json)) return undefined
  const ref = json['buildx.build.ref']
  return typeof ref === 'string' && ref !== '' ? ref : undefined
}

/** `github.com/docker/buildx v0.29.1 …` or `… 0.29.1+ds1 …` → [0, 29, 1]. */
export function parseBuildxVersion(text: string): [number, number, number] | undefined {
  const m = /\bv?(\d+)\.(\d+)\.(\d+)/.exec(text)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined
}

export function versionAtLeast(v: readonly [number, number, number], min: readonly [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) {
    const a = v[i] ?? 0
    const b = min[i] ?? 0
    if (a !== b) return a > b
  }
  return true
}
