import type { Dockerfile, Instruction, Stage } from './parse.js'

// Instructions BuildKit makes a vertex of, and so counts in `[stage i/n]`; ENV, ARG, LABEL, CMD are image config
const VERTEX_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR'])

/** Whitespace collapsed, as BuildKit's vertex names and the parser's `text` both read. */
export const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim()

/** The stage BuildKit names `name`: its `AS` name, or `stage-N` for the N-th (0-based) unnamed one. */
export function stageNamed(d: Dockerfile, name: string): Stage | undefined {
  const lower = name.toLowerCase()
  const byName = d.stages.find((s) => s.name === lower)
  if (byName) return byName
  const m = /^stage-(\d+)$/.exec(lower)
  return m ? d.stages[Number(m[1])] : undefined
}

/** The stage a stage is built on when its FROM names an earlier stage (`FROM deps AS build`). */
export function baseStage(d: Dockerfile, stage: Stage): Stage | undefined {
  const base = stage.baseImage.toLowerCase()
  return d.stages.find((s) => s.index < stage.index && (s.name === base || String(s.index) === base))
}

/** The instructions a step can be, in the order `[stage i/n]` counts them. */
function counted(d: Dockerfile, stage: Stage): Instruction[] {
  const list = stage.instructions.filter((x) => VERTEX_KEYWORDS.has(x.keyword))
  return baseStage(d, stage) === undefined ? [stage.from, ...list] : list
}

/**
 * The instruction a step was made from: in its stage, the one whose text reads the same (whitespace
 * aside), else the one at its `i/n` position when the stage counts `n` of them.
 */
export function instructionFor(d: Dockerfile, step: { stage: string; index: number; count: number; text: string }): Instruction | undefined {
  const stage = stageNamed(d, step.stage)
  if (!stage) return undefined
  const list = counted(d, stage)
  const text = collapse(step.text)
  const same = list.filter((x) => x.text === text)
  if (same.length === 1) return same[0]
  if (list.length === step.count) {
    const at = list[step.index - 1]
    if (at && (same.length === 0 || same.includes(at))) return at
  }
  return same[0]
}

/** The ARGs declared in a stage before an instruction: BuildKit keys every RUN after them on their values. */
export function argsBefore(stage: Stage, x: Instruction): Instruction[] {
  return stage.instructions.filter((y) => y.keyword === 'ARG' && y.startLine < x.startLine)
}

/** The sources of a COPY or ADD taken from the build context: none for `--from=`, heredocs or URLs. */
export function contextSources(x: Instruction): string[] {
  if (x.flags.some((f) => f.name === 'from')) return []
  const words = x.json ?? x.args.split(/\s+/).filter((w) => w !== '')
  return words.slice(0, -1).filter((w) => !w.startsWith('<<') && !/^[a-z]+:\/\//i.test(w) && !w.startsWith('git@'))
}

/** The names an ARG or ENV sets: `ARG A=1 B`, `ENV A=1 B=2`, and the old `ENV A value`. */
export function declaredNames(x: Instruction): string[] {
  if (x.keyword === 'ENV' && !/^[^\s=]+=/.test(x.args)) return [x.args.split(/\s+/)[0] ?? ''].filter((w) => w !== '')
  return [...x.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)/g)].map((m) => m[1] ?? '')
}

/** A .dockerignore (Go filepath.Match, plus `**`) pattern as a RegExp over a slash path. */
export function globRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? ''
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(.*/)?' : '.*'
      i += glob[i + 2] === '/' ? 2 : 1
    } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}
