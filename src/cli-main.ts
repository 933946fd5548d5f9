import { cli } from './cli.js'

// The CLI's own output is written here; the toolkit's libraries (@actions/glob) write workflow
// commands (`::debug::...`) to stdout, which on a terminal are noise: debug lines are dropped and
// anything else they write goes to stderr.
const stdout = process.stdout.write.bind(process.stdout)
const stderr = process.stderr.write.bind(process.stderr)
const toStderr = (chunk: string | Uint8Array, ...rest: never[]): boolean => (String(chunk).startsWith('::debug::') ? true : stderr(chunk, ...rest))
process.stdout.write = toStderr

process.exitCode = await cli(
  process.argv.slice(2),
  (s) => stdout(`${s}\n`),
  (s) => stderr(`${s}\n`),
  new Date(),
  process.cwd(),
  process.stdin,
  (s) => stdout(s)
)
