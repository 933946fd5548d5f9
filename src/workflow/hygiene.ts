import type { Problem } from '../problems.js'
import { exportOf, withAttrs, written } from './advice.js'
import type { BuildStep } from './build-steps.js'
import { ghaScope, hasExpression, modeMax, type CacheEntry } from './cache-entry.js'
import type { Workflow, WorkflowJob } from './parse.js'
import { sharedScopes } from './shared-scope.js'

export type WorkflowCode =
  | 'no-cache-export'
  | 'cache-from-without-cache-to'
  | 'cache-export-mode-min'
  | 'shared-cache-scope'
  | 'no-cache'
  | 'no-cache-filter'
  | 'registry-cache-on-pull-request'
  | 'local-cache-not-persisted'

export interface WorkflowFinding {
  code: WorkflowCode
  file: string
  /** 1-based: the offending key, cache value or flag, else the step (a `run:` command's line). */
  line: number
  /** The job's key under `jobs:` (GITHUB_JOB). */
  job: string
  /** The step's name, else its `uses`, else the first line of its `run`. */
  step: string
  /** What to change, in one sentence. */
  change: string
  /** What this run's build showed makes this finding its likely cause. */
  likelyCause?: true
}

/** What the build this job ran showed, to tell which finding explains its misses. */
export interface Observed {
  /** A multi-stage build whose stages before the final one missed the cache. */
  intermediateStagesMissed?: boolean | undefined
}

export interface WorkflowHygiene {
  findings: WorkflowFinding[]
  /** The steps that build, with the cache they read and write. */
  steps: BuildStep[]
  /** A file GitHub would not run (not YAML, not a mapping, no jobs): no step, no finding. */
  problems: Problem[]
}

// GitHub-hosted runner labels (`ubuntu-24.04`, `ubuntu-24.04-arm`, `windows-2025`, `macos-15-xlarge`): a fresh machine every job
const HOSTED = /^(ubuntu|windows|macos)-[a-z0-9.-]+$/
// An `if:` that keeps a step away from pull requests, or from those of forks
const NOT_ON_PULL_REQUEST = [
  /github\.event_name\s*!=\s*'pull_request'/,
  /github\.event_name\s*==\s*'(push|schedule|workflow_dispatch|release|merge_group|workflow_run|repository_dispatch)'/,
  /github\.ref\s*==\s*'refs\/(heads|tags)\//,
  /startsWith\(\s*github\.ref\s*,\s*'refs\/(heads|tags)\//,
  /head\.repo\.fork/,
  /head\.repo\.full_name\s*==\s*github\.repository/
]
const ONLY_ON_PULL_REQUEST = [/github\.event_name\s*==\s*'pull_request'/]
const ONLY_ON_SCHEDULE = [/github\.event_name\s*==\s*'schedule'/]

/** The findings of a workflow already parsed, and its build steps: what is checked again once the build is known. */
export function findingsOf(w: Workflow, steps: BuildStep[], observed: Observed = {}): WorkflowFinding[] {
  const file = w.file
  const findings: WorkflowFinding[] = []
  const add = (code: WorkflowCode, s: BuildStep, line: number, change: string, likelyCause = false): void => {
    const f: WorkflowFinding = { code, file, line, job: s.job, step: s.step, change }
    if (likelyCause) f.likelyCause = true
    findings.push(f)
  }
  for (const s of steps) {
    const job = w.jobs.find((j) => j.id === s.job)
    missingExport(s, job, steps, add)
    for (const e of s.cacheTo) {
      if ((e.type === 'gha' || e.type === 'registry') && modeMax(e) === false) {
        const what = `${e.attrs.mode === undefined ? 'Add mode=max to' : 'Set mode=max in'} ${written(s, withAttrs(e, { mode: 'max' }), e.target)}`
        const why =
          observed.intermediateStagesMissed === true
            ? "this run's stages before the final one missed the cache, and mode=min exports only the final stage's layers"
            : `${e.attrs.mode === undefined ? 'the default mode=min' : 'mode=min'} exports only the final stage's layers, so the other stages of a multi-stage build miss the cache on the next run`
        add('cache-export-mode-min', s, e.line, `${what}; ${why}.`, observed.intermediateStagesMissed)
      }
      if (e.type === 'registry' && w.events.includes('pull_request') && !when(s, NOT_ON_PULL_REQUEST))
        add('registry-cache-on-pull-request', s, e.line, registryOnPullRequest(s, e))
      if (e.type === 'local' && job !== undefined && runner(job) !== 'self-hosted' && !persisted(job, e.attrs.dest)) {
        const dest = e.attrs.dest ?? '/tmp/.buildx-cache'
        add(
          'local-cache-not-persisted',
          s,
          e.line,
          `Keep ${dest} between runs with an actions/cache step before this one (path: ${dest}, key: \${{ runner.os }}-buildx-\${{ github.sha }}, restore-keys: \${{ runner.os }}-buildx-), or write ${written(s, 'type=gha,mode=max', e.target)} instead; the directory is lost with the runner when the job ends.`
        )
      }
    }
    if (s.noCache !== undefined && !when(s, ONLY_ON_SCHEDULE))
      add(
        'no-cache',
        s,
        s.noCache.line,
        `Remove ${s.noCache.text} (${s.kind === 'build' ? '--pull' : 'pull: true'} is the way to get fresh base images); every step of the build runs again on every run, whatever the cache holds.`
      )
    for (const stage of s.noCacheFilters)
      add(
        'no-cache-filter',
        s,
        stage.line,
        `Remove ${stage.text} from ${s.kind === 'build' ? '--no-cache-filter' : s.kind === 'build-push-action' ? 'no-cache-filters' : 'no-cache-filter'}; the steps of stage ${stage.text} run again on every run, whatever the cache holds.`
      )
  }
  for (const x of sharedScopes(w, steps)) add('shared-cache-scope', x.s, x.line, x.change)
  findings.sort((a, b) => a.line - b.line || a.code.localeCompare(b.code))
  return findings
}

type Add = (code: WorkflowCode, s: BuildStep, line: number, change: string, likelyCause?: boolean) => void

/** A build that writes no cache: with a cache-from, what it reads stays as old as the last run that wrote it; with none, a fresh runner starts cold. */
function missingExport(s: BuildStep, job: WorkflowJob | undefined, steps: BuildStep[], add: Add): void {
  // bake reads its cache from the bake file too, which is not read here
  if (s.cacheTo.length > 0 || s.kind === 'bake' || s.kind === 'bake-action') return
  const from = s.cacheFrom.find((e) => e.type !== undefined)
  if (from !== undefined) {
    // another job may write what this one reads; a step run only on pull requests reads what the default branch writes
    if (steps.some((o) => o.cacheTo.some((e) => sameCache(from, e))) || when(s, ONLY_ON_PULL_REQUEST)) return
    add(
      'cache-from-without-cache-to',
      s,
      s.line,
      `Add ${written(s, exportOf(from))}; this step reads a cache that no step of this workflow writes, so it stays as old as the last run that wrote it.`
    )
  } else if (s.cacheFrom.length === 0 && s.noCache === undefined && job !== undefined && runner(job) === 'hosted') {
    // the docker driver, there without setup-buildx-action, cannot export a cache
    const builder = job.steps.some((st) => /^docker\/setup-buildx-action@/.test(st.uses ?? '')) ? '' : ', after a docker/setup-buildx-action step'
    const what =
      s.kind === 'build'
        ? 'Add --cache-from type=gha --cache-to type=gha,mode=max, after docker/setup-buildx-action and crazy-max/ghaction-github-runtime steps (a run step is not given the Actions cache token)'
        : `Add cache-from: type=gha and cache-to: type=gha,mode=max${builder}`
    add('no-cache-export', s, s.line, `${what}; every run starts on a fresh runner with an empty build cache, so no step is ever cached.`)
  }
}

function registryOnPullRequest(s: BuildStep, e: CacheEntry): string {
  const why = 'a pull request from a fork gets a read-only GITHUB_TOKEN and no secrets, so the export fails and the build with it'
  if (s.kind === 'build-push-action')
    return `Write the cache only outside pull requests, cache-to: \${{ github.event_name != 'pull_request' && '${withAttrs(e, { mode: 'max' })}' || '' }}; ${why}.`
  return `Add if: github.event_name != 'pull_request' to this step, and build pull requests in a step without this registry cache-to; ${why}.`
}

/** Whether a cache-to writes what a cache-from reads. */
function sameCache(from: CacheEntry, to: CacheEntry): boolean {
  if (from.type !== to.type) return false
  if (from.type === 'gha') return ghaScope(from) === ghaScope(to)
  if (from.type === 'registry') return from.attrs.ref === to.attrs.ref
  if (from.type === 'local') return from.attrs.src === to.attrs.dest
  return false
}

/** Whether an `if:` of the step or its job says so; one with `||` in it may let the other events through, so it says nothing. */
function when(s: BuildStep, conditions: RegExp[]): boolean {
  return s.if.some((x) => !x.includes('||') && conditions.some((re) => re.test(x)))
}

function runner(job: WorkflowJob): 'hosted' | 'self-hosted' | 'unknown' {
  if (job.runsOn.includes('self-hosted')) return 'self-hosted'
  if (job.runnerGroup || job.runsOn.length === 0) return 'unknown'
  const labels = job.runsOn.flatMap((l) => {
    // `runs-on: ${{ matrix.os }}`: the values the matrix gives it
    const axis = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(l)?.[1]
    return axis === undefined ? [l] : (job.matrix?.axes.get(axis) ?? ['${{ }}'])
  })
  if (labels.includes('self-hosted')) return 'self-hosted'
  return labels.every((l) => HOSTED.test(l)) ? 'hosted' : 'unknown'
}

/** Whether an actions/cache step of the job keeps the folder: its path holds it, or a step moves it there (Docker's recipe). */
function persisted(job: WorkflowJob, dest: string | undefined): boolean {
  const norm = (p: string) => p.trim().replace(/^\.\//, '').replace(/\/+$/, '')
  const paths = job.steps
    .filter((st) => /^actions\/cache(\/save)?@/.test(st.uses ?? ''))
    .flatMap((st) => (st.with.get('path')?.value.text ?? '').split('\n').map(norm))
    .filter((p) => p !== '')
  if (paths.length === 0) return false
  if (dest === undefined || paths.some(hasExpression)) return true
  const d = norm(dest)
  if (paths.some((p) => d === p || d.startsWith(`${p}/`))) return true
  const moves = job.steps.flatMap((st) => st.run?.text.split('\n') ?? []).filter((l) => /\b(mv|cp|rsync)\b/.test(l) && l.includes(d))
  return moves.some((l) => paths.some((p) => l.includes(p)))
}
