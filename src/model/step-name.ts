/** What a vertex name says when it is a Dockerfile instruction. */
export interface StepName {
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

export function parseStepName(name: string): StepName | undefined {
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
