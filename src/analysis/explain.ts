import type { Build } from '../model/build.js'
import type { BaselineEntry } from '../baseline/entry.js'
import { baselineSteps } from '../baseline/entry.js'
import type { BuildFiles } from '../dockerfile/read.js'
import { hygieneFindings, type HygieneCode } from '../dockerfile/hygiene.js'
import { instructionFor, stageNamed } from '../dockerfile/locate.js'
import { rootCauses, type ImportOutcome, type RootCause } from './root-causes.js'
import { tenths } from '../round.js'

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

export interface ExplainInputs {
  files: ReadonlyMap<Build, BuildFiles>
  /** The newest baseline run: the one causes are told against. */
  baseline?: BaselineEntry | undefined
  imports?: (b: Build) => ImportOutcome[]
  noCache?: (b: Build) => true | string[] | undefined
}

/** The root cause of every miss of every build, and the Dockerfile hygiene findings with their cost. */
export function explain(builds: readonly Build[], x: ExplainInputs): { rootCauses: RootCause[]; findings: Finding[] } {
  const baseline = x.baseline && baselineSteps(x.baseline)
  const causes = builds.flatMap((b, i) =>
    rootCauses(b, i + 1, {
      ...(baseline ? { baseline } : {}),
      dockerfile: (bb) => x.files.get(bb)?.dockerfile,
      ...(x.imports ? { imports: x.imports } : {}),
      ...(x.noCache ? { noCache: x.noCache } : {})
    })
  )
  causes.sort((a, b) => b.seconds - a.seconds)
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
  for (const f of findings.values()) f.seconds = tenths(f.seconds)
  return { rootCauses: causes, findings: [...findings.values()].sort((a, b) => b.seconds - a.seconds || a.file.localeCompare(b.file) || a.line - b.line) }
}

/** Whether a miss is one a finding explains: a changed-files miss for .dockerignore, else a miss at or after its line in its stage. */
function affects(code: HygieneCode, line: number, c: RootCause, sameStage: boolean, text: string | undefined): boolean {
  if (code === 'dockerignore-missing' || code === 'dockerignore-incomplete')
    return c.code === 'files-changed' && text !== undefined && /^(COPY|ADD)\b/.test(text)
  return sameStage && c.line !== undefined && c.line >= line
}
