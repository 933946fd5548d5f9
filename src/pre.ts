import * as core from '@actions/core'
import { Input, State } from './constants.js'
import { Buildx } from './docker/buildx.js'
import { actionsExec } from './docker/exec.js'
import { snapshot } from './cache-storage.js'
import { errorText } from './problems.js'
import { Deadline } from './deadline.js'
import { timeoutSeconds } from './inputs.js'
import { exitWhenFlushed } from './exit.js'

// Runs before every step of the job: the job's start, so that main can find this job's build
// records with no input, and the build cache's size, so that main can say what the job added.
// Nothing here may fail the job, nor hold it up longer than the timeout input.
try {
  const now = new Date()
  core.saveState(State.JobStartedAt, now.toISOString())
  if (core.getInput(Input.Du).trim().toLowerCase() !== 'false') {
    const deadline = new Deadline(timeoutSeconds((name) => core.getInput(name)))
    const taken = await snapshot(new Buildx(actionsExec, core.getInput(Input.Builder).trim() || undefined, deadline), now)
    if (taken.snapshot) core.saveState(State.CacheBefore, JSON.stringify(taken.snapshot))
    // a docker that did not answer cost the job the whole timeout: say so where it shows
    else if (deadline.expired()) core.warning(`build-insights pre step: build cache not measured: ${taken.error ?? ''}`)
    // no docker yet, or a builder made later in the job: main says the growth is unknown
    else core.debug(`build cache not measured before the job: ${taken.error ?? ''}`)
  }
} catch (e) {
  core.warning(`build-insights pre step: ${errorText(e)}`)
}
await exitWhenFlushed()
