import type { Build } from '../model/build.js'
import type { BaselineEntry } from '../baseline/entry.js'
import { baselineSteps } from '../baseline/entry.js'
import type { BuildFiles } from '../dockerfile/read.js'
import { hygieneFindings, type HygieneCode } from '../dockerfile/hygiene.js'
import { instructionFor, stageNamed } from '../dockerfile/locate.js'
import { rootCauses, type ImportOutcome, type RootCause } from './root-causes.js'
import { tenths } from '../round.js'
import { findingsOf, type WorkflowCode } from '../workflow/hygiene.js'
import type { Workflow } from '../workflow/parse.js'
import { buildSteps } from '../workflow/build-steps.js'
import { fillCacheSettings } from './cache-settings.js'
import type { Problem } from '../problems.js'

/** Something to change in the Dockerfile, `.dockerignore` or the workflow, with what it cost this run. */
export interface Finding {
  source: 'dockerfile' | 'workflow'
  code: string
  file: string
  line: number
  /** The instruction or workflow step it is about, as written. */
  subject: string
  change: string
  /** Time of the misses this line started in this run (root causes at or after it), seconds. */
  seconds: number
  /** Root causes it explains, 1-based in the report's list. */
  causes: number[]
}

/** The workflow file running this job, read from the workspace and parsed (workflow/parse.ts, loaded only then). */
export interface WorkflowFile {
  parsed: Workflow
  /** Relative to the workspace, as annotations name it. */
  file: string
  /** GITHUB_JOB: only this job's steps built what the logs show. */
  job?: string | undefined
}

export interface ExplainInputs {
  workflow?: WorkflowFile | undefined
  files: ReadonlyMap<Build, BuildFiles>
  /** The newest baseline run: the one causes are told against. */
  baseline?: BaselineEntry | undefined
  imports?: (b: Build) => ImportOutcome[]
  noCache?: ((b: Build) => true | string[] | undefined) | undefined
}

/** The root cause of every miss of every build, and the Dockerfile and workflow hygiene findings with their cost. */
export function explain(builds: readonly Build[], x: ExplainInputs): { rootCauses: RootCause[]; findings: Finding[]; problems: Problem[] } {
  const baseline = x.baseline && baselineSteps(x.baseline)
  // parsed once: its build steps tell the options of the build, its findings are judged once the causes are known
  const workflow = x.workflow?.parsed
  const steps = workflow ? buildSteps(workflow) : []
  const mine = (job: string) => x.workflow?.job === undefined || !steps.some((st) => st.job === x.workflow?.job) || job === x.workflow.job
  const jobSteps = steps.filter((st) => mine(st.job))
  // the options of the one step that built, when the job has one: what --no-cache it gave
  const only = jobSteps.length === 1 ? jobSteps[0] : undefined
  let workflowNoCache: true | string[] | undefined
  if (only?.noCache?.text === 'true' || only?.noCache?.text === '--no-cache') workflowNoCache = true
  else if (only && only.noCacheFilters.length > 0)
    workflowNoCache = only.noCacheFilters.flatMap((f) => f.text.split(/[\s,]+/)).filter((w) => w !== '' && !w.startsWith('-'))
  if (only) fillCacheSettings(builds, only.cacheFrom, only.cacheTo)
  const noCache = x.noCache ?? (workflowNoCache === undefined ? undefined : () => workflowNoCache)
  const causes = builds.flatMap((b, i) =>
    rootCauses(b, i + 1, {
      ...(baseline ? { baseline } : {}),
      dockerfile: (bb) => x.files.get(bb)?.dockerfile,
      ...(x.imports ? { imports: x.imports } : {}),
      ...(noCache ? { noCache } : {})
    })
  )
  causes.sort((a, b) => b.seconds - a.seconds)
  const intermediate = causes.filter((c) => c.code === 'cache-not-available' && !isFinal(builds[c.build - 1], c.step.stage))
  const findings = new Map<string, Finding>()
  const seen = new Set<BuildFiles['dockerfile']>()
  for (const f of x.files.values()) {
    if (seen.has(f.dockerfile)) continue
    seen.add(f.dockerfile)
    for (const h of hygieneFindings(f.dockerfile, f.dockerignore)) {
      const file = h.code.startsWith('dockerignore') ? f.dockerignorePath : h.file
      const key = `${h.code}\u0000${file}\u0000${String(h.line)}`
      if (findings.has(key)) continue
      findings.set(key, {
        source: 'dockerfile',
        code: h.code,
        file,
        line: h.code.startsWith('dockerignore') ? 1 : h.line,
        subject: h.instruction,
        change: h.change,
        seconds: 0,
        causes: []
      })
    }
  }
  // each cause counts towards the findings of its own Dockerfile whose line is at or before it in its stage
  for (const [n, c] of causes.entries()) {
    const b = builds[c.build - 1]
    const f = b && x.files.get(b)
    if (!f || c.line === undefined) continue
    const stage = stageNamed(f.dockerfile, c.step.stage)
    const at = instructionFor(f.dockerfile, c.step)
    for (const finding of findings.values()) {
      if (finding.file !== f.dockerfile.file && finding.file !== f.dockerignorePath) continue
      if (!affects(finding.code as HygieneCode, finding.line, c, stage?.instructions.some((i) => i.startLine === finding.line) ?? false, at?.text)) continue
      finding.seconds += c.seconds
      finding.causes.push(n + 1)
    }
  }
  if (x.workflow && workflow) {
    const observed = findingsOf(workflow, steps, { intermediateStagesMissed: intermediate.length > 0 })
    for (const w of observed.filter((f) => mine(f.job))) {
      const explained = workflowCauses(w.code, w.likelyCause === true, causes, intermediate)
      findings.set(`${w.code}\u0000${w.file}\u0000${String(w.line)}`, {
        source: 'workflow',
        code: w.code,
        file: w.file,
        line: w.line,
        subject: `${w.job}: ${w.step}`,
        change: w.change,
        seconds: explained.reduce((t, c) => t + c.seconds, 0),
        causes: explained.map((c) => causes.indexOf(c) + 1)
      })
    }
  }
  for (const f of findings.values()) f.seconds = tenths(f.seconds)
  return {
    rootCauses: causes,
    findings: [...findings.values()].sort((a, b) => b.seconds - a.seconds || a.file.localeCompare(b.file) || a.line - b.line),
    problems: workflow?.problems ?? []
  }
}

/** The misses a workflow finding explains: what no cache, a min-mode export or a shared scope leaves uncached. */
function workflowCauses(code: WorkflowCode, likely: boolean, causes: RootCause[], intermediate: RootCause[]): RootCause[] {
  switch (code) {
    case 'cache-export-mode-min':
      return likely ? intermediate : []
    case 'no-cache-export':
    case 'cache-from-without-cache-to':
    case 'shared-cache-scope':
    case 'local-cache-not-persisted':
      return causes.filter((c) => c.code === 'cache-not-available')
    case 'no-cache':
    case 'no-cache-filter':
      return causes.filter((c) => c.code === 'never-cached')
    default:
      return []
  }
}

/** The stage the image is made of: the last the build lists. */
function isFinal(b: Build | undefined, stage: string): boolean {
  return b?.stages.at(-1)?.name === stage
}

/** Whether a miss is one a finding explains: a changed-files miss for .dockerignore, else a miss at or after its line in its stage. */
function affects(code: HygieneCode, line: number, c: RootCause, sameStage: boolean, text: string | undefined): boolean {
  if (code === 'dockerignore-missing' || code === 'dockerignore-incomplete')
    return c.code === 'files-changed' && text !== undefined && /^(COPY|ADD)\b/.test(text)
  return sameStage && c.line !== undefined && c.line >= line
}
