import { parse } from 'shell-quote'
import { Input } from '../constants.js'
import type { BuildArg } from '../docker/history.js'
import { parseCacheEntry } from '../workflow/cache-entry.js'

export type ProgressMode = 'rawjson' | 'plain' | 'unreadable'

/** `build`: one image (`docker build`, `docker buildx build`); `bake`: `docker buildx bake`, one build per target. */
export type BuildKind = 'build' | 'bake'

export interface RunCommand {
  /** The program (`docker`) and its arguments, flags added. */
  file: string
  args: string[]
  kind: BuildKind
  /** The progress format the build will print, as asked or as added. */
  progress: ProgressMode
  /** For `bake`, buildx writes one object per target there, keyed by target name. */
  metadataFile: string
}

/** Why the `run` input was refused: enough for the caller to fail the step with the reason. */
export interface RunRefusal {
  input: typeof Input.Run
  /** The input as given (line continuations joined, trimmed). */
  value: string
  expected: string
  /** One sentence naming the input, what is wrong and what would do. */
  message: string
}

export const EXPECTED_COMMAND = 'one docker build, buildx build or buildx bake command'

/**
 * Splits the `run` input into argv without a shell (shell-quote: quotes, escapes, `$VAR` from
 * the environment; operators, globs and a second command are refused), checks that it is a
 * `docker build`, `docker image build`, `docker buildx build|b` or `docker buildx bake|f`, with
 * only the docker and buildx global options known here before the subcommand, and adds
 * `--progress=rawjson` and `--metadata-file` unless the user set them.
 *
 * A refusal carries `error` (its message, as before) and `refusal` (the parts).
 */
export function prepareRunCommand(
  run: string,
  env: Record<string, string | undefined>,
  metadataFile: string
): { command: RunCommand } | { error: string; refusal: RunRefusal } {
  // `\` at a line end continues the line, as in a workflow's `run:`; any other line break would
  // start a second command, which a single build cannot be.
  const text = run.replace(/\\\r?\n/g, ' ').trim()
  const refuse = (message: string, expected: string = EXPECTED_COMMAND) => {
    const refusal: RunRefusal = { input: Input.Run, value: text, expected, message: `${Input.Run}: ${message}` }
    return { error: refusal.message, refusal }
  }
  if (/\n\s*\S/.test(text)) return refuse('give one docker build command (continue long lines with \\); it runs without a shell')
  const parsed = parse(text, (key) => env[key] ?? '')
  const argv: string[] = []
  for (const entry of parsed) {
    if (typeof entry === 'string') {
      argv.push(entry)
      continue
    }
    // an unquoted `*` (bake's `--set *.platform=…`) is a glob to shell-quote: say how to pass it
    if ('pattern' in entry) return refuse(`"${entry.pattern}" is shell syntax (a glob), and the command runs without a shell; quote it to pass it as it is`)
    const what = 'comment' in entry ? `#${entry.comment}` : entry.op
    return refuse(`"${what}" is shell syntax, and the command runs without a shell; give one docker build command with its arguments`)
  }
  const sub = findSubcommand(argv)
  if ('refused' in sub) return refuse(sub.refused, sub.expected)
  const at = sub.at

  const progress = flagValue(argv, at, '--progress')
  // bake has no --quiet; there `-q` is an error of buildx's own
  const quiet = sub.kind === 'build' && argv.slice(at + 1).some((a) => a === '-q' || a === '--quiet')
  const added: string[] = []
  let mode: ProgressMode = 'rawjson'
  if (progress === undefined) {
    if (quiet) mode = 'unreadable'
    else added.push('--progress=rawjson')
  } else {
    mode = progress === 'rawjson' ? 'rawjson' : progress === 'plain' ? 'plain' : 'unreadable'
  }
  let metadata = flagValue(argv, at, '--metadata-file')
  if (metadata === undefined) {
    metadata = metadataFile
    added.push('--metadata-file', metadataFile)
  }
  const args = [...argv.slice(1, at + 1), ...added, ...argv.slice(at + 1)]
  return { command: { file: 'docker', args, kind: sub.kind, progress: mode, metadataFile: metadata } }
}

interface OptionSpec {
  long: string
  short?: string
  takesValue: boolean
}

// docker 28 `docker --help`, Global Options; `-v/--version` and `-h/--help` build nothing.
const DOCKER_OPTIONS: OptionSpec[] = [
  { long: 'config', takesValue: true },
  { long: 'context', short: 'c', takesValue: true },
  { long: 'debug', short: 'D', takesValue: false },
  { long: 'host', short: 'H', takesValue: true },
  { long: 'log-level', short: 'l', takesValue: true },
  { long: 'tls', takesValue: false },
  { long: 'tlscacert', takesValue: true },
  { long: 'tlscert', takesValue: true },
  { long: 'tlskey', takesValue: true },
  { long: 'tlsverify', takesValue: false }
]

// buildx 0.29 `docker buildx --help`, Options.
const BUILDX_OPTIONS: OptionSpec[] = [
  { long: 'builder', takesValue: true },
  { long: 'debug', short: 'D', takesValue: false }
]

// what pflag's boolean flags accept after `=` (strconv.ParseBool)
const BOOLEAN = /^(1|0|t|f|T|F|true|false|TRUE|FALSE|True|False)$/

const names = (specs: OptionSpec[]) => specs.map((o) => (o.short === undefined ? `--${o.long}` : `-${o.short}/--${o.long}`)).join(', ')

type Found = { at: number; kind: BuildKind } | { refused: string; expected: string }

/** Where the build subcommand is, after the options of docker (and buildx) that are known here. */
function findSubcommand(argv: string[]): Found {
  // the words up to the one that is not a build, so `docker --config build run` shows its `run`
  const notBuild = (at: number): Found => ({
    refused: `expected a \`docker build\`, \`docker buildx build\` or \`docker buildx bake\` command, got "${argv.slice(0, Math.max(3, at + 1)).join(' ')}"`,
    expected: EXPECTED_COMMAND
  })
  if (argv[0] !== 'docker') return notBuild(0)
  const i = skipOptions(argv, 1, DOCKER_OPTIONS, 'docker')
  if (typeof i !== 'number') return i
  const command = argv[i]
  if (command === 'build') return { at: i, kind: 'build' }
  // `docker image build` and `docker builder build` are aliases of `docker build`
  if ((command === 'image' || command === 'builder') && argv[i + 1] === 'build') return { at: i + 1, kind: 'build' }
  if (command !== 'buildx') return notBuild(i + (command === 'image' || command === 'builder' ? 1 : 0))
  const j = skipOptions(argv, i + 1, BUILDX_OPTIONS, 'buildx')
  if (typeof j !== 'number') return j
  const sub = argv[j]
  // `b` and `f` are buildx's own aliases of build and bake
  if (sub === 'build' || sub === 'b') return { at: j, kind: 'build' }
  if (sub === 'bake' || sub === 'f') return { at: j, kind: 'bake' }
  return notBuild(j)
}

/**
 * Skips the global options of `docker` or `buildx` from `from` on, as pflag reads them:
 * `--opt value`, `--opt=value`, `-o value`, `-o=value`, `-ovalue`, and booleans alone or with
 * `=true|false`. An option not in the list is refused: guessing whether it takes a value
 * would let `docker --unknown build run ...` run `docker run`.
 */
function skipOptions(argv: string[], from: number, specs: OptionSpec[], program: 'docker' | 'buildx'): number | { refused: string; expected: string } {
  let i = from
  for (;;) {
    const a = argv[i] ?? ''
    if (!a.startsWith('-') || a === '-') return i
    const long = a.startsWith('--')
    const eq = a.indexOf('=')
    let name: string
    let inline: string | undefined
    if (long) {
      name = eq < 0 ? a.slice(2) : a.slice(2, eq)
      inline = eq < 0 ? undefined : a.slice(eq + 1)
    } else {
      name = a.slice(1, 2)
      const rest = a.slice(2)
      inline = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest
    }
    const spec = specs.find((o) => (long ? o.long === name : o.short === name))
    // a boolean takes no value but `=true|false`; `-Dx` would be two short options at once
    const badBoolean = spec !== undefined && !spec.takesValue && inline !== undefined && !(a.includes('=') && BOOLEAN.test(inline))
    if (spec === undefined || name === '' || badBoolean)
      return {
        refused: `"${a}" is not a ${program} option that run mode accepts before the command (known: ${names(specs)})`,
        expected: `only the ${program} options ${names(specs)} before the command`
      }
    if (!spec.takesValue) {
      i++
      continue
    }
    if (inline !== undefined) {
      i++
      continue
    }
    if (i + 1 >= argv.length) return { refused: `${program} option "${a}" needs a value`, expected: `a value after ${a}` }
    i += 2
  }
}

/** `--flag=value` or `--flag value` after the subcommand. */
function flagValue(argv: string[], from: number, flag: string): string | undefined {
  for (let i = from + 1; i < argv.length; i++) {
    const a = argv[i] ?? ''
    if (a === flag) return argv[i + 1]
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1)
  }
  return undefined
}

/**
 * The build args the command passes: `--build-arg NAME=value`, `--build-arg=NAME=value`,
 * `--build-arg NAME` (docker takes the value from its environment, which is `env`), and bake's
 * `--set <target>.args.NAME=value`. Bake's files are not read: their args show in the records.
 */
export function commandBuildArgs(command: RunCommand, env: Record<string, string | undefined>): BuildArg[] {
  const out: BuildArg[] = []
  const { args } = command
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? ''
    let flag = a
    let value: string | undefined
    const eq = a.indexOf('=')
    if (a.startsWith('--') && eq > 0) {
      flag = a.slice(0, eq)
      value = a.slice(eq + 1)
    } else if (a === '--build-arg' || a === '--set') {
      value = args[++i]
    }
    if (value === undefined) continue
    if (flag === '--build-arg') {
      const at = value.indexOf('=')
      if (at > 0) out.push({ name: value.slice(0, at), value: value.slice(at + 1) })
      else if (value !== '' && env[value] !== undefined) out.push({ name: value, value: env[value] ?? '' })
    } else if (flag === '--set' && command.kind === 'bake') {
      const m = /^[^=]*\.args\.([^=.]+)=(.*)$/s.exec(value)
      if (m) out.push({ name: m[1] ?? '', value: m[2] ?? '' })
    }
  }
  return out
}

/** What a build's command says about its cache: what root causes and the cache export table cannot read in a log. */
export interface CacheOptions {
  /** `--no-cache` (true) or the stages of `--no-cache-filter`. */
  noCache?: true | string[]
  /** `--cache-to` values, e.g. `type=gha,mode=max,scope=api`. */
  cacheTo: string[]
  cacheFrom: string[]
}

/** `--no-cache`, `--no-cache-filter`, `--cache-to` and `--cache-from` of a build command (both `--flag v` and `--flag=v`). */
export function commandCacheOptions(command: RunCommand): CacheOptions {
  const out: CacheOptions = { cacheTo: [], cacheFrom: [] }
  const filters: string[] = []
  const { args } = command
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? ''
    const eq = a.startsWith('--') ? a.indexOf('=') : -1
    const flag = eq > 0 ? a.slice(0, eq) : a
    if (flag === '--no-cache' && eq < 0) out.noCache = true
    if (flag !== '--no-cache-filter' && flag !== '--cache-to' && flag !== '--cache-from') continue
    const value = eq > 0 ? a.slice(eq + 1) : args[++i]
    if (value === undefined) continue
    if (flag === '--no-cache-filter') filters.push(...value.split(',').filter((s) => s !== ''))
    else if (flag === '--cache-to') out.cacheTo.push(value)
    else out.cacheFrom.push(value)
  }
  if (out.noCache === undefined && filters.length > 0) out.noCache = filters
  return out
}

/** Cache stores other than the repository's Actions cache (buildx's `--cache-to` types). */
const ELSEWHERE = new Set(['registry', 'local', 'inline', 's3', 'azblob'])

/**
 * Whether the build may still change the repository's Actions cache: a `--cache-to` of
 * `type=gha` or of a type not known here, or a bake, whose file may name one the command does not.
 */
export function mayExportToActionsCache(command: RunCommand, options: CacheOptions): boolean {
  if (command.kind === 'bake') return true
  return options.cacheTo.some((to) => {
    const type = parseCacheEntry(to, 0)?.type
    return type === undefined || !ELSEWHERE.has(type)
  })
}
