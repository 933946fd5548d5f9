import { runPre } from './pre-main.js'
import { runnerIO } from './action-io.js'
import { actionsExec } from './docker/exec.js'
import { exitWhenFlushed } from './exit.js'

await runPre(runnerIO(), actionsExec)
await exitWhenFlushed()
