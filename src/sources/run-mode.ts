import { join } from 'node:path'
import { problem } from '../problems.js'
import { prepareRunCommand } from '../run-mode/command.js'
import { runBuild } from '../run-mode/run.js'
import type { Source } from './source.js'

/** The `run` input: the build is run here, its progress printed as it goes and read on the way. */
export const runModeSource: Source = {
  name: 'run',
  wanted: (inputs) => inputs.run !== '',
  async read({ inputs, io, clients, runnerTemp }) {
    const stamp = io.now().getTime()
    const prepared = prepareRunCommand(inputs.run, io.env, join(runnerTemp, `build-insights-metadata-${stamp}.json`))
    if ('error' in prepared) return { builds: [], problems: [problem('input-invalid', prepared.error)], sources: [] }
    const command = prepared.command
    const title = `docker ${command.args.join(' ')}`
    const outcome = await io.group(title, (line) =>
      runBuild(command, join(runnerTemp, `build-insights-run-${stamp}.log`), { exec: clients.exec, writeLine: line, now: () => io.now().getTime() })
    )
    io.info(`the build took ${outcome.seconds.toFixed(1)}s and exited ${outcome.exitCode}; its progress log: ${outcome.logFile}`)
    return { builds: outcome.builds, problems: outcome.problems, sources: [outcome.logFile], run: outcome }
  }
}
