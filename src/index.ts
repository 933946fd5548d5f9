import { run } from './main.js'
import { runnerIO } from './action-io.js'

await run(runnerIO())
