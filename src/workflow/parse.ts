import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import { problem, type Problem } from '../problems.js'

/** A value as the workflow writes it: a `${{ }}` expression stays text, a number or boolean its YAML source. */
export interface Text {
  text: string
  /** 1-based line of the value's first line. */
  line: number
  /** A literal block (`|`): its n-th line (from 0) is on line + n. Other multi-line values fold, so all of them are said to be on `line`. */
  literal: boolean
}

export interface Input {
  /** 1-based line of the key under `with:`. */
  keyLine: number
  value: Text
}

export interface WorkflowStep {
  /** 1-based line where the step's mapping starts (its first key). */
  line: number
  name: string | undefined
  id: string | undefined
  uses: string | undefined
  if: string | undefined
  run: Text | undefined
  shell: string | undefined
  with: Map<string, Input>
}

export interface Matrix {
  line: number
  /** Each axis with its values as written; undefined for an axis given by an expression. */
  axes: Map<string, string[] | undefined>
  /** How many legs the matrix makes, when it is written out and not an expression. */
  legs: number | undefined
}

export interface WorkflowJob {
  /** The key under `jobs:` (GITHUB_JOB). */
  id: string
  line: number
  if: string | undefined
  /** The labels of `runs-on` as written (an expression stays text); empty for a runner group or none. */
  runsOn: string[]
  /** `runs-on: { group: ... }`. */
  runnerGroup: boolean
  matrix: Matrix | undefined
  steps: WorkflowStep[]
}

export interface Workflow {
  file: string
  /** The events under `on:` (`push`, `pull_request`). */
  events: string[]
  jobs: WorkflowJob[]
  problems: Problem[]
}

/**
 * Reads a workflow file with the lines of what the checks need. What GitHub would refuse to read
 * at all (not YAML, not a mapping, no jobs) is a problem and gives no job; the rest is actionlint's
 * business, and a key of the wrong shape is left out rather than guessed.
 */
export function parseWorkflow(text: string, file: string): Workflow {
  const lines = new LineCounter()
  const w: Workflow = { file, events: [], jobs: [], problems: [] }
  const invalid = (message: string, line?: number): Workflow => ({ ...w, problems: [problem('workflow-invalid', message, { file, line })] })
  // prettyErrors off: its messages quote the source, and a problem should not carry a file's text into the job log
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  const error = doc.errors[0]
  if (error !== undefined) return invalid(`not valid YAML: ${error.message}`, lines.linePos(error.pos[0]).line)
  const at = (node: Node | null | undefined): number => (node?.range === undefined || node.range === null ? 1 : lines.linePos(node.range[0]).line)
  const y = new Reader(doc, at)
  const root = doc.contents
  if (!isMap(root)) return invalid('not a workflow: the file is not a mapping of keys (on, jobs)', at(root))
  w.events = events(y, y.get(root, 'on'))
  const jobs = y.get(root, 'jobs')
  if (!isMap(jobs) || jobs.items.length === 0) return invalid('not a workflow: it has no jobs', at(jobs ?? root))
  for (const pair of jobs.items) {
    const id = y.scalar(pair.key as Node)
    const job = y.deref(pair.value as Node | null)
    if (id === undefined || !isMap(job)) continue
    const runsOn = y.deref(y.get(job, 'runs-on'))
    const labels = isSeq(runsOn) ? runsOn.items.map((x) => y.scalar(x as Node)) : [y.scalar(runsOn)]
    const steps = y.deref(y.get(job, 'steps'))
    w.jobs.push({
      id,
      line: at(pair.key as Node),
      if: y.scalar(y.get(job, 'if')),
      runsOn: labels.filter((l): l is string => l !== undefined),
      runnerGroup: isMap(runsOn),
      matrix: matrix(y, y.deref(y.get(y.deref(y.get(job, 'strategy')), 'matrix'))),
      steps: isSeq(steps) ? steps.items.flatMap((s) => step(y, s as Node)) : []
    })
  }
  return w
}

/** A document's nodes with aliases followed (GitHub reads anchors and aliases) and each node's line. */
class Reader {
  constructor(
    private readonly doc: Document,
    readonly at: (node: Node | null | undefined) => number
  ) {}

  deref(node: Node | null | undefined): Node | undefined {
    // Alias.resolve follows one alias; an anchor cannot name an alias, so one step is enough
    return (isAlias(node) ? node.resolve(this.doc) : node) ?? undefined
  }

  get(map: Node | undefined, key: string): Node | undefined {
    if (!isMap(map)) return undefined
    const pair = map.items.find((p) => this.scalar(p.key as Node) === key)
    return this.deref(pair?.value as Node | null | undefined)
  }

  /** A scalar's value as text: numbers and booleans as written (`true`, `0.10`); undefined for a collection or null. */
  scalar(node: Node | null | undefined): string | undefined {
    const n = this.deref(node)
    if (!isScalar(n) || n.value === null) return undefined
    if (typeof n.value === 'string') return n.value
    // a number or boolean as written: `0.10` stays `0.10`
    return n.source ?? (typeof n.value === 'number' || typeof n.value === 'boolean' ? String(n.value) : undefined)
  }

  text(node: Node | null | undefined): Text | undefined {
    const n = this.deref(node)
    const text = this.scalar(n)
    if (text === undefined || !isScalar(n)) return undefined
    // a block scalar's range starts at its `|` or `>`: the text starts on the next line
    const block = n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED'
    return { text, line: this.at(n) + (block ? 1 : 0), literal: n.type === 'BLOCK_LITERAL' }
  }
}

function events(y: Reader, on: Node | undefined): string[] {
  if (isMap(on)) return on.items.flatMap((p) => y.scalar(p.key as Node) ?? [])
  if (isSeq(on)) return on.items.flatMap((x) => y.scalar(x as Node) ?? [])
  return [y.scalar(on) ?? []].flat()
}

function step(y: Reader, node: Node): WorkflowStep[] {
  const s = y.deref(node)
  if (!isMap(s)) return []
  const inputs = new Map<string, Input>()
  const w = y.get(s, 'with')
  if (isMap(w))
    for (const p of w.items) {
      // input names are not case-sensitive: the runner hands them to the action as INPUT_<NAME>
      const key = y.scalar(p.key as Node)?.toLowerCase()
      const value = y.text(p.value as Node | null)
      if (key !== undefined && value !== undefined) inputs.set(key, { keyLine: y.at(p.key as Node), value })
    }
  return [
    {
      line: y.at(s),
      name: y.scalar(y.get(s, 'name')),
      id: y.scalar(y.get(s, 'id')),
      uses: y.scalar(y.get(s, 'uses')),
      if: y.scalar(y.get(s, 'if')),
      run: y.text(y.get(s, 'run')),
      shell: y.scalar(y.get(s, 'shell')),
      with: inputs
    }
  ]
}

function matrix(y: Reader, node: Node | undefined): Matrix | undefined {
  if (node === undefined) return undefined
  const axes = new Map<string, string[] | undefined>()
  // `matrix: ${{ fromJSON(...) }}`: legs made at run time, as many as it says
  if (!isMap(node)) return { line: y.at(node), axes, legs: undefined }
  let extra = 0
  let known = true
  for (const p of node.items) {
    const key = y.scalar(p.key as Node)
    const value = y.deref(p.value as Node | null)
    if (key === undefined) continue
    if (key === 'include' || key === 'exclude') {
      // an include may add legs or extend those there: counted as added, an upper bound
      if (!isSeq(value)) known = false
      else if (key === 'include') extra += value.items.length
      continue
    }
    axes.set(key, isSeq(value) ? value.items.map((x) => y.scalar(x as Node) ?? '') : undefined)
  }
  let legs = axes.size === 0 ? 0 : 1
  for (const values of axes.values()) {
    if (values === undefined) known = false
    else legs *= values.length
  }
  return { line: y.at(node), axes, legs: known ? legs + extra : undefined }
}
