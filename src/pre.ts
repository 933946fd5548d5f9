import * as core from '@actions/core'
import { Input, State } from './constants.js'
import { Buildx } from './docker/buildx.js'
import { actionsExec } from './docker/exec.js'
import { snapshot } from './cache-storage.js'
import { errorText } from './problems.js'

// Runs before every step of the job: the job's start, so that main can find this job's build
// records with no input, and the build cache's size, so that main can say what the job added.
// Nothing here may fail the job.
try {
  const now = new Date()
  core.saveState(State.JobStartedAt, now.toISOString())
  if (core.getInput(Input.Du).trim().toLowerCase() !== 'false') {
    const taken = await snapshot(new Buildx(actionsExec, core.getInput(Input.Builder).trim() || undefined), now)
    if (taken.snapshot) core.saveState(State.CacheBefore, JSON.stringify(taken.snapshot))
    // no docker yet, or a builder made later in the job: main says the growth is unknown
    else core.debug(`build cache not measured before the job: ${taken.error ?? ''}`)
  }
} catch (e) {
  core.warning(`build-insights pre step: ${errorText(e)}`)
}
