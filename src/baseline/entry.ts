import type { Analysis } from '../analysis/analyse.js'
import { SCHEMA_VERSION } from '../report/schema.js'
import { finite, isRecord } from '../json.js'
import type { Build } from '../model/build.js'
import { buildKey, type BaselineStep } from '../analysis/root-causes.js'

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined)
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : [])

/** One past run as a baseline keeps it: the figures deltas need, not the whole report. */
export interface BaselineEntry {
  /** The report schema this entry was made from. */
  schemaVersion: number
  createdAt: string
  runId?: string
  runAttempt?: string
  sha?: string
  ref?: string
  steps: number
  cached: number
  hitRate: number | null
  /** seconds */
  duration: number
  durationKind: string
  stages: { platform: string; name: string; steps: number; cached: number; seconds: number }[]
  /** Keyed by stepKey(): the same instruction in the same stage is the same step across runs. */
  stepTimes: StepTime[]
  /** The job's billable minutes (so far, when the action measured it), for the summary's trend. */
  billableMinutes?: number
  /** Seconds the cache saved this run (its cached steps' times when they last ran), when there was a baseline. */
  timeSaved?: number
  /** Seconds the run spent importing and exporting cache. */
  cacheOverhead?: number
}

/** A step of a past run: its time, and what root causes compare (its build, position and context files). */
export interface StepTime {
  key: string
  cached: boolean
  seconds: number
  /** buildKey() of its build. */
  build?: string
  /** Its `i` in `[stage i/n]`. */
  index?: number
  /** A COPY/ADD from the context: path → content hash. */
  files?: Record<string, string>
}

/** What a baseline store keeps: the newest runs, oldest first. */
export interface BaselineHistory {
  schemaVersion: number
  entries: BaselineEntry[]
}

export const WINDOW = 20

/** Steps match across runs by platform, stage and instruction text (the `#N` and digests change). */
export function stepKey(s: { platform: string; stage: string; text: string }): string {
  return `${s.platform}\u0000${s.stage}\u0000${s.text}`
}

export interface RunMeta {
  runId?: string | undefined
  runAttempt?: string | undefined
  sha?: string | undefined
  ref?: string | undefined
}

/** What a run measured: its analysis and when (a Report is one too). */
export interface Measured extends Pick<Analysis, 'totals' | 'stages' | 'builds'> {
  generatedAt: string
}

export function toEntry(
  report: Measured & {
    schemaVersion: number
    cacheBenefit?: { timeSaved?: number; overhead: number } | undefined
    billing?: { billableMinutes?: number } | undefined
  },
  meta: RunMeta = {}
): BaselineEntry {
  const entry: BaselineEntry = {
    schemaVersion: report.schemaVersion,
    createdAt: report.generatedAt,
    steps: report.totals.steps,
    cached: report.totals.cached,
    hitRate: report.totals.hitRate,
    duration: report.totals.duration,
    durationKind: report.totals.durationKind,
    stages: report.stages.map((s) => ({ platform: s.platform, name: s.name, steps: s.steps, cached: s.cached, seconds: s.seconds })),
    stepTimes: report.builds.flatMap((b) => stepTimesOf(b))
  }
  const minutes = report.billing?.billableMinutes
  if (minutes !== undefined) entry.billableMinutes = minutes
  const benefit = report.cacheBenefit
  if (benefit?.timeSaved !== undefined) entry.timeSaved = benefit.timeSaved
  if (benefit) entry.cacheOverhead = benefit.overhead
  if (meta.runId !== undefined) entry.runId = meta.runId
  if (meta.runAttempt !== undefined) entry.runAttempt = meta.runAttempt
  if (meta.sha !== undefined) entry.sha = meta.sha
  if (meta.ref !== undefined) entry.ref = meta.ref
  return entry
}

function stepTimesOf(b: Build): StepTime[] {
  const build = buildKey(b)
  return b.steps.map((s) => {
    const t: StepTime = { key: stepKey(s), cached: s.cached, seconds: s.seconds, build, index: s.index }
    if (s.files) t.files = s.files
    return t
  })
}

/**
 * The baseline run's steps of each build of this run, looked up by buildKey(): all its steps for
 * every build when it kept no build keys. The index is made once (a log can hold 200,000 builds).
 */
export function baselineSteps(entry: BaselineEntry): (b: Build) => BaselineStep[] {
  const byBuild = new Map<string | undefined, BaselineStep[]>()
  const keyed = entry.stepTimes.some((t) => t.build !== undefined)
  for (const t of entry.stepTimes) {
    const [platform = '', stage = '', text = ''] = t.key.split('\u0000')
    const s: BaselineStep = { platform, stage, text, cached: t.cached, seconds: t.seconds }
    if (t.build !== undefined) s.build = t.build
    if (t.index !== undefined) s.index = t.index
    if (t.files) s.files = t.files
    const k = keyed ? t.build : undefined
    const list = byBuild.get(k)
    if (list) list.push(s)
    else byBuild.set(k, [s])
  }
  return (b) => byBuild.get(keyed ? buildKey(b) : undefined) ?? []
}

/** The new history: the window's entries with this run's appended, the oldest dropped past WINDOW. */
export function appendEntry(history: readonly BaselineEntry[], entry: BaselineEntry): BaselineHistory {
  return { schemaVersion: SCHEMA_VERSION, entries: [...history, entry].slice(-WINDOW) }
}

/**
 * Reads what a store or a file holds: a BaselineHistory, or a report JSON (the `report` output,
 * `build-insights --json`). Other schema versions are read where their fields are there.
 */
export function readBaseline(json: unknown): { entries: BaselineEntry[]; warning?: string } {
  if (!isRecord(json)) return { entries: [], warning: 'the baseline is not a JSON object' }
  const version = finite(json.schemaVersion)
  const note = version !== undefined && version !== SCHEMA_VERSION ? ` (schemaVersion ${version}, this version reads ${SCHEMA_VERSION})` : ''
  if (Array.isArray(json.entries)) {
    // the window is the newest WINDOW runs: a longer history is read from its end
    const given = json.entries.slice(-WINDOW)
    const entries = given.map(entryFrom).filter((e): e is BaselineEntry => e !== undefined)
    if (entries.length === 0) return { entries, warning: `the baseline history has no entry that can be read${note}` }
    return entries.length < given.length ? { entries, warning: `${given.length - entries.length} baseline entries could not be read${note}` } : { entries }
  }
  const fromReport = reportEntry(json)
  return fromReport ? { entries: [fromReport] } : { entries: [], warning: `the baseline is neither a report nor a baseline history${note}` }
}

/** A whole number of steps, as a count. */
const count = (n: number): boolean => Number.isInteger(n) && n >= 0
/** A build's time: not negative, and shorter than 35 days (no runner keeps a job that long). */
const seconds = (n: number): boolean => n >= 0 && n <= 35 * 24 * 3600

function entryFrom(x: unknown): BaselineEntry | undefined {
  if (!isRecord(x)) return undefined
  const steps = finite(x.steps)
  const cached = finite(x.cached)
  const duration = finite(x.duration)
  if (steps === undefined || cached === undefined || duration === undefined || typeof x.createdAt !== 'string') return undefined
  // a figure no build can have (one `hitRate: 1e9` once failed a gate): the entry is not a run's
  const hitRate = x.hitRate === null || x.hitRate === undefined ? undefined : finite(x.hitRate)
  if (!count(steps) || !count(cached) || cached > steps || !seconds(duration)) return undefined
  if (hitRate === undefined ? x.hitRate !== null && x.hitRate !== undefined : hitRate < 0 || hitRate > 100) return undefined
  const stages = Array.isArray(x.stages) ? x.stages.flatMap(stageFrom) : []
  const stepTimes = Array.isArray(x.stepTimes) ? x.stepTimes.flatMap(stepTimeFrom) : []
  if (stages.some((s) => !count(s.steps) || !count(s.cached) || s.cached > s.steps || !seconds(s.seconds)) || stepTimes.some((s) => !seconds(s.seconds)))
    return undefined
  const e: BaselineEntry = {
    schemaVersion: finite(x.schemaVersion) ?? 0,
    createdAt: x.createdAt,
    steps,
    cached,
    hitRate: hitRate ?? (steps > 0 ? (cached / steps) * 100 : null),
    duration,
    durationKind: typeof x.durationKind === 'string' ? x.durationKind : 'sum',
    stages,
    stepTimes
  }
  const minutes = finite(x.billableMinutes)
  if (minutes !== undefined && count(minutes)) e.billableMinutes = minutes
  // what a run's cache saved and cost: kept where they are times, else left out
  for (const k of ['timeSaved', 'cacheOverhead'] as const) {
    const v = finite(x[k])
    if (v !== undefined && seconds(v)) e[k] = v
  }
  for (const k of ['runId', 'runAttempt', 'sha', 'ref'] as const) {
    const v = x[k]
    if (typeof v === 'string') e[k] = v
  }
  return e
}

function stageFrom(x: unknown): BaselineEntry['stages'] {
  if (!isRecord(x) || typeof x.name !== 'string') return []
  return [
    {
      platform: typeof x.platform === 'string' ? x.platform : '',
      name: x.name,
      steps: finite(x.steps) ?? 0,
      cached: finite(x.cached) ?? 0,
      seconds: finite(x.seconds) ?? 0
    }
  ]
}

function stepTimeFrom(x: unknown): BaselineEntry['stepTimes'] {
  if (!isRecord(x) || typeof x.key !== 'string') return []
  const t: StepTime = { key: x.key, cached: x.cached === true, seconds: finite(x.seconds) ?? 0 }
  if (typeof x.build === 'string') t.build = x.build
  const index = finite(x.index)
  if (index !== undefined && Number.isInteger(index) && index > 0) t.index = index
  const files = filesFrom(x.files)
  if (files) t.files = files
  return [t]
}

/** A context manifest: string paths to string hashes, nothing else. */
function filesFrom(x: unknown): Record<string, string> | undefined {
  if (!isRecord(x)) return undefined
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(x)) if (typeof v === 'string') out[k] = v
  return out
}

/** A report JSON read field by field: enough of it for an entry, whatever its version. */
function reportEntry(json: Record<string, unknown>): BaselineEntry | undefined {
  const totals = json.totals
  if (!isRecord(totals)) return undefined
  const stepTimes: BaselineEntry['stepTimes'] = []
  if (Array.isArray(json.builds)) {
    for (const b of json.builds) {
      if (!isRecord(b) || !Array.isArray(b.steps)) continue
      for (const s of b.steps) {
        if (!isRecord(s) || typeof s.stage !== 'string' || typeof s.text !== 'string') continue
        const t = stepTimeFrom({ ...s, key: stepKey({ platform: typeof s.platform === 'string' ? s.platform : '', stage: s.stage, text: s.text }) })
        const build = isRecord(b)
          ? buildKey({ target: str(b.target), images: strings(b.images), dockerfile: str(b.dockerfile), index: finite(b.index) ?? 1 })
          : undefined
        for (const one of t) stepTimes.push(build === undefined ? one : { ...one, build })
      }
    }
  }
  // a report's totals carry an entry's figures under the same names
  return entryFrom({
    ...totals,
    schemaVersion: json.schemaVersion,
    createdAt: typeof json.generatedAt === 'string' ? json.generatedAt : '',
    stages: json.stages,
    stepTimes
  })
}
