import { join } from 'node:path'
import { redact, secretValues } from '../redact.js'
import type { Source } from './source.js'

/** The `run` input: the build is run here, its progress printed as it goes and read on the way. */
export const runModeSource: Source = {
  name: 'run',
  wanted: (inputs) => inputs.run !== '',
  async read({ inputs, io, clients, runnerTemp, meanwhile }) {
    // loaded when the action runs the build itself, not on the start-up of a run that reads logs
    const [{ commandBuildArgs, commandCacheOptions, mayExportToActionsCache, prepareRunCommand }, { runBuild }] = await Promise.all([
      import('../run-mode/command.js'),
      import('../run-mode/run.js')
    ])
    const stamp = io.now().getTime()
    const prepared = prepareRunCommand(inputs.run, io.env, join(runnerTemp, `build-insights-metadata-${stamp}.json`))
    if ('error' in prepared) {
      // an input error of `run`: the policy fails the step with it, as a build that could not start
      const { input, value, expected, message } = prepared.refusal
      return { builds: [], problems: [{ code: 'input-invalid', severity: 'warning', message, input, value: redact(value).text, expected }], sources: [] }
    }
    const command = prepared.command
    // masked in the job log before the build prints them (BuildKit puts build-arg values in step names)
    const secrets = secretValues(commandBuildArgs(command, io.env))
    for (const s of secrets) io.setSecret(s)
    const title = redact(`docker ${command.args.join(' ')}`, secrets).text
    const cacheOptions = commandCacheOptions(command)
    // the user's build takes as long as it takes: the budget is ours, not theirs
    const outcome = await clients.deadline.outside(() =>
      io.group(title, (line) =>
        runBuild(command, join(runnerTemp, `build-insights-run-${stamp}.log`), {
          exec: clients.exec,
          writeLine: line,
          now: () => io.now().getTime(),
          // the build cache is measured after the build: what that needs is loaded while it runs, and
          // the REST API's questions that the build does not change are asked meanwhile (their
          // first makes the REST client)
          whileRunning: () => {
            if (inputs.du) clients.buildx.prepareDu()
            meanwhile?.(mayExportToActionsCache(command, cacheOptions))
          }
        })
      )
    )
    io.info(`the build took ${outcome.seconds.toFixed(1)}s and exited ${outcome.exitCode}; its progress log: ${outcome.logFile}`)
    return { builds: outcome.builds, problems: outcome.problems, sources: [outcome.logFile], run: outcome, secrets, cacheOptions }
  }
}
