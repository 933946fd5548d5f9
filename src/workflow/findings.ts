import { parseWorkflow } from './parse.js'
import { buildSteps } from './build-steps.js'
import { findingsOf, type Observed, type WorkflowHygiene } from './hygiene.js'

// Apart from hygiene.ts: the action parses a workflow (and loads `yaml`) only when it has one to read.
/** Cache hygiene of a workflow's Docker build steps; `observed` is what this run's build showed. */
export function workflowFindings(text: string, file: string, observed: Observed = {}): WorkflowHygiene {
  const w = parseWorkflow(text, file)
  const steps = buildSteps(w)
  return { findings: findingsOf(w, steps, observed), steps, problems: w.problems }
}
