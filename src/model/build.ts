import type { RawBuild, Vertex } from '../progress/vertex.js'
import { parseStepName, type StepName } from './step-name.js'
import { span, unionLength } from './intervals.js'

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
  /** ms since the epoch (rawjson only). */
  span?: [number, number]
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

export interface Build {
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
  /** Wall clock from the first vertex start to the last vertex end (rawjson), or the sum of vertex times. */
  duration: number
  durationKind: DurationKind
  startedAt?: number
  completedAt?: number
  status: 'success' | 'failed' | 'canceled'
  error?: string
  warnings: string[]
}

function vertexSeconds(v: Vertex): number {
  if (v.intervals.length > 0) return unionLength(v.intervals) / 1000
  return v.seconds ?? (v.error !== undefined || v.canceled ? v.elapsed : undefined) ?? 0
}

function stepStatus(v: Vertex): StepStatus {
  if (v.cached) return 'cached'
  if (v.error !== undefined) return 'error'
  if (v.canceled) return 'canceled'
  return v.done ? 'done' : 'running'
}

/** Classifies a build's vertexes into steps, base images and the rest, grouped by stage. */
export function modelBuild(raw: RawBuild, index: number): Build {
  const steps: Step[] = []
  const baseImages: BaseImage[] = []
  let otherSeconds = 0
  let sumSeconds = 0
  const all: [number, number][] = []
  for (const v of raw.vertexes) {
    const secs = vertexSeconds(v)
    sumSeconds += secs
    for (const iv of v.intervals) all.push(iv)
    const parsed = parseStepName(v.name)
    if (parsed === undefined) {
      otherSeconds += secs
      continue
    }
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
    const step: Step = { ...parsed, key: v.key, name: v.name, cached: v.cached, status: stepStatus(v), seconds: secs }
    const s = span(v.intervals)
    if (s) step.span = s
    steps.push(step)
  }
  const wall = span(all)
  const failedStep = raw.vertexes.find((v) => v.error !== undefined && parseStepName(v.name) !== undefined)
  const canceled = raw.errors.some((e) => /context canceled|^Canceled/i.test(e))
  const failed = raw.errors.length > 0 || failedStep !== undefined
  const build: Build = {
    file: raw.file,
    format: raw.format,
    index,
    steps,
    baseImages,
    stages: groupStages(steps),
    otherSeconds,
    duration: wall ? (wall[1] - wall[0]) / 1000 : sumSeconds,
    durationKind: wall ? 'wall' : 'sum',
    status: canceled && failedStep === undefined ? 'canceled' : failed ? 'failed' : 'success',
    warnings: raw.warnings
  }
  if (raw.name !== undefined) build.name = raw.name
  if (raw.ref !== undefined) build.ref = raw.ref
  if (wall) {
    build.startedAt = wall[0]
    build.completedAt = wall[1]
  }
  const error = raw.errors.at(-1) ?? failedStep?.error
  if (error !== undefined) build.error = error
  return build
}

function groupStages(steps: Step[]): Stage[] {
  const byKey = new Map<string, Stage>()
  for (const step of steps) {
    const key = `${step.platform}\u0000${step.stage}`
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
    stage.steps.sort((a, b) => a.index - b.index)
    const s = span(stage.steps.flatMap((st) => (st.span ? [st.span] : [])))
    if (s) stage.wall = (s[1] - s[0]) / 1000
  }
  return [...byKey.values()]
}
