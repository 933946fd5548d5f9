import type { Text } from './parse.js'
import { shellTokens } from './shell-words.js'

export interface Flag {
  /** `--cache-to`, `-f`. */
  name: string
  /** `--flag value` or `--flag=value`; undefined for a flag alone (`--no-cache`). */
  value: string | undefined
  line: number
}

/** A `docker build`, `docker buildx build` or `docker buildx bake` in a `run:` script. */
export interface DockerCommand {
  kind: 'build' | 'bake'
  line: number
  flags: Flag[]
  /** The context of a build, the targets of a bake. */
  operands: { word: string; line: number }[]
}

// Flags that take a value: buildx 0.29 `docker buildx build --help` and `docker buildx bake --help`.
// `--provenance` and `--sbom` take one only after `=`, as booleans do.
const BUILD_VALUES = new Set([
  '--add-host',
  '--allow',
  '--annotation',
  '--attest',
  '--build-arg',
  '--build-context',
  '--builder',
  '--cache-from',
  '--cache-to',
  '--call',
  '--cgroup-parent',
  '-f',
  '--file',
  '--iidfile',
  '--label',
  '--metadata-file',
  '--network',
  '--no-cache-filter',
  '-o',
  '--output',
  '--platform',
  '--progress',
  '--secret',
  '--shm-size',
  '--ssh',
  '-t',
  '--tag',
  '--target',
  '--ulimit'
])
const BAKE_VALUES = new Set(['--allow', '--builder', '--call', '-f', '--file', '--list', '--metadata-file', '--progress', '--set'])
// docker 28 and buildx 0.29 global options that take a value, before the subcommand
const GLOBAL_VALUES = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey', '--builder'])
// Words that may stand before a command: `sudo docker build`, `if docker build ...; then`
const PREFIXES = new Set(['sudo', 'time', 'exec', 'command', 'nohup', 'env', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{'])

/** The docker builds a `run:` script runs, with their flags and the line of each. */
export function dockerCommands(script: Text, shell: string | undefined): DockerCommand[] {
  // PowerShell continues a line with a backtick; bash and sh with a backslash
  const continuation = /^(pwsh|powershell)\b/.test(shell ?? '') ? '`' : '\\'
  const commands: DockerCommand[] = []
  let words: { word: string; line: number }[] = []
  const end = (): void => {
    const c = dockerCommand(words)
    if (c !== undefined) commands.push(c)
    words = []
  }
  for (const t of shellTokens(script, continuation)) {
    if ('op' in t) end()
    else words.push(t)
  }
  end()
  return commands
}

function dockerCommand(all: { word: string; line: number }[]): DockerCommand | undefined {
  let i = 0
  const word = (n: number): string => all[n]?.word ?? ''
  while (i < all.length && (PREFIXES.has(word(i)) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word(i)) || (i > 0 && word(i).startsWith('-') && word(i - 1) === 'sudo')))
    i++
  const first = all[i]
  if (first === undefined || !/(^|\/)docker$/.test(first.word)) return undefined
  i = skipGlobals(all, i + 1)
  let kind: 'build' | 'bake'
  if (word(i) === 'build') kind = 'build'
  else if ((word(i) === 'image' || word(i) === 'builder') && word(i + 1) === 'build') {
    kind = 'build'
    i++
  } else if (word(i) === 'buildx') {
    i = skipGlobals(all, i + 1)
    if (word(i) === 'build' || word(i) === 'b') kind = 'build'
    else if (word(i) === 'bake' || word(i) === 'f') kind = 'bake'
    else return undefined
  } else return undefined
  const takesValue = kind === 'build' ? BUILD_VALUES : BAKE_VALUES
  const c: DockerCommand = { kind, line: first.line, flags: [], operands: [] }
  for (let j = i + 1; j < all.length; j++) {
    const w = all[j] ?? { word: '', line: first.line }
    if (!w.word.startsWith('-') || w.word === '-') {
      c.operands.push(w)
      continue
    }
    const eq = w.word.indexOf('=')
    const name = eq < 0 ? w.word : w.word.slice(0, eq)
    if (eq >= 0) c.flags.push({ name, value: w.word.slice(eq + 1), line: w.line })
    else if (takesValue.has(name) && j + 1 < all.length) c.flags.push({ name, value: all[++j]?.word, line: w.line })
    else c.flags.push({ name, value: undefined, line: w.line })
  }
  return c
}

function skipGlobals(all: { word: string }[], from: number): number {
  let i = from
  while (all[i]?.word.startsWith('-') === true) i += GLOBAL_VALUES.has(all[i]?.word ?? '') ? 2 : 1
  return i
}
