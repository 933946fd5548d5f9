import { cli } from './cli.js'

process.exitCode = await cli(
  process.argv.slice(2),
  (s) => process.stdout.write(`${s}\n`),
  (s) => process.stderr.write(`${s}\n`),
  new Date(),
  process.cwd()
)
