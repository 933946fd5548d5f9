import { runPre } from './pre-main.js'
import { runnerIO } from './action-io.js'
import { actionsExec } from './docker/exec.js'

await runPre(runnerIO(), actionsExec)
