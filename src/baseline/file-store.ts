import { mkdirs } from '../fs-async.js'
import { dirname, resolve } from 'node:path'
import { readBaseline, type BaselineHistory } from './entry.js'
import type { BaselineStore, SaveResult, StoreResult } from './store.js'
import { errorText, notice, warning } from '../problems.js'
import { readRegularFile, writeRegularFile } from '../regular-file.js'

/**
 * A baseline in a file, for self-hosted runners and laptops: a report JSON (the `report`
 * output, `build-insights --json`) or a history this store wrote. A missing file is no baseline.
 */
export function fileStore(path: string, cwd = process.cwd()): BaselineStore {
  const file = resolve(cwd, path)
  return {
    async load(): Promise<StoreResult> {
      // a FIFO would block the step for good: refused before it is opened
      const read = await readRegularFile(file)
      if (!read.ok)
        return read.missing
          ? { entries: [], problem: notice('baseline-missing', `no baseline yet: ${path} does not exist`) }
          : { entries: [], problem: warning('baseline-unreadable', `baseline ${path} could not be read: ${read.message}`) }
      let json: unknown
      try {
        json = JSON.parse(read.text)
      } catch {
        return { entries: [], problem: warning('baseline-unreadable', `baseline ${path} is not JSON`) }
      }
      const baseline = readBaseline(json)
      return baseline.warning === undefined
        ? { entries: baseline.entries, key: path }
        : { entries: baseline.entries, key: path, problem: warning('baseline-invalid', `baseline ${path}: ${baseline.warning}`) }
    },
    async save(history: BaselineHistory): Promise<SaveResult> {
      try {
        await mkdirs(dirname(file))
      } catch (e) {
        return { saved: false, problem: notice('baseline-not-saved', `baseline not saved to ${path}: ${errorText(e)}`) }
      }
      const written = await writeRegularFile(file, `${JSON.stringify(history, null, 2)}\n`)
      return written.ok
        ? { saved: true, key: path }
        : { saved: false, problem: notice('baseline-not-saved', `baseline not saved to ${path}: ${written.message}`) }
    }
  }
}
