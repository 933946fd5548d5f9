import type { RawBuild, Vertex } from '../progress/vertex.js'
import { isBakeVertex, parseStepName } from './step-name.js'
import { unionLength } from './intervals.js'
import { round } from '../round.js'

/** The `type=` of `--cache-from` / `--cache-to`, as far as the log tells it. */
export type CacheBackend = 'local' | 'registry' | 'gha' | 's3' | 'azblob' | 'inline' | 'unknown'

/** One `--cache-from`: what the build imported, or tried to. */
export interface CacheImport {
  backend: CacheBackend
  /** The image ref (registry), or the directory (local, only when buildx says it found nothing there). */
  ref?: string
  seconds: number
  result: 'ok' | 'empty' | 'failed'
  /** The first line of BuildKit's error (a cache service's error page can run over many). */
  error?: string
  /** What it meant for this build, in words for a user; only when the import did not work. */
  explanation?: string
}

/** One `--cache-to`: what the build exported, or tried to. */
export interface CacheExport {
  backend: CacheBackend
  /** No exporter names its destination in Docker 28.5's logs: left for one that does. */
  ref?: string
  /** `mode=min|max`: printed nowhere in a log, so left undefined. */
  mode?: 'min' | 'max'
  seconds: number
  result: 'ok' | 'failed'
  error?: string
  explanation?: string
}

export interface CacheTransfer {
  imports: CacheImport[]
  exports: CacheExport[]
}

// `importing cache manifest from <x>`: a registry's ref as given, or for the other backends
// `<type>:<n>`, a number BuildKit makes (neither the directory nor the scope). A bake may name it
// with its target first.
const IMPORT = /^importing cache manifest from (\S+)$/
const NUMBERED = /^([a-z0-9]+):\d+$/
const NUMBERED_BACKENDS: Readonly<Record<string, CacheBackend>> = { local: 'local', gha: 'gha', s3: 's3', azblob: 'azblob' }

// Each exporter's name as BuildKit prints it (Docker 28.5 / buildx 0.29: local and gha seen in
// captured logs; the others are the names in BuildKit's exporters). Older BuildKit printed one
// `exporting cache` for every backend.
const EXPORTS: readonly [RegExp, CacheBackend][] = [
  [/^exporting cache to client directory$/, 'local'],
  [/^exporting cache to registry$/, 'registry'],
  [/^exporting (?:cache )?to GitHub Actions Cache$/, 'gha'],
  [/^exporting cache to Amazon S3$/, 's3'],
  [/^exporting cache to Azure Blob Storage$/, 'azblob'],
  [/^exporting inline cache$/, 'inline'],
  [/^exporting cache(?: to .+)?$/, 'unknown']
]

// buildx looks at a local cache's directory before the build and, finding no index there, says
// so in one client line and imports nothing: no vertex, only this.
const LOCAL_NOT_FOUND = /^WARNING: local cache import at (.+?) not found due to err: (.*)$/

/** `importing cache manifest from ...`: a `--cache-from`'s vertex (a bake's target left out). */
export function isCacheImport(name: string): boolean {
  return IMPORT.test(name)
}

/** A `--cache-to`'s vertex, whichever backend (a bake's target left out). */
export function isCacheExport(name: string): boolean {
  return EXPORTS.some(([re]) => re.test(name))
}

/** The cache a build imported and exported, read from its vertexes, their errors and the client's lines. */
export function cacheTransfer(raw: RawBuild): CacheTransfer {
  const bake = raw.vertexes.some((v) => isBakeVertex(v.name))
  const ran = everyStepRan(raw, bake)
  const imports: CacheImport[] = []
  const exports: CacheExport[] = []
  for (const v of raw.vertexes) {
    if (!v.started && !v.cached) continue
    const name = bake ? v.name.replace(/^\[[^\]\s]+\] /, '') : v.name
    const from = IMPORT.exec(name)?.[1]
    if (from !== undefined) {
      imports.push(importOf(v, from, ran))
      continue
    }
    const backend = EXPORTS.find(([re]) => re.test(name))?.[1]
    if (backend !== undefined) exports.push(exportOf(v, backend, raw.errors))
  }
  for (const w of raw.warnings) {
    const m = LOCAL_NOT_FOUND.exec(w)
    const [, dir = '', err = ''] = m ?? []
    if (m) imports.push(localNotFound(dir, err, ran))
  }
  return { imports, exports }
}

function importOf(v: Vertex, from: string, ran: boolean): CacheImport {
  const numbered = NUMBERED_BACKENDS[NUMBERED.exec(from)?.[1] ?? '']
  const imp: CacheImport = { backend: numbered ?? 'registry', seconds: seconds(v), result: 'ok' }
  if (numbered === undefined) imp.ref = from
  const failure = failureOf(v, imp.backend)
  if (failure === undefined) return imp
  imp.result = 'failed'
  if (failure.error !== undefined) imp.error = failure.error
  const source = imp.ref === undefined ? '' : ` from ${imp.ref}`
  imp.explanation = `the ${imp.backend} cache import${source} ${failure.what}: ${afterImport(ran)}`
  return imp
}

function exportOf(v: Vertex, backend: CacheBackend, errors: readonly string[]): CacheExport {
  const exp: CacheExport = { backend, seconds: seconds(v), result: 'ok' }
  const failure = failureOf(v, backend)
  if (failure === undefined) return exp
  exp.result = 'failed'
  const error = failure.error
  if (error !== undefined) exp.error = error
  // without ignore-error=true a failed cache export fails the build, and the client's ERROR repeats it
  const failedBuild = v.error !== undefined && error !== undefined && errors.some((e) => e.includes(error))
  exp.explanation =
    `the ${backend} cache export ${failure.what}: the cache of this run was not saved; the next run will miss` +
    (failedBuild ? '; it failed the build too (ignore-error=true keeps a failed cache export from failing it)' : '')
  return exp
}

function localNotFound(dir: string, err: string, ran: boolean): CacheImport {
  // an index missing from a directory that is there, or no directory to lock at all
  const what = /could not read \S*index\.json/.test(err)
    ? `the local cache at ${dir} held nothing`
    : /could not lock .*no such file or directory/.test(err)
      ? `the local cache directory ${dir} does not exist`
      : `no local cache was found at ${dir}`
  const imp: CacheImport = { backend: 'local', ref: dir, seconds: 0, result: 'empty', explanation: `${what}: ${afterImport(ran)}` }
  if (err !== '') imp.error = err
  return imp
}

function afterImport(everyStepRan: boolean): string {
  return everyStepRan ? 'every step ran' : 'the build went on without it'
}

/** Why a transfer did not work (`failed (HTTP 502 from the cache service)`, `was canceled`), or undefined when it did. */
function failureOf(v: Vertex, backend: CacheBackend): { error?: string; what: string } | undefined {
  if (v.error !== undefined) {
    const error = firstLine(v.error)
    const c = cause(error, backend)
    return { error, what: c === undefined ? 'failed' : `failed (${c})` }
  }
  if (v.canceled) return { error: 'canceled', what: 'was canceled' }
  // started and never ended: the log stops before it did (cut, or the build was killed)
  if (!v.done && !v.cached) return { what: 'did not finish' }
  return undefined
}

// Plain progress prints only an error's first line with the vertex; rawjson has it whole. The
// first line is what both formats tell alike.
function firstLine(s: string): string {
  const nl = s.indexOf('\n')
  return (nl < 0 ? s : s.slice(0, nl)).trim()
}

/** The cause a user can act on, when the error names one. */
function cause(error: string, backend: CacheBackend): string | undefined {
  const code = /\b(?:error response|unexpected status(?: code)?:?|status code) (\d{3})\b/.exec(error)?.[1]
  if (code !== undefined) return `HTTP ${code} from ${backend === 'registry' ? 'the registry' : 'the cache service'}`
  if (/connection refused/.test(error)) return 'connection refused'
  if (/no such host/.test(error)) return 'no such host'
  if (/i\/o timeout|deadline exceeded/.test(error)) return 'timed out'
  return undefined
}

/** The build ran Dockerfile steps (FROM left out) and found none cached: what an import would have given, nothing did. */
function everyStepRan(raw: RawBuild, bake: boolean): boolean {
  let steps = 0
  for (const v of raw.vertexes) {
    const step = parseStepName(v.name, bake)
    if (step === undefined || step.instruction === 'FROM') continue
    if (v.cached) return false
    steps++
  }
  return steps > 0
}

function seconds(v: Vertex): number {
  if (v.intervals.length > 0) return round(unionLength(v.intervals) / 1000, 3)
  return v.seconds ?? 0
}
