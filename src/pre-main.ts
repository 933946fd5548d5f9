import type { ActionIO } from './action-io.js'
import { State } from './constants.js'
import { Buildx } from './docker/buildx.js'
import { engineSocket } from './docker/engine.js'
import type { Exec } from './docker/exec.js'
import { snapshot } from './build-cache.js'
import { getInputs } from './inputs.js'
import { errorText } from './problems.js'
import { Deadline } from './deadline.js'

/**
 * Runs before every step of the job: the job's start, so that main can find this job's build
 * records with no input, and the build cache's size, so that main can say what the job added.
 * Nothing here may fail the job; input errors are main's to tell.
 */
export async function runPre(io: ActionIO, exec: Exec): Promise<void> {
  try {
    const now = io.now()
    io.saveState(State.JobStartedAt, now.toISOString())
    const { inputs } = getInputs((name) => io.getInput(name), io.env)
    if (!inputs.du) return
    const deadline = new Deadline(inputs.timeout)
    const taken = await snapshot(new Buildx(exec, inputs.builder, deadline, engineSocket(io.env, inputs.builder)), now)
    if (taken.snapshot) io.saveState(State.CacheBefore, JSON.stringify(taken.snapshot))
    // a docker that did not answer cost the job the whole timeout: say so where it shows
    else if (deadline.expired()) io.warning(`build-insights pre step: build cache not measured: ${taken.error ?? ''}`)
    // no docker yet, or a builder made later in the job: main says the growth is unknown
    else io.debug(`build cache not measured before the job: ${taken.error ?? ''}`)
  } catch (e) {
    io.warning(`build-insights pre step: ${errorText(e)}`)
  }
}
