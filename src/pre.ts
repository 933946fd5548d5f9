import * as core from '@actions/core'
import { State } from './constants.js'

// Runs before every step of the job: the job's start, so that main can find this job's build
// records with no input at all. Nothing here may fail the job.
try {
  core.saveState(State.JobStartedAt, new Date().toISOString())
} catch (e) {
  core.warning(`build-insights pre step: ${e instanceof Error ? e.message : String(e)}`)
}
