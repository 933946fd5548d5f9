import type { RawBuild, Vertex } from '../progress/vertex.js'
import { bakeTarget, isBakeVertex, parseStepName, type StepName } from './step-name.js'
import { identify, type Identity } from './identity.js'
import { span, unionLength } from './intervals.js'
import { cacheTransfer, type CacheTransfer } from './cache-transfer.js'
import { phaseOf, phasesOf, type PhaseName, type Phases } from './phases.js'
import { criticalPath, type CriticalPath } from './critical-path.js'
import { round } from '../round.js'

export type StepStatus = 'cached' | 'done' | 'error' | 'canceled' | 'running'

/** A vertex whose name is a Dockerfile instruction other than FROM. */
export interface Step extends StepName {
  /** `#12` or the vertex digest. */
  key: string
  /** The vertex name as printed. */
  name: string
  cached: boolean
  status: StepStatus
  /**
   * The step's time in seconds: the DONE figure (plain) or the merged run intervals (rawjson);
   * a failed or canceled plain step's is the last elapsed figure on its output lines.
   */
  seconds: number
  /** ms since the epoch: rawjson's own times, or a job log's timestamps (its first and last line). */
  span?: [number, number]
  /**
   * A step printed CACHED and later DONE with a time (docker-container builders pull a cache
   * hit's layers lazily, for a push or an export): it was a cache hit, and this is the pull, kept
   * apart from `seconds` (0) so it is never among the slowest steps.
   */
  pullSeconds?: number
  /** rawjson: the keys (digests) of the vertexes it was built from; the first is its own chain's. */
  inputs?: string[]
  /** A COPY or ADD from the build context, read on the runner: the files it copies, path → content hash. */
  files?: Record<string, string>
}

/** A stage's FROM: never CACHED, so reported apart from the hit rate. */
export interface BaseImage {
  key: string
  platform: string
  stage: string
  /** What follows FROM: `docker.io/library/node:20@sha256:...`. */
  image: string
  /** Layers were downloaded (statuses with sizes), else the image was already present. */
  pulled: boolean
  seconds: number
}

export interface Stage {
  platform: string
  name: string
  steps: Step[]
  cached: number
  /** Sum of its steps' times, seconds. */
  seconds: number
  /** First step start to last step end, seconds, where timestamps exist. */
  wall?: number
}

export type DurationKind = 'wall' | 'sum'

export interface Build extends Partial<Identity> {
  file: string
  /** A build record's name and ref (`builder/node/id`), when read from one or from run mode. */
  name?: string
  ref?: string
  format: string
  /** 1-based position among the builds read from the same file. */
  index: number
  steps: Step[]
  baseImages: BaseImage[]
  stages: Stage[]
  /** Time in vertexes that are not steps (context, metadata, export, cache import/export), seconds. */
  otherSeconds: number
  /**
   * Wall clock from the first vertex start to the last vertex end (rawjson), from the first line of
   * BuildKit's to the last (a job log's timestamps), or else the sum of vertex times.
   */
  duration: number
  durationKind: DurationKind
  startedAt?: number
  completedAt?: number
  status: 'success' | 'failed' | 'canceled'
  error?: string
  warnings: string[]
  /** Errors and warnings the log told past those kept (see RawBuild). */
  errorsLeftOut?: number
  warningsLeftOut?: number
  /** The cache imported (`--cache-from`) and exported (`--cache-to`), when the log shows either; a bake's on its first target. */
  cacheTransfer?: CacheTransfer
  /** Job logs: the workflow step that ran it, and (`gh run view --log`) the job. */
  step?: string
  job?: string
  /** Where its time went: context, base images, cache import, steps, export, push, cache export, the rest. */
  phases?: Phases
  /** The chain of vertexes its wall time was spent along (timestamps only). */
  criticalPath?: CriticalPath
}

// Milliseconds, as BuildKit's timestamps go: a figure made here carries no float noise
// (1.1079999999999999) into the report, and sums of them are rounded again.
const ms = (seconds: number): number => round(seconds, 3)

function vertexSeconds(v: Vertex): number {
  if (v.intervals.length > 0) return ms(unionLength(v.intervals) / 1000)
  return v.seconds ?? (v.error !== undefined || v.canceled ? v.elapsed : undefined) ?? 0
}

function stepStatus(v: Vertex): StepStatus {
  if (v.cached) return 'cached'
  if (v.error !== undefined) return 'error'
  if (v.canceled) return 'canceled'
  return v.done ? 'done' : 'running'
}

/**
 * The builds a raw build holds: itself, or in a bake (`docker buildx bake`, `docker compose build`)
 * one build per target, each named by its target and tags. BuildKit runs work the targets share
 * once and prints each other target's copy as CACHED (`[api base 4/4] RUN` CACHED beside
 * `[worker base 4/4] RUN` that ran): a step is counted once, under the target whose name it was
 * printed with when it ran; copies of it (same stage, platform, position and text) printed CACHED
 * are left out. A step every target found cached is counted once, under the first printed.
 */
export function modelBuilds(raw: RawBuild, index: number, counted = false): Build[] {
  if (!raw.vertexes.some((v) => isBakeVertex(v.name))) return [modelBuild(raw, index, false, counted)]
  const targets = new Map<string, Vertex[]>()
  const shared: Vertex[] = []
  for (const v of raw.vertexes) {
    const t = bakeTarget(v.name)
    const list = t === undefined ? shared : targets.get(t)
    if (list) list.push(v)
    else if (t !== undefined) targets.set(t, [v])
  }
  if (targets.size === 0) return [modelBuild(raw, index, true, counted)]
  const copies = sharedCopies(raw.vertexes)
  const names = [...targets.keys()]
  return names.map((t, i) => {
    const own = (targets.get(t) ?? []).filter((v) => !copies.has(v))
    // the bake's own vertexes (`[internal] load local bake definitions`) go with the first target
    const vertexes = i === 0 ? [...shared, ...own].sort((a, b) => a.order - b.order) : own
    const mine = (e: string) => new RegExp(`^target ${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`).test(e)
    const errors = raw.errors.filter((e) => mine(e) || (i === 0 && !names.some((n) => e.startsWith(`target ${n}:`))))
    // a job log's span is the whole bake's: each target's wall is that of its own vertexes
    const target: RawBuild = { ...raw, vertexes }
    delete target.span
    // the bake's warnings, and the count of its errors and warnings left out, go with the first target
    if (i > 0) {
      delete target.errorsLeftOut
      delete target.warningsLeftOut
    }
    const b = modelBuild({ ...target, errors, warnings: i === 0 ? raw.warnings : [] }, index + i, true, counted)
    b.target = t
    // one import and export for the whole bake, whichever target's name a cache vertex carries
    delete b.cacheTransfer
    if (i === 0 && !counted) setCacheTransfer(b, raw)
    return b
  })
}

/**
 * In a bake, the CACHED copies of a step that another vertex of the same name (target aside) ran,
 * or every all-cached copy but the first. Only in a named stage whose every step up to it reads
 * the same in all targets: two compose services' unnamed stages (`[api 3/4] COPY . .`,
 * `[jobs 3/4] COPY . .`) are different steps even where their text is the same. (Two targets
 * whose named stages read the same but copy different contexts cannot be told apart by name.)
 */
function sharedCopies(vertexes: readonly Vertex[]): Set<Vertex> {
  const groups = new Map<string, Vertex[]>()
  // per stage, the distinct texts at each position over every target: a shared chain has one
  const texts = new Map<string, Map<number, Set<string>>>()
  const parsed = new Map<Vertex, StepName>()
  for (const v of vertexes) {
    const p = parseStepName(v.name, true)
    if (p === undefined || !(v.started || v.cached) || /^stage-\d+$/.test(p.stage)) continue
    parsed.set(v, p)
    const stageKey = `${p.platform}\u0000${p.stage}\u0000${p.count}`
    const at = texts.get(stageKey) ?? new Map<number, Set<string>>()
    texts.set(stageKey, at)
    const set = at.get(p.index) ?? new Set<string>()
    set.add(p.text)
    at.set(p.index, set)
  }
  for (const [v, p] of parsed) {
    if (p.instruction === 'FROM') continue
    const at = texts.get(`${p.platform}\u0000${p.stage}\u0000${p.count}`)
    let chain = true
    for (let i = 1; i < p.index && chain; i++) chain = (at?.get(i)?.size ?? 1) <= 1
    if (!chain) continue
    const key = `${p.platform}\u0000${p.stage}\u0000${p.index}/${p.count}\u0000${p.text}`
    const group = groups.get(key)
    if (group) group.push(v)
    else groups.set(key, [v])
  }
  const copies = new Set<Vertex>()
  for (const group of groups.values()) {
    if (group.length < 2) continue
    const keep = group.find((v) => !v.cached) ?? group[0]
    for (const v of group) if (v !== keep && v.cached) copies.add(v)
  }
  return copies
}

/**
 * Classifies a build's vertexes into steps, base images and the rest, grouped by stage. A build
 * only `counted` (one past those a report keeps whole) gets its steps, stages, times and status:
 * no images, cache transfer, phases or critical path.
 */
export function modelBuild(raw: RawBuild, index: number, bake = false, counted = false): Build {
  const steps: Step[] = []
  const baseImages: BaseImage[] = []
  // where each stage first shows in the log (its FROM included): the order its stages are listed in
  const firstSeen = new Map<string, { order: number; start: number }>()
  let otherSeconds = 0
  let sumSeconds = 0
  const all: [number, number][] = []
  // each vertex's phase, from the name as read here once
  const phases = new Map<Vertex, PhaseName>()
  for (const v of raw.vertexes) {
    const secs = vertexSeconds(v)
    sumSeconds += secs
    for (const iv of v.intervals) all.push(iv)
    if (v.at && v.intervals.length === 0) all.push(v.at)
    const parsed = parseStepName(v.name, bake)
    if (!counted) phases.set(v, phaseOf(v.name, bake, parsed))
    if (parsed === undefined) {
      otherSeconds += secs
      continue
    }
    const stageKey = stageKeyOf(parsed.platform, parsed.stage)
    const seen = firstSeen.get(stageKey) ?? { order: v.order, start: Number.POSITIVE_INFINITY }
    seen.order = Math.min(seen.order, v.order)
    for (const iv of v.intervals) seen.start = Math.min(seen.start, iv[0])
    if (v.at) seen.start = Math.min(seen.start, v.at[0])
    firstSeen.set(stageKey, seen)
    if (parsed.instruction === 'FROM') {
      baseImages.push({
        key: v.key,
        platform: parsed.platform,
        stage: parsed.stage,
        image: parsed.text.replace(/^FROM\s+/i, ''),
        pulled: v.pulled,
        seconds: secs
      })
      continue
    }
    // the target is the build's (modelBuilds), not each step's; written out, not spread and deleted (a delete makes every step a slow object)
    const step: Step = {
      platform: parsed.platform,
      stage: parsed.stage,
      index: parsed.index,
      count: parsed.count,
      instruction: parsed.instruction,
      text: parsed.text,
      key: v.key,
      name: v.name,
      cached: v.cached,
      status: stepStatus(v),
      seconds: secs
    }
    if (v.cached && secs > 0) {
      step.seconds = 0
      step.pullSeconds = secs
    }
    const s = span(v.intervals) ?? v.at
    if (s) step.span = [s[0], s[1]]
    if (v.inputs) step.inputs = v.inputs
    steps.push(step)
  }
  // a job log's lines give the build's wall clock, first line of BuildKit's to last
  const wall = raw.span ?? span(all)
  const failedStep = raw.vertexes.find((v) => v.error !== undefined && parseStepName(v.name, bake) !== undefined)
  const canceled = raw.errors.some((e) => /context canceled|^Canceled/i.test(e))
  const failed = raw.errors.length > 0 || failedStep !== undefined
  const build: Build = {
    file: raw.file,
    format: raw.format,
    index,
    steps,
    baseImages,
    stages: groupStages(steps, firstSeen),
    otherSeconds: ms(otherSeconds),
    duration: ms(wall ? (wall[1] - wall[0]) / 1000 : sumSeconds),
    durationKind: wall ? 'wall' : 'sum',
    status: canceled && failedStep === undefined ? 'canceled' : failed ? 'failed' : 'success',
    warnings: raw.warnings
  }
  if (!counted) {
    const id = identify(
      raw.vertexes,
      undefined,
      steps.map((st) => st.platform)
    )
    build.images = id.images
    build.platforms = id.platforms
    if (id.dockerfile !== undefined) build.dockerfile = id.dockerfile
  }
  if (raw.errorsLeftOut !== undefined) build.errorsLeftOut = raw.errorsLeftOut
  if (raw.warningsLeftOut !== undefined) build.warningsLeftOut = raw.warningsLeftOut
  if (raw.name !== undefined) build.name = raw.name
  if (raw.ref !== undefined) build.ref = raw.ref
  if (raw.step !== undefined) build.step = raw.step
  if (raw.job !== undefined) build.job = raw.job
  if (wall) {
    build.startedAt = wall[0]
    build.completedAt = wall[1]
  }
  const error = raw.errors.at(-1) ?? failedStep?.error
  if (error !== undefined) build.error = error
  if (counted) return build
  setCacheTransfer(build, raw)
  build.phases = phasesOf(raw.vertexes, bake, vertexSeconds, (v) => phases.get(v) ?? phaseOf(v.name, bake))
  const path = criticalPath(raw.vertexes, bake)
  if (path) build.criticalPath = path
  return build
}

function setCacheTransfer(build: Build, raw: RawBuild): void {
  const transfer = cacheTransfer(raw)
  if (transfer.imports.length > 0 || transfer.exports.length > 0) build.cacheTransfer = transfer
}

/**
 * A stage's key among a build's or a fold's: its name alone when no platform is named (a read
 * step name is shared, so its stage string's hash is worked out once), else platform and name.
 */
export function stageKeyOf(platform: string, stage: string): string {
  return platform === '' ? stage : `${platform}\u0000${stage}`
}

function inOrder(steps: readonly Step[]): boolean {
  for (let i = 1; i < steps.length; i++) if ((steps[i - 1]?.index ?? 0) > (steps[i]?.index ?? 0)) return false
  return true
}

function groupStages(steps: Step[], firstSeen: ReadonlyMap<string, { order: number; start: number }>): Stage[] {
  const byKey = new Map<string, Stage>()
  for (const step of steps) {
    const key = stageKeyOf(step.platform, step.stage)
    let stage = byKey.get(key)
    if (!stage) {
      stage = { platform: step.platform, name: step.stage, steps: [], cached: 0, seconds: 0 }
      byKey.set(key, stage)
    }
    stage.steps.push(step)
    if (step.cached) stage.cached++
    stage.seconds += step.seconds
  }
  for (const stage of byKey.values()) {
    stage.seconds = ms(stage.seconds)
    if (!inOrder(stage.steps)) stage.steps.sort((a, b) => a.index - b.index)
    // a stage that did not run (every step cached) has no wall span
    const s = stage.cached < stage.steps.length ? span(stage.steps.map((st) => st.span)) : undefined
    if (s) stage.wall = ms((s[1] - s[0]) / 1000)
  }
  return dockerfileOrder([...byKey.entries()].map(([key, st]) => ({ st, seen: firstSeen.get(key) ?? { order: 0, start: Number.POSITIVE_INFINITY } })))
}

const COPY_FROM = /--from=(\S+)/g

/**
 * Stages in the Dockerfile's order as far as the log tells it (it holds no line numbers): a stage
 * a `COPY --from=<stage>` names comes before the stage that copies; otherwise stages are in the
 * order they first ran (rawjson: the first start, FROM included) or were first printed (plain:
 * the first `#N` of the stage, FROM included), which follows the FROM chain: `base` before the
 * stages built on it.
 */
function dockerfileOrder(stages: { st: Stage; seen: { order: number; start: number } }[]): Stage[] {
  const timed = stages.every((x) => Number.isFinite(x.seen.start))
  const ranked = [...stages].sort((a, b) => (timed ? a.seen.start - b.seen.start : 0) || a.seen.order - b.seen.order).map((x) => x.st)
  // by name, not by search: a build can hold very many stages
  const byName = new Map<string, Stage[]>()
  for (const st of ranked) {
    const same = byName.get(st.name)
    if (same) same.push(st)
    else byName.set(st.name, [st])
  }
  const depsOf = (st: Stage) => {
    const deps: Stage[] = []
    for (const s of st.steps) {
      // most steps copy from no stage: the text is searched before a match is made of it
      if (!s.text.includes('--from=')) continue
      COPY_FROM.lastIndex = 0
      for (let m = COPY_FROM.exec(s.text); m; m = COPY_FROM.exec(s.text))
        for (const d of byName.get(m[1] ?? '') ?? []) if (d !== st && d.platform === st.platform) deps.push(d)
    }
    return deps
  }
  const out: Stage[] = []
  const placed = new Set<Stage>()
  const place = (st: Stage) => {
    if (placed.has(st)) return
    placed.add(st)
    for (const dep of depsOf(st)) place(dep)
    out.push(st)
  }
  for (const st of ranked) place(st)
  return out
}
