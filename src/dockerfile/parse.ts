import { problem, type Problem } from '../problems.js'

/** `--name=value` (or a bare `--name`, value undefined) before an instruction's arguments. */
export interface Flag {
  name: string
  value: string | undefined
}

/** `<<EOF` … `EOF` after a RUN, COPY or ADD. */
export interface Heredoc {
  delimiter: string
  /** `<<-EOF`: leading tabs are stripped from the body and the end line. */
  stripTabs: boolean
  /** `<<'EOF'` or `<<"EOF"`: no expansion in the body. */
  quoted: boolean
  body: string
  /** 1-based lines of the body's first line and of the delimiter that ends it. */
  startLine: number
  endLine: number
}

export interface Instruction {
  /** Upper-cased: `RUN`, `COPY`. */
  keyword: string
  /** The arguments after the flags, continuation lines joined, heredoc bodies left out. */
  args: string
  flags: Flag[]
  /** The exec (JSON) form's strings, when the arguments are one. */
  json: string[] | undefined
  heredocs: Heredoc[]
  /** The instruction on one line, whitespace collapsed: what a finding quotes. */
  text: string
  /** 1-based: the keyword's line, and the last line (continuation or heredoc end). */
  startLine: number
  endLine: number
  /** Index of the stage it belongs to; -1 for an ARG before the first FROM. */
  stage: number
}

export interface Stage {
  index: number
  /** `FROM image AS name`, lower-cased as BuildKit does; undefined when unnamed. */
  name: string | undefined
  baseImage: string
  /** `FROM --platform=...`. */
  platform: string | undefined
  from: Instruction
  /** The instructions after the FROM. */
  instructions: Instruction[]
}

export interface Dockerfile {
  file: string
  /** Parser directives at the top (`syntax`, `escape`, `check`), names lower-cased. */
  directives: Record<string, string>
  escape: string
  /** ARGs before the first FROM. */
  globalArgs: Instruction[]
  stages: Stage[]
  /** Every instruction in order, FROMs and global ARGs included. */
  instructions: Instruction[]
  problems: Problem[]
}

const KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR'
])
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD'])
const JSON_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME'])
const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$/
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check'])
// A name or quoted name after << (or <<-): `1<<2` in shell arithmetic is not one
const HEREDOC_MARKER = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g

/** Reads a Dockerfile as BuildKit's parser does; what it would refuse is a problem, never a throw. */
export function parseDockerfile(text: string, file = 'Dockerfile'): Dockerfile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const problems: Problem[] = []
  const directives: Record<string, string> = {}
  let i = 0
  // Directives only count before any comment, blank line or instruction
  for (; i < lines.length; i++) {
    const m = DIRECTIVE.exec((lines[i] ?? '').trim())
    const name = m?.[1]?.toLowerCase()
    if (m === null || name === undefined || !KNOWN_DIRECTIVES.has(name)) break
    if (name in directives) problems.push(problem('dockerfile-invalid', `the parser directive ${name} is given twice`, { file, line: i + 1 }))
    else directives[name] = m[2] ?? ''
  }
  let escape = '\\'
  if (directives.escape !== undefined) {
    if (directives.escape === '`' || directives.escape === '\\') escape = directives.escape
    else problems.push(problem('dockerfile-invalid', `escape=${directives.escape}: the escape character can only be \\ or \``, { file, line: 1 }))
  }

  const instructions: Instruction[] = []
  const globalArgs: Instruction[] = []
  const stages: Stage[] = []
  while (i < lines.length) {
    const first = lines[i] ?? ''
    const trimmed = first.trim()
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++
      continue
    }
    const startLine = i + 1
    // Join continuations; comment and blank lines inside one are dropped, as BuildKit does
    let logical = ''
    let line = first
    for (;;) {
      const cont = continued(line, escape)
      logical += cont ?? line
      i++
      if (cont === undefined) break
      while (i < lines.length && /^\s*(#.*)?$/.test(lines[i] ?? '')) i++
      if (i >= lines.length) break
      line = lines[i] ?? ''
    }
    const endOfLine = i
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(logical)
    const word = m?.[1] ?? ''
    const keyword = word.toUpperCase()
    let rest = (m?.[2] ?? '').trim()
    if (!KEYWORDS.has(keyword)) {
      problems.push(problem('dockerfile-invalid', `unknown instruction: ${word}`, { file, line: startLine }))
      continue
    }
    const heredocs: Heredoc[] = []
    if (HEREDOC_KEYWORDS.has(keyword)) {
      for (const h of rest.matchAll(HEREDOC_MARKER)) {
        const delimiter = h[3] ?? ''
        const stripTabs = h[1] === '-'
        const body: string[] = []
        const bodyStart = i + 1
        let closed = false
        for (; i < lines.length; i++) {
          const l = lines[i] ?? ''
          if ((stripTabs ? l.replace(/^\t+/, '') : l) === delimiter) {
            closed = true
            i++
            break
          }
          body.push(stripTabs ? l.replace(/^\t+/, '') : l)
        }
        if (!closed) problems.push(problem('dockerfile-invalid', `the heredoc <<${delimiter} is not ended by a line ${delimiter}`, { file, line: startLine }))
        heredocs.push({ delimiter, stripTabs, quoted: h[2] !== '', body: body.length === 0 ? '' : body.join('\n') + '\n', startLine: bodyStart, endLine: i })
      }
    }
    const flags: Flag[] = []
    for (;;) {
      const f = /^--([A-Za-z][A-Za-z0-9-]*)(?:=(\S*))?(?:\s+|$)/.exec(rest)
      if (f === null) break
      flags.push({ name: f[1] ?? '', value: f[2] })
      rest = rest.slice(f[0].length)
    }
    const instruction: Instruction = {
      keyword,
      args: rest,
      flags,
      json: JSON_KEYWORDS.has(keyword) ? execForm(rest) : undefined,
      heredocs,
      text: `${keyword} ${flags.map((f) => (f.value === undefined ? `--${f.name} ` : `--${f.name}=${f.value} `)).join('')}${rest}`.replace(/\s+/g, ' ').trim(),
      startLine,
      endLine: Math.max(endOfLine, i, startLine),
      stage: stages.length - 1
    }
    instructions.push(instruction)
    if (keyword === 'FROM') {
      const words = rest.split(/\s+/).filter((w) => w !== '')
      if (words.length === 0) problems.push(problem('dockerfile-invalid', 'FROM names no image', { file, line: startLine }))
      else if (!(words.length === 1 || (words.length === 3 && words[1]?.toUpperCase() === 'AS')))
        problems.push(problem('dockerfile-invalid', `FROM ${rest}: expected FROM [--platform=...] image [AS name]`, { file, line: startLine }))
      instruction.stage = stages.length
      stages.push({
        index: stages.length,
        name: words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined,
        baseImage: words[0] ?? '',
        platform: flags.find((f) => f.name === 'platform')?.value,
        from: instruction,
        instructions: []
      })
    } else if (stages.length === 0) {
      if (keyword === 'ARG') globalArgs.push(instruction)
      else problems.push(problem('dockerfile-invalid', `${keyword} before the first FROM: only ARG can come before it`, { file, line: startLine }))
    } else stages[stages.length - 1]?.instructions.push(instruction)
  }
  if (stages.length === 0 && problems.length === 0) problems.push(problem('dockerfile-invalid', 'no FROM: the Dockerfile has no stage', { file }))
  return { file, directives, escape, globalArgs, stages, instructions, problems }
}

/** The line without its trailing escape character when it continues on the next, else undefined. */
function continued(line: string, escape: string): string | undefined {
  const t = line.replace(/[ \t]+$/, '')
  return t.endsWith(escape) ? t.slice(0, -1) : undefined
}

/** `["a", "b"]` as strings; undefined for the shell form (BuildKit falls back to it too). */
function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined
  try {
    const v: unknown = JSON.parse(args)
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined
  } catch {
    return undefined
  }
}
