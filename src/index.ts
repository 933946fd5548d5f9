import { run } from './main.js'
import { runnerIO } from './action-io.js'
import { actionsExec } from './docker/exec.js'
import { exitWhenFlushed } from './exit.js'

await run(runnerIO(), actionsExec)
await exitWhenFlushed()
