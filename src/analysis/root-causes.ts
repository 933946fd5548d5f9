import type { Build, Step } from '../model/build.js'
import type { Dockerfile } from '../dockerfile/parse.js'
import { argsBefore, baseStage, collapse, contextSources, instructionFor, stageNamed } from '../dockerfile/locate.js'
import { parseDockerfile } from '../dockerfile/parse.js'
import { tenths } from '../round.js'
import { stepRef, type StepRef } from './analyse.js'

export type RootCauseCode =
  'instruction-changed' | 'files-changed' | 'build-arg-changed' | 'platform-changed' | 'cache-not-available' | 'never-cached' | 'unexplained'

/** A step as a root cause names it: the report's step reference, its build and cache state said by the cause. */
export type CauseStep = Omit<StepRef, 'build' | 'cached'>

/** Why a step that was not cached ran, with every step it dragged along. */
export interface RootCause {
  /** 1-based, the report's order of builds. */
  build: number
  code: RootCauseCode
  step: CauseStep
  /** Why, in words: `README.md changed`, `was: RUN make`. */
  detail: string
  /** What to change, when there is something to change. */
  change?: string
  /** files-changed: the context files that differ from the baseline's (added, removed or changed). */
  files?: string[]
  /** build-arg-changed: the build args it is keyed on. */
  args?: string[]
  /** cache-not-available: the cache backend and its source or scope, when one was imported. */
  backend?: string
  ref?: string
  /** The later steps that ran because this one did (an earlier step of their chain ran). */
  cascade: CauseStep[]
  /** Its step and the cascade, seconds. */
  seconds: number
  /** The Dockerfile line of the step, when the Dockerfile was read. */
  file?: string
  line?: number
}

/** A step of the baseline run, as its entry keeps it. */
export interface BaselineStep {
  /** The build it belongs to (buildKey()), when the entry knows it. */
  build?: string
  platform: string
  stage: string
  index?: number
  text: string
  cached: boolean
  seconds: number
  /** A COPY/ADD's context files: path → content hash. */
  files?: Record<string, string>
}

/** What a cache import told: the backend gave nothing, or failed. */
export interface ImportOutcome {
  backend: string
  ref?: string | undefined
  result: 'ok' | 'empty' | 'failed'
  explanation?: string | undefined
}

export interface CauseInputs {
  /** The baseline run's steps of this build; undefined when there is no baseline. */
  baseline?: (b: Build) => BaselineStep[] | undefined
  /** The Dockerfile this build was made from, when it was read. */
  dockerfile?: (b: Build) => Dockerfile | undefined
  /** `--no-cache` (true) or `--no-cache-filter` stages, when the build's options are known. */
  noCache?: (b: Build) => true | string[] | undefined
  /** What the build's cache imports gave. */
  imports?: (b: Build) => ImportOutcome[]
}

/** The same build in another run: its target, else its first image's repository, else its Dockerfile and place. */
export function buildKey(b: { target?: string | undefined; images?: string[] | undefined; dockerfile?: string | undefined; index: number }): string {
  if (b.target !== undefined) return `target:${b.target}`
  const image = b.images?.[0]
  if (image !== undefined) return `image:${image.replace(/(@sha256:[0-9a-f]+|:[^/:]+)$/, '')}`
  return `build:${b.dockerfile ?? 'Dockerfile'}#${String(b.index)}`
}

function causeStep(s: Step): CauseStep {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { build, cached, ...step } = stepRef(0, s)
  return step
}

const ran = (s: Step): boolean => !s.cached

/**
 * The steps a step was built on: rawjson names them (its `inputs`); from plain progress, the step
 * before it in its stage, the last step of the stage its FROM names (when the Dockerfile was read),
 * and the last step of a stage its `--from=` names.
 */
function parentsOf(b: Build, d: Dockerfile | undefined): (s: Step) => Step[] {
  const byKey = new Map(b.steps.map((s) => [s.key, s]))
  const stageSteps = new Map<string, Step[]>()
  // each step's place in its stage's list, which is in `i/n` order
  const place = new Map<Step, number>()
  for (const st of b.stages) {
    stageSteps.set(`${st.platform}\u0000${st.name}`, st.steps)
    st.steps.forEach((s, i) => place.set(s, i))
  }
  const last = (platform: string, stage: string): Step | undefined => (stageSteps.get(`${platform}\u0000${stage}`) ?? stageSteps.get(`\u0000${stage}`))?.at(-1)
  return (s) => {
    if (s.inputs) return s.inputs.flatMap((k) => byKey.get(k) ?? [])
    const own = stageSteps.get(`${s.platform}\u0000${s.stage}`) ?? []
    const parents: Step[] = []
    const at = place.get(s) ?? 0
    const before = at > 0 ? own[at - 1] : undefined
    if (before) parents.push(before)
    else if (d) {
      const st = stageNamed(d, s.stage)
      const base = st && baseStage(d, st)
      const baseName = base && (base.name ?? `stage-${String(base.index)}`)
      const p = baseName === undefined ? undefined : last(s.platform, baseName)
      if (p) parents.push(p)
    }
    for (const m of s.text.matchAll(/--from=(\S+)/g)) {
      const p = last(s.platform, (m[1] ?? '').toLowerCase())
      if (p && p !== s) parents.push(p)
    }
    return parents
  }
}

/**
 * The root cause of every step of a build that was not cached. A step that ran because a step it
 * was built on ran is that step's cascade (the first such parent's root, so each step's time is
 * counted once); the others are roots, each told why from the baseline's steps where there is
 * one, else from the log, the Dockerfile and the build's options.
 */
export function rootCauses(b: Build, buildNo: number, inputs: CauseInputs = {}): RootCause[] {
  const d = inputs.dockerfile?.(b)
  const parents = parentsOf(b, d)
  const rootOf = new Map<Step, Step>()
  const visiting = new Set<Step>()
  const resolve = (s: Step): Step => {
    const known = rootOf.get(s)
    if (known) return known
    let root = s
    if (!visiting.has(s)) {
      visiting.add(s)
      const parent = parents(s).find(ran)
      if (parent) root = resolve(parent)
      visiting.delete(s)
    }
    rootOf.set(s, root)
    return root
  }
  const ranSteps = b.steps.filter(ran)
  const causes = new Map<Step, RootCause>()
  const baseline = inputs.baseline?.(b)
  const noCache = inputs.noCache?.(b)
  const imports = inputs.imports?.(b) ?? []
  const cold = !b.steps.some((s) => s.cached)
  for (const s of ranSteps) {
    const root = resolve(s)
    let cause = causes.get(root)
    if (!cause) {
      cause = { build: buildNo, step: causeStep(root), cascade: [], seconds: 0, ...classify(root, { b, d, baseline, noCache, imports, cold }) }
      if (d) {
        const x = instructionFor(d, root)
        if (x) {
          cause.file = d.file
          cause.line = x.startLine
        }
      }
      causes.set(root, cause)
    }
    if (root !== s) cause.cascade.push(causeStep(s))
    cause.seconds += s.seconds
  }
  const list = [...causes.values()]
  for (const c of list) c.seconds = tenths(c.seconds)
  return list.sort((x, y) => y.seconds - x.seconds)
}

interface Context {
  b: Build
  d: Dockerfile | undefined
  baseline: BaselineStep[] | undefined
  noCache: true | string[] | undefined
  imports: ImportOutcome[]
  cold: boolean
}

type Why = Pick<RootCause, 'code' | 'detail' | 'change' | 'files' | 'args' | 'backend' | 'ref'>

const isContextCopy = (s: Step): boolean =>
  (s.instruction === 'COPY' || s.instruction === 'ADD') && !/(^|\s)--from=/.test(s.text) && contextSourcesOf(s.text).length > 0

function contextSourcesOf(text: string): string[] {
  const x = parseDockerfile(`FROM scratch\n${text}`).stages[0]?.instructions[0]
  return x ? contextSources(x) : []
}

function classify(s: Step, c: Context): Why {
  if (c.noCache === true) return { code: 'never-cached', detail: 'the build ran with --no-cache (no-cache: true): no step can be cached' }
  if (c.noCache?.includes(s.stage))
    return { code: 'never-cached', detail: `the build ran with --no-cache-filter ${s.stage}: the steps of stage ${s.stage} are never cached` }
  const unavailable = unavailableImport(c.imports)
  if (c.baseline) return againstBaseline(s, c, c.baseline, unavailable)
  if (c.cold)
    return {
      code: 'cache-not-available',
      detail: unavailable
        ? `no step of this build was cached: ${unavailable.explanation ?? `the ${unavailable.backend} cache import gave nothing`}`
        : 'no step of this build was cached: the builder held none of its cache (a new runner or builder, and no cache imported)',
      ...(unavailable ? backendOf(unavailable) : {})
    }
  if (isContextCopy(s)) return { code: 'files-changed', detail: 'the files it copies from the build context changed (no baseline to name them)' }
  const args = argsInScope(s, c.d)
  if (args.length > 0) return argChanged(args, 'likely')
  const imported = c.imports.find((i) => i.result === 'ok')
  if (imported && !isFinalStage(s, c))
    return {
      code: 'cache-not-available',
      detail: `the imported ${imported.backend} cache did not hold it, while later stages were cached: a cache exported with mode=min (the default) keeps only the final stage's layers`,
      ...backendOf(imported),
      change: 'Export the cache with mode=max (cache-to: type=...,mode=max) so that every stage is kept'
    }
  return {
    code: 'unexplained',
    detail: 'its instruction or a build arg changed, or its cache record was gone: with no baseline to compare, the log cannot tell which'
  }
}

function againstBaseline(s: Step, c: Context, base: BaselineStep[], unavailable: ImportOutcome | undefined): Why {
  const same = base.find((x) => x.platform === s.platform && x.stage === s.stage && x.text === s.text)
  if (!same) {
    const at = base.find((x) => x.platform === s.platform && x.stage === s.stage && x.index === s.index)
    const expanded = at && c.d ? argValuesChanged(c.d, s, at.text) : undefined
    if (expanded) return expanded
    if (at)
      return {
        code: 'instruction-changed',
        detail: `the instruction changed; it was \`${at.text}\``,
        change: 'An edited instruction rebuilds it and every step after it: expected when the change was meant'
      }
    if (s.platform !== '' && base.some((x) => x.stage === s.stage && x.text === s.text))
      return { code: 'platform-changed', detail: `the baseline did not build it for ${s.platform}` }
    return { code: 'instruction-changed', detail: 'a new instruction: the baseline has no such step in this stage' }
  }
  if (isContextCopy(s)) {
    const mine = s.files
    if (mine && same.files) {
      const files = changedFiles(same.files, mine)
      if (files.length > 0) return { code: 'files-changed', detail: `${describeFiles(files)} changed`, files }
    } else return { code: 'files-changed', detail: 'the files it copies from the build context changed' }
  }
  const args = argsInScope(s, c.d)
  if (args.length > 0 && !(s.instruction === 'COPY' || s.instruction === 'ADD')) return argChanged(args, 'baseline')
  const imported = c.imports.find((i) => i.result === 'ok')
  if (!unavailable && imported && !isFinalStage(s, c))
    return {
      code: 'cache-not-available',
      detail: `unchanged since the baseline (${same.cached ? 'cached' : 'run'} there), yet the imported ${imported.backend} cache did not hold it: a cache exported with mode=min (the default) keeps only the final stage's layers`,
      ...backendOf(imported),
      change: 'Export the cache with mode=max (cache-to: type=...,mode=max) so that every stage is kept'
    }
  return {
    code: 'cache-not-available',
    detail: unavailable
      ? `unchanged since the baseline (${same.cached ? 'cached' : 'run'} there), and ${unavailable.explanation ?? `the ${unavailable.backend} cache import gave nothing`}`
      : `unchanged since the baseline (${same.cached ? 'cached' : 'run'} there), yet its cache record was not found: evicted, or not exported by the run that made it`,
    ...(unavailable
      ? backendOf(unavailable)
      : { change: 'Export the cache with mode=max to a backend that persists between runners (type=gha or type=registry)' })
  }
}

/** The stage the image is made of: the Dockerfile's last, else the last the log lists. */
function isFinalStage(s: Step, c: Context): boolean {
  const last = c.d?.stages.at(-1)
  if (last) return (last.name ?? `stage-${String(last.index)}`) === s.stage
  return c.b.stages.at(-1)?.name === s.stage
}

function unavailableImport(imports: ImportOutcome[]): ImportOutcome | undefined {
  return imports.find((i) => i.result === 'failed') ?? imports.find((i) => i.result === 'empty')
}

function backendOf(i: ImportOutcome): Pick<Why, 'backend' | 'ref'> {
  return i.ref === undefined ? { backend: i.backend } : { backend: i.backend, ref: i.ref }
}

function argsInScope(s: Step, d: Dockerfile | undefined): string[] {
  if (!d || s.instruction !== 'RUN') return []
  const st = stageNamed(d, s.stage)
  const x = instructionFor(d, s)
  if (!st || !x) return []
  return argsBefore(st, x).flatMap((a) =>
    a.args
      .split(/\s+/)
      .map((w) => w.replace(/=.*$/, ''))
      .filter((w) => w !== '')
  )
}

function argChanged(args: string[], basis: 'likely' | 'baseline'): Why {
  const names = args.join(', ')
  return {
    code: 'build-arg-changed',
    detail:
      basis === 'baseline'
        ? `unchanged since the baseline, after ARG ${names}: a new value of ${names} rebuilds it (every RUN after an ARG is keyed on its value)`
        : `after ARG ${names}: a new value rebuilds it (every RUN after an ARG is keyed on its value)`,
    args,
    change: `Declare ARG ${names} just before the first step that needs it, so that the steps before it keep their cache`
  }
}

/**
 * BuildKit prints a step with its build args expanded (`echo "building $VERSION"` → `building 2`): a
 * text that differs from the baseline's only where the Dockerfile names a variable is a build arg
 * that changed, not an edit. The values are shown as they were printed (and redacted).
 */
function argValuesChanged(d: Dockerfile, s: Step, before: string): Why | undefined {
  const x = instructionFor(d, s)
  if (!x) return undefined
  const names: string[] = []
  let re = ''
  let last = 0
  for (const m of x.text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)) {
    re += escapeRegExp(x.text.slice(last, m.index)) + '(.*?)'
    names.push(m[1] ?? '')
    last = m.index + m[0].length
  }
  if (names.length === 0) return undefined
  const whole = new RegExp(`^${re}${escapeRegExp(x.text.slice(last))}$`)
  const now = whole.exec(collapse(s.text))
  const was = whole.exec(collapse(before))
  if (!now || !was) return undefined
  const changed = names.map((n, i) => ({ n, was: was[i + 1] ?? '', now: now[i + 1] ?? '' })).filter((v) => v.was !== v.now)
  if (changed.length === 0) return undefined
  const args = [...new Set(changed.map((v) => v.n))]
  return {
    code: 'build-arg-changed',
    detail: `build arg ${changed.map((v) => `${v.n} changed (${v.was} → ${v.now})`).join(', ')}`,
    args,
    change: `A new value of ${args.join(', ')} rebuilds this step and every step after it: declare the ARG just before the first step that needs it`
  }
}

const escapeRegExp = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Paths added, removed or with other content, sorted. */
export function changedFiles(before: Record<string, string>, after: Record<string, string>): string[] {
  const out: string[] = []
  for (const [p, h] of Object.entries(after)) if (before[p] !== h) out.push(p)
  for (const p of Object.keys(before)) if (!(p in after)) out.push(p)
  return out.sort()
}

function describeFiles(files: string[]): string {
  const shown = files.slice(0, 3).join(', ')
  return files.length > 3 ? `${shown} and ${String(files.length - 3)} more files` : shown
}
