import { hitRate } from '../analysis/analyse.js'
import type { GateVerdict } from '../gates/gate.js'
import type { JobIdentity } from '../github/job.js'
import { finite, isRecord } from '../json.js'
import { buildName } from '../model/identity.js'
import { SCHEMA_VERSION } from '../report/schema.js'
import type { Deltas } from '../baseline/deltas.js'

// One leg of a matrix as its JSON report tells it: a report written by another job, maybe by
// another version of this action, so every field used is checked here and nothing is cast.

export interface LegTotals {
  steps: number
  cached: number
  hitRate: number | null
  builds: number
  failed: number
  /** seconds */
  duration: number
  durationKind: 'wall' | 'sum' | 'mixed'
}

export interface LegStage {
  platform: string
  name: string
  steps: number
  cached: number
  seconds: number
}

/** The figures the gates compare with a baseline, as the leg's own report has them. */
export type LegDeltas = Pick<Deltas, 'runs' | 'baselineDuration' | 'baselineHitRate' | 'durationDelta' | 'durationDeltaPercent' | 'hitRateDelta'>

export interface LegBilling {
  billableMinutes?: number
  cost?: number
  monthlyMinutes?: number
  monthlyCost?: number
  /** The runner's price line (`linux 2-core (x64)`). */
  sku?: string
}

export interface Leg {
  /** The report file, as the pattern found it. */
  file: string
  /** `build (linux/arm64)`: the job and its matrix values; made unique among the legs by merge. */
  name: string
  job?: JobIdentity
  generatedAt: string
  totals: LegTotals
  platforms: string[]
  stages: LegStage[]
  /** What each build made (`acme/api:ci`). */
  builds: string[]
  billing?: LegBilling
  deltas?: LegDeltas
  /** The leg's own gate, as judged in its job. */
  gate: GateVerdict
}

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined)
const count = (x: unknown): number | undefined => {
  const n = finite(x)
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined
}
const nonNegative = (x: unknown): number | undefined => {
  const n = finite(x)
  return n !== undefined && n >= 0 ? n : undefined
}

function totalsOf(x: unknown): LegTotals | undefined {
  if (!isRecord(x)) return undefined
  const steps = count(x.steps)
  const cached = count(x.cached)
  const duration = nonNegative(x.duration)
  if (steps === undefined || cached === undefined || cached > steps || duration === undefined) return undefined
  const kind = x.durationKind
  return {
    steps,
    cached,
    // made again from the counts: the one figure the gates judge is never taken on trust
    hitRate: hitRate(cached, steps),
    builds: count(x.builds) ?? 0,
    failed: count(x.failed) ?? 0,
    duration,
    durationKind: kind === 'wall' || kind === 'sum' ? kind : 'mixed'
  }
}

function stagesOf(x: unknown): LegStage[] {
  if (!Array.isArray(x)) return []
  return x.flatMap((s): LegStage[] => {
    if (!isRecord(s)) return []
    const name = str(s.name)
    const steps = count(s.steps)
    const cached = count(s.cached)
    if (name === undefined || steps === undefined || cached === undefined || cached > steps) return []
    return [{ platform: str(s.platform) ?? '', name, steps, cached, seconds: nonNegative(s.seconds) ?? 0 }]
  })
}

function deltasOf(x: unknown): LegDeltas | undefined {
  if (!isRecord(x)) return undefined
  const runs = count(x.runs)
  const baselineDuration = nonNegative(x.baselineDuration)
  if (runs === undefined || baselineDuration === undefined) return undefined
  const d: LegDeltas = {
    runs,
    baselineDuration,
    baselineHitRate: finite(x.baselineHitRate) ?? null,
    hitRateDelta: finite(x.hitRateDelta) ?? null
  }
  const durationDelta = finite(x.durationDelta)
  if (durationDelta !== undefined) d.durationDelta = durationDelta
  const percent = finite(x.durationDeltaPercent)
  if (percent !== undefined) d.durationDeltaPercent = percent
  return d
}

function billingOf(x: unknown): LegBilling | undefined {
  if (!isRecord(x)) return undefined
  const b: LegBilling = {}
  const billable = count(x.billableMinutes)
  if (billable !== undefined) b.billableMinutes = billable
  const cost = nonNegative(x.cost)
  if (cost !== undefined) b.cost = cost
  const monthly = nonNegative(x.monthlyMinutes)
  if (monthly !== undefined) b.monthlyMinutes = monthly
  const monthlyCost = nonNegative(x.monthlyCost)
  if (monthlyCost !== undefined) b.monthlyCost = monthlyCost
  const sku = isRecord(x.price) ? str(x.price.sku) : undefined
  if (sku !== undefined) b.sku = sku
  return b
}

function jobOf(x: unknown): JobIdentity | undefined {
  if (!isRecord(x)) return undefined
  const job: JobIdentity = {}
  for (const key of ['repository', 'workflow', 'job', 'runId', 'runAttempt', 'runUrl', 'ref', 'sha'] as const) {
    const v = str(x[key])
    if (v !== undefined) job[key] = v
  }
  if (isRecord(x.matrix)) {
    const matrix = Object.fromEntries(Object.entries(x.matrix).filter((e): e is [string, string] => typeof e[1] === 'string'))
    if (Object.keys(matrix).length > 0) job.matrix = matrix
  }
  if (isRecord(x.runner)) {
    const r = x.runner
    const runner: NonNullable<JobIdentity['runner']> = {}
    for (const key of ['name', 'os', 'arch', 'environment'] as const) {
      const v = str(r[key])
      if (v !== undefined) runner[key] = v
    }
    job.runner = runner
  }
  return job
}

function buildsOf(x: unknown): string[] {
  if (!Array.isArray(x)) return []
  return x.flatMap((b) => {
    if (!isRecord(b)) return []
    const images = Array.isArray(b.images) ? b.images.filter((i): i is string => typeof i === 'string') : []
    const target = str(b.target)
    const dockerfile = str(b.dockerfile)
    const file = str(b.file) ?? ''
    return [
      buildName({ images, file, index: count(b.index) ?? 1, ...(target === undefined ? {} : { target }), ...(dockerfile === undefined ? {} : { dockerfile }) })
    ]
  })
}

/** A leg from a report's JSON, or why it is none (named with the file by the caller). */
export function readLeg(json: unknown, file: string): Leg | { problem: string } {
  if (!isRecord(json)) return { problem: 'is not a JSON object' }
  if (json.kind === 'merged') return { problem: 'is a merged report: give the reports of the legs' }
  const version = finite(json.schemaVersion)
  const totals = totalsOf(json.totals)
  if (version === undefined || totals === undefined)
    return {
      problem: `is not a build-insights report (no schemaVersion and totals${version !== undefined && version !== SCHEMA_VERSION ? `; schemaVersion ${version}` : ''})`
    }
  const job = jobOf(json.job)
  const gate = isRecord(json.gate) ? json.gate.verdict : undefined
  const platforms = Array.isArray(json.platforms)
    ? json.platforms.flatMap((p) => (isRecord(p) && typeof p.platform === 'string' && p.platform !== '' ? [p.platform] : [])).sort()
    : []
  const leg: Leg = {
    file,
    name: file,
    generatedAt: str(json.generatedAt) ?? '',
    totals,
    platforms,
    stages: stagesOf(json.stages),
    builds: buildsOf(json.builds),
    gate: gate === 'pass' || gate === 'fail' ? gate : 'none'
  }
  if (job !== undefined) leg.job = job
  const billing = billingOf(json.billing)
  if (billing !== undefined) leg.billing = billing
  const deltas = deltasOf(json.deltas)
  if (deltas !== undefined) leg.deltas = deltas
  return leg
}
