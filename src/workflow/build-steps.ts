import { hasExpression, parseCacheEntry, type CacheEntry } from './cache-entry.js'
import { dockerCommands, type DockerCommand, type Flag } from './commands.js'
import type { Input, Text, Workflow, WorkflowJob, WorkflowStep } from './parse.js'

/** A setting as the workflow writes it (`no-cache: true`, `--no-cache-filter deps`, `*.no-cache=true`) and its line. */
export interface Setting {
  text: string
  line: number
}

/** How a step builds: one of docker's actions, or a command in a `run:` script. */
export type BuildKind = 'build-push-action' | 'bake-action' | 'build' | 'bake'

/** A step that builds with BuildKit, and the cache it reads and writes. */
export interface BuildStep {
  /** The job's key under `jobs:` (GITHUB_JOB). */
  job: string
  /** The step's name, else its `uses`, else the first line of its `run`. */
  step: string
  /** 1-based: the step's line for an action, the command's line for a `run:` script. */
  line: number
  kind: BuildKind
  cacheFrom: CacheEntry[]
  cacheTo: CacheEntry[]
  /** `no-cache: true` or `--no-cache`: no step of the build is taken from the cache. */
  noCache: Setting | undefined
  /** The stages built without the cache (`no-cache-filters`, `--no-cache-filter`, bake's `no-cache-filter`), each with its line. */
  noCacheFilters: Setting[]
  /** Bake's targets, as given (none: the default group). */
  targets: string[]
  /** The image tags given (`tags:`, `-t`), which name the build in the report. */
  tags: string[]
  /** What it builds (context, Dockerfile, target, platforms, build args; bake files), to tell two builds of one image from two images. */
  builds: string
  /** The step's `if:`, and its job's. */
  if: string[]
}

/** The build steps of a workflow, in the file's order. */
export function buildSteps(w: Workflow): BuildStep[] {
  return w.jobs.flatMap((job) => job.steps.flatMap((s) => stepBuilds(job, s)))
}

/** The step's name, else its `uses`, else the first line of its `run`, as the Actions UI names it. */
export function stepLabel(s: WorkflowStep): string {
  const run = s.run?.text.split('\n').find((l) => l.trim() !== '')
  return s.name ?? s.uses ?? (run === undefined ? `step on line ${String(s.line)}` : `Run ${run.trim()}`)
}

function stepBuilds(job: WorkflowJob, s: WorkflowStep): BuildStep[] {
  const base = { job: job.id, step: stepLabel(s), if: [job.if, s.if].filter((x): x is string => x !== undefined) }
  const action = /^docker\/(build-push|bake)-action@/.exec(s.uses ?? '')?.[1]
  if (action === 'build-push') return [buildPushAction(s, base)]
  if (action === 'bake') return [bakeAction(s, base)]
  if (s.run === undefined) return []
  return dockerCommands(s.run, s.shell).map((c) => (c.kind === 'build' ? buildCommand(c, base) : bakeCommand(c, base)))
}

type Base = Pick<BuildStep, 'job' | 'step' | 'if'>

function buildPushAction(s: WorkflowStep, base: Base): BuildStep {
  const input = (name: string) => s.with.get(name)
  const noCache = input('no-cache')
  const builds = ['context', 'file', 'target', 'platforms', 'build-args'].map((k) => input(k)?.value.text.trim() ?? '').join('|')
  return {
    ...base,
    line: s.line,
    kind: 'build-push-action',
    cacheFrom: entries(input('cache-from')),
    cacheTo: entries(input('cache-to')),
    noCache: noCache !== undefined && isTrue(noCache.value.text) ? { text: `no-cache: ${noCache.value.text}`, line: noCache.keyLine } : undefined,
    noCacheFilters: listed(input('no-cache-filters')).map((x) => ({ text: x.text, line: x.line })),
    targets: [],
    tags: listed(input('tags')).map((x) => x.text),
    builds: `build-push-action|${builds}`
  }
}

function bakeAction(s: WorkflowStep, base: Base): BuildStep {
  const input = (name: string) => s.with.get(name)
  const noCache = input('no-cache')
  const targets = listed(input('targets')).map((x) => x.text)
  const step: BuildStep = {
    ...base,
    line: s.line,
    kind: 'bake-action',
    cacheFrom: [],
    cacheTo: [],
    noCache: noCache !== undefined && isTrue(noCache.value.text) ? { text: `no-cache: ${noCache.value.text}`, line: noCache.keyLine } : undefined,
    noCacheFilters: [],
    targets,
    tags: [],
    builds: `bake|${['files', 'source', 'workdir'].map((k) => input(k)?.value.text.trim() ?? '').join('|')}`
  }
  for (const line of lines(input('set'))) bakeSet(step, line.text, line.line)
  return step
}

function buildCommand(c: DockerCommand, base: Base): BuildStep {
  const values = (...names: string[]): Flag[] => c.flags.filter((f) => names.includes(f.name) && f.value !== undefined)
  const noCache = c.flags.find((f) => f.name === '--no-cache' && (f.value === undefined || isTrue(f.value)))
  const builds = [
    c.operands[0]?.word ?? '',
    ...[['-f', '--file'], ['--target'], ['--platform'], ['--build-arg']].map((n) =>
      values(...n)
        .map((f) => f.value)
        .join(',')
    )
  ]
  return {
    ...base,
    line: c.line,
    kind: 'build',
    cacheFrom: values('--cache-from').flatMap((f) => parseCacheEntry(f.value ?? '', f.line) ?? []),
    cacheTo: values('--cache-to').flatMap((f) => parseCacheEntry(f.value ?? '', f.line) ?? []),
    noCache: noCache === undefined ? undefined : { text: noCache.value === undefined ? '--no-cache' : `--no-cache=${noCache.value}`, line: noCache.line },
    noCacheFilters: values('--no-cache-filter').map((f) => ({ text: f.value ?? '', line: f.line })),
    targets: [],
    tags: values('-t', '--tag').map((f) => f.value ?? ''),
    builds: `build|${builds.join('|')}`
  }
}

function bakeCommand(c: DockerCommand, base: Base): BuildStep {
  const noCache = c.flags.find((f) => f.name === '--no-cache' && (f.value === undefined || isTrue(f.value)))
  const step: BuildStep = {
    ...base,
    line: c.line,
    kind: 'bake',
    cacheFrom: [],
    cacheTo: [],
    noCache: noCache === undefined ? undefined : { text: noCache.value === undefined ? '--no-cache' : `--no-cache=${noCache.value}`, line: noCache.line },
    noCacheFilters: [],
    targets: c.operands.map((o) => o.word),
    tags: [],
    builds: `bake|${c.flags
      .filter((f) => f.name === '-f' || f.name === '--file')
      .map((f) => f.value ?? '')
      .join(',')}`
  }
  for (const f of c.flags) if (f.name === '--set' && f.value !== undefined) bakeSet(step, f.value, f.line)
  return step
}

/** A bake override `target.key=value` (or `+=`): the cache, no-cache and no-cache-filter of the targets it names. */
function bakeSet(step: BuildStep, text: string, line: number): void {
  const m = /^\s*([^=\s]+)\.([a-z-]+)\s*\+?=(.*)$/.exec(text)
  if (m === null) return
  const [, target = '*', key, value = ''] = m
  if (key === 'cache-from' || key === 'cache-to') {
    const e = parseCacheEntry(value, line)
    if (e !== undefined) (key === 'cache-from' ? step.cacheFrom : step.cacheTo).push({ ...e, target })
  } else if (key === 'no-cache' && isTrue(value.trim())) step.noCache ??= { text: text.trim(), line }
  else if (key === 'no-cache-filter') for (const stage of splitOutside(value)) step.noCacheFilters.push({ text: stage, line })
}

/** The cache entries of a `cache-from` or `cache-to` input: one a line, each line CSV. */
function entries(input: Input | undefined): CacheEntry[] {
  return lines(input).flatMap((l) => parseCacheEntry(l.text, l.line) ?? [])
}

/** An input's lines that are not blank, each with its line in the file. */
function lines(input: Input | undefined): { text: string; line: number }[] {
  if (input === undefined) return []
  const v: Text = input.value
  return v.text.split('\n').flatMap((text, n) => (text.trim() === '' ? [] : [{ text: text.trim(), line: v.literal ? v.line + n : v.line }]))
}

/** A list input split as docker's actions split it: by line, then by comma outside an expression. */
function listed(input: Input | undefined): { text: string; line: number }[] {
  return lines(input).flatMap((l) => splitOutside(l.text).map((text) => ({ text, line: l.line })))
}

function splitOutside(text: string): string[] {
  const parts = text.split(/,(?![^{]*\}\})/)
  return parts.map((p) => p.trim()).filter((p) => p !== '')
}

/** A literal true, as docker's actions read a boolean; an expression decides at run time, so it is not one. */
function isTrue(text: string): boolean {
  return !hasExpression(text) && /^(true|1|t)$/i.test(text.trim())
}
