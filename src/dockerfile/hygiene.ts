import type { Dockerfile, Instruction } from './parse.js'
import { contextSources, declaredNames, globRegExp } from './locate.js'

export type HygieneCode =
  | 'copy-all-before-install'
  | 'copy-docs-before-install'
  | 'manifest-with-other-files'
  | 'apt-update-alone'
  | 'volatile-arg-early'
  | 'dockerignore-missing'
  | 'dockerignore-incomplete'

export interface HygieneFinding {
  code: HygieneCode
  file: string
  /** The instruction's first line, 1-based. */
  line: number
  /** The instruction as the parser quotes it. */
  instruction: string
  /** What to change, in one sentence. */
  change: string
}

const INSTALL =
  /\b(npm\s+(ci|install|i)\b|yarn(\s+install)?\s*($|&&|;|\||--)|pnpm\s+(install|i)\b|pip3?\s+install\b|poetry\s+install\b|uv\s+(sync|pip\s+install)\b|bundle(\s+install)?\s*($|&&|;|--)|go\s+mod\s+download\b|cargo\s+(build|fetch)\b|composer\s+install\b|apt-get\s+install\b|apt\s+install\b)/
const MANIFEST =
  /^(package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|\.yarnrc\.yml|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.npmrc|requirements.*\.(txt|in)|constraints.*\.txt|pyproject\.toml|poetry\.lock|uv\.lock|Pipfile(\.lock)?|setup\.cfg|Gemfile(\.lock)?|go\.(mod|sum)|Cargo\.(toml|lock)|composer\.(json|lock))$/
// Some manifest names, to tell whether a glob like `package*.json` or `requirements*.txt` picks manifests
const MANIFEST_NAMES = [
  'package.json',
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'requirements.txt',
  'requirements-dev.txt',
  'pyproject.toml',
  'poetry.lock',
  'uv.lock',
  'Gemfile',
  'Gemfile.lock',
  'go.mod',
  'go.sum',
  'Cargo.toml',
  'Cargo.lock',
  'composer.json',
  'composer.lock'
]
// Files no dependency install reads, that change often
const DOCS = /^(README.*|CHANGELOG.*|CONTRIBUTING.*|LICENSE.*|.*\.(md|rst|adoc)|docs?|tests?|examples?)$/i
// Names of values that are new on every run. VERSION is left out: NODE_VERSION, PYTHON_VERSION pin a tool
const VOLATILE = /(^|_)(GIT_)?(SHA|SHORT_SHA|COMMIT|COMMIT_SHA|REVISION|REF|DATE|BUILD_DATE|BUILD_ID|BUILD_NUMBER|RUN_ID|RUN_NUMBER|TIMESTAMP|TIME|EPOCH)(_|$)/i
const BUILDING = new Set(['RUN', 'COPY', 'ADD', 'ENV', 'WORKDIR'])
// What a copy of the whole context should leave out, in .dockerignore
const IGNORED = ['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.cache']

/** Cache hygiene of a parsed Dockerfile; `dockerignore` is the text of `.dockerignore`, undefined when there is none. */
export function hygieneFindings(d: Dockerfile, dockerignore: string | undefined): HygieneFinding[] {
  const findings: HygieneFinding[] = []
  const add = (code: HygieneCode, x: Instruction, change: string): void => {
    findings.push({ code, file: d.file, line: x.startLine, instruction: x.text, change })
  }
  let wholeContext: Instruction | undefined
  for (const stage of d.stages) {
    const list = stage.instructions
    const installAt = list.map((x) => x.keyword === 'RUN' && INSTALL.test(shellText(x)))
    list.forEach((x, n) => {
      const installAfter = installAt.some((yes, m) => yes && m > n)
      if (x.keyword === 'COPY' || x.keyword === 'ADD') {
        const sources = contextSources(x)
        if (sources.length === 0) return
        const whole = sources.some(isWholeContext)
        if (whole) wholeContext ??= x
        if (!installAfter) return
        const install = list.find((_, m) => m > n && installAt[m])
        const before = install === undefined ? 'the dependency install' : `the install on line ${String(install.startLine)}`
        const manifests = sources.filter(isManifest)
        const others = sources.filter((s) => !isManifest(s))
        if (whole)
          add(
            'copy-all-before-install',
            x,
            `Copy only the dependency manifests before ${before}, and the rest of the context after it: any change in the context now reinstalls every dependency.`
          )
        else if (manifests.length > 0 && others.length > 0)
          add(
            'manifest-with-other-files',
            x,
            `Copy ${manifests.join(' ')} on its own before ${before} and ${others.join(' ')} after it: a change to ${others.join(' or ')} now reinstalls every dependency.`
          )
        else if (others.some((s) => DOCS.test(baseName(s))))
          add(
            'copy-docs-before-install',
            x,
            `Move this copy after ${before}: ${others.filter((s) => DOCS.test(baseName(s))).join(' ')} are not read by it, yet a change to them reinstalls every dependency.`
          )
      } else if (x.keyword === 'RUN') {
        const sh = shellText(x)
        if (/\bapt(-get)?\s+update\b/.test(sh) && !/\bapt(-get)?\s+install\b/.test(sh))
          add(
            'apt-update-alone',
            x,
            'Run apt-get update in the same RUN as apt-get install (apt-get update && apt-get install -y ...): cached alone, its stale package lists make a later install fail or install old versions.'
          )
      } else if (x.keyword === 'ARG' || x.keyword === 'ENV') {
        for (const name of declaredNames(x)) {
          if (!VOLATILE.test(name)) continue
          // An ENV with a literal value changes only when the Dockerfile does
          if (x.keyword === 'ENV' && !/\$/.test(x.args)) continue
          // Every RUN after an ARG sees it, so its value is in their cache keys; a COPY, ADD, ENV or WORKDIR when it names it.
          // A LABEL or CMD naming it costs nothing: that is where it belongs
          const used = list.slice(n + 1).find((y) => (y.keyword === 'RUN' && x.keyword === 'ARG') || (BUILDING.has(y.keyword) && mentions(y, name)))
          if (used === undefined) continue
          add(
            'volatile-arg-early',
            x,
            `Declare ${name} as late as possible (after the installs and the build, e.g. just before a LABEL at the end of the stage): it changes on every run and makes line ${String(used.startLine)} and all after it miss the cache.`
          )
        }
      }
    })
  }
  if (wholeContext !== undefined) {
    if (dockerignore === undefined)
      add(
        'dockerignore-missing',
        wholeContext,
        `Add a .dockerignore next to the Dockerfile leaving out ${IGNORED.join(', ')}: this copy takes the whole context, so any change in them misses the cache.`
      )
    else {
      const missing = IGNORED.filter((name) => !ignored(dockerignore, name))
      if (missing.length > 0)
        add(
          'dockerignore-incomplete',
          wholeContext,
          `Add ${missing.join(', ')} to .dockerignore: this copy takes the whole context, so any change in them misses the cache.`
        )
    }
  }
  return findings.sort((a, b) => a.line - b.line)
}

/** The commands a RUN runs: its shell form, exec form or heredoc bodies. */
function shellText(x: Instruction): string {
  return [x.json === undefined ? x.args : x.json.join(' '), ...x.heredocs.map((h) => h.body)].join('\n')
}

function isWholeContext(s: string): boolean {
  return /^(\.\/?|\*|\.\/\*)$/.test(s)
}

function baseName(s: string): string {
  return s.replace(/\/+$/, '').split('/').at(-1) ?? s
}

function isManifest(s: string): boolean {
  const b = baseName(s)
  if (MANIFEST.test(b)) return true
  if (!/[*?[]/.test(b)) return false
  const re = globRegExp(b)
  return MANIFEST_NAMES.some((m) => re.test(m))
}

function mentions(x: Instruction, name: string): boolean {
  return new RegExp(`\\$(\\{)?${name}\\b`).test([x.args, ...x.flags.map((f) => f.value ?? ''), ...x.heredocs.map((h) => h.body)].join('\n'))
}

/** Whether .dockerignore leaves out a top-level file or folder of this name (or all of them, anywhere). */
function ignored(dockerignore: string, name: string): boolean {
  let out = false
  for (const raw of dockerignore.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const negated = line.startsWith('!')
    const pattern = (negated ? line.slice(1) : line)
      .trim()
      .replace(/^\.?\/+/, '')
      .replace(/\/+$/, '')
    // `name/**` or `name/*` leave out all its content, which is as good for the cache
    const re = globRegExp(pattern.replace(/\/\*\*?$/, ''))
    if (re.test(name)) out = !negated
  }
  return out
}
