import { stdoutStream } from './stdout.js'

/**
 * Ends the entry point once the report is out. Every wait is bounded, but what was given up on (a
 * socket the cache service or the REST API never answered, @actions/cache's retries) may still hold
 * the event loop and would keep the step running. Outputs and state are written synchronously
 * (appendFileSync) and the summary is awaited; stdout is flushed here, as a pipe may be written
 * asynchronously. process.exitCode, as core.setFailed set it, is kept.
 */
export async function exitWhenFlushed(): Promise<never> {
  // on Linux the job log went to fd 1 as written (stdout.ts): no stream to flush, none to make
  if (stdoutStream()) await Promise.all([flush(process.stdout), flush(process.stderr)])
  process.exit()
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    // the callback runs once everything written before it is handed to the OS
    stream.write('', () => {
      resolve()
    })
  })
}
