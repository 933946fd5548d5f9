import { readFile, writeFile, mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { readBaseline, type BaselineHistory } from './entry.js'
import type { BaselineStore, StoreResult } from './store.js'
import { errorText } from '../problems.js'

/**
 * A baseline in a file, for self-hosted runners and laptops: a report JSON (the `report`
 * output, `build-insights --json`) or a history this store wrote. A missing file is no baseline.
 */
export function fileStore(path: string, cwd = process.cwd()): BaselineStore {
  const file = resolve(cwd, path)
  return {
    async load(): Promise<StoreResult> {
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch (e) {
        const missing = (e as NodeJS.ErrnoException).code === 'ENOENT'
        return missing
          ? { entries: [], notice: `no baseline yet: ${path} does not exist` }
          : { entries: [], warning: `baseline ${path} could not be read: ${errorText(e)}` }
      }
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        return { entries: [], warning: `baseline ${path} is not JSON` }
      }
      const read = readBaseline(json)
      return read.warning === undefined
        ? { entries: read.entries, key: path }
        : { entries: read.entries, key: path, warning: `baseline ${path}: ${read.warning}` }
    },
    async save(history: BaselineHistory) {
      try {
        await mkdir(dirname(file), { recursive: true })
        await writeFile(file, `${JSON.stringify(history, null, 2)}\n`)
        return { saved: true, key: path }
      } catch (e) {
        return { saved: false, notice: `baseline not saved to ${path}: ${errorText(e)}` }
      }
    }
  }
}
