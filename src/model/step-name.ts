/** What a vertex name says when it is a Dockerfile instruction. */
export interface StepName {
  /** The bake target (or compose service) buildx prints first in a bake's names; absent outside a bake. */
  target?: string
  /** `linux/arm64`, `linux/amd64->arm64`; empty when the build names no platform. */
  platform: string
  /** The stage as BuildKit names it; `stage-0` for a single unnamed stage, which it prints bare. */
  stage: string
  /** 1-based position of the instruction in its stage (FROM is 1). */
  index: number
  count: number
  /** The instruction keyword: RUN, COPY, ADD, WORKDIR, FROM, ... */
  instruction: string
  /** The instruction as printed, after the bracket: `RUN make -j4`. */
  text: string
}

// `[<platform> <stage> i/n] INSTR ...`; platform and stage are optional, `i` may be space-padded.
// A platform always has a `/`, a stage name never does (Dockerfile stage names are [a-z0-9._-]).
const STEP = /^\[(?:([^\s\]/]+\/[^\s\]]+) +)?(?:([^\s\]/]+) +)?(\d+)\/(\d+)\] +([A-Za-z]+)(?:\s|$)/

/**
 * Reads a step's name. In a bake (`docker buildx bake`, `docker compose build`) buildx prints the
 * target first: `[api base 3/4] COPY ...`, `[api linux/amd64 base 2/2] ...`, and for a target whose
 * Dockerfile has one unnamed stage `[jobs 3/4] COPY . .` (the target where a stage name would be):
 * a first word is read as the target only when the caller knows the log is a bake's.
 */
export function parseStepName(name: string, bake = false): StepName | undefined {
  if (bake) {
    const target = bakeTarget(name)
    if (target === undefined) return undefined
    const inner = parseStepName(`[${name.slice(target.length + 2)}`)
    return inner && { target, ...inner }
  }
  return nameOf(name).step
}

/** What a vertex name says, read once: a log of many builds of one Dockerfile names the same steps over and over. */
interface ReadName {
  /** Frozen: shared by every vertex of that name (its readers copy it). */
  step: Readonly<StepName> | undefined
  bake: boolean
}

const readNames = new Map<string, ReadName>()
const NAMES_KEPT = 4096

function nameOf(name: string): ReadName {
  let read = readNames.get(name)
  if (read === undefined) {
    if (readNames.size >= NAMES_KEPT) readNames.clear()
    const step = readStepName(name)
    read = { step: step && Object.freeze(step), bake: BAKE_MARK.test(name) }
    readNames.set(name, read)
  }
  return read
}

function readStepName(name: string): StepName | undefined {
  const m = STEP.exec(name)
  if (!m) return undefined
  const [whole, platform = '', stage = 'stage-0', index = '', count = '', instruction = ''] = m
  const close = name.indexOf(']')
  return {
    platform,
    stage,
    index: Number(index),
    count: Number(count),
    instruction: instruction.toUpperCase(),
    text: whole.length > 0 ? name.slice(close + 1).trim() : name
  }
}

// `[api base 3/4] ...`, `[worker internal] ...`, `[api] exporting to image`: the target is the
// first word in the brackets, followed by a space or the closing bracket.
const TARGETED = /^\[([^\s\]/]+)(?: |\])/

/** The bake target a vertex name starts with; undefined for `[internal] ...` (the bake's own) and unbracketed names. */
export function bakeTarget(name: string): string | undefined {
  const m = TARGETED.exec(name)
  const target = m?.[1]
  if (target === undefined || target === 'internal' || target === 'auth') return undefined
  // `[2/3] COPY` has no target; neither does `[base 2/4]` outside a bake, which the caller decides.
  return /^\d+\/\d+$/.test(target) ? undefined : target
}

const BAKE_MARK = /^\[internal\] load local bake definitions|^\[[^\s\]/]+ internal\] |^\[(?!internal\]|auth\])[^\s\]/]+\] /

/** A bake prints `[internal] load local bake definitions` and names its other vertexes `[<target> internal]`, `[<target>] ...`. */
export function isBakeVertex(name: string): boolean {
  return nameOf(name).bake
}
