import { parse } from 'shell-quote'
import { Input } from '../constants.js'

export type ProgressMode = 'rawjson' | 'plain' | 'unreadable'

export interface RunCommand {
  /** The program (`docker`) and its arguments, flags added. */
  file: string
  args: string[]
  /** The progress format the build will print, as asked or as added. */
  progress: ProgressMode
  metadataFile: string
}

/**
 * Splits the `run` input into argv without a shell (shell-quote: quotes, escapes, `$VAR` from
 * the environment; operators, globs and a second command are refused), checks that it is a
 * `docker buildx build` / `docker build`, and adds `--progress=rawjson` and `--metadata-file`
 * unless the user set them.
 */
export function prepareRunCommand(run: string, env: Record<string, string | undefined>, metadataFile: string): { command: RunCommand } | { error: string } {
  // `\` at a line end continues the line, as in a workflow's `run:`; any other line break would
  // start a second command, which a single build cannot be.
  const text = run.replace(/\\\r?\n/g, ' ').trim()
  if (/\n\s*\S/.test(text)) return { error: `${Input.Run}: give one docker build command (continue long lines with \\); it runs without a shell` }
  const parsed = parse(text, (key) => env[key] ?? '')
  const argv: string[] = []
  for (const entry of parsed) {
    if (typeof entry === 'string') {
      argv.push(entry)
      continue
    }
    const what = 'comment' in entry ? `#${entry.comment}` : 'pattern' in entry ? entry.pattern : entry.op
    return { error: `${Input.Run}: "${what}" is shell syntax, and the command runs without a shell; give one docker build command with its arguments` }
  }
  if (argv[0] !== 'docker')
    return { error: `${Input.Run}: expected a \`docker buildx build\` or \`docker build\` command, got "${argv.slice(0, 3).join(' ')}"` }
  const at = buildIndex(argv)
  if (at < 0) return { error: `${Input.Run}: expected a \`docker buildx build\` or \`docker build\` command, got "${argv.slice(0, 3).join(' ')}"` }

  const progress = flagValue(argv, at, '--progress')
  const quiet = argv.slice(at + 1).some((a) => a === '-q' || a === '--quiet')
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
  return { command: { file: 'docker', args, progress: mode, metadataFile: metadata } }
}

/** Index of `build` in `docker [opts] build`, `docker [opts] buildx [opts] build|b`, `docker image build`. */
function buildIndex(argv: string[]): number {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] ?? ''
    if (a === 'build') return i
    if (a === 'b' && argv[i - 1] === 'buildx') return i
    if (a === 'buildx' || a === 'image' || a === 'builder' || a.startsWith('-')) continue
    // the value of a global option (`--context ctx`, `--builder name`)
    if ((argv[i - 1] ?? '').startsWith('-') && !(argv[i - 1] ?? '').includes('=')) continue
    return -1
  }
  return -1
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
