import { run } from './main.js'
import { runnerIO } from './action-io.js'
import { actionsExec } from './docker/exec.js'

await run(runnerIO(), actionsExec)
