import type { BaselineEntry, BaselineHistory } from './entry.js'

/** Where the baseline window is kept: the Actions cache, or a file. Stores never throw. */
export interface StoreResult {
  entries: BaselineEntry[]
  key?: string
  notice?: string
  warning?: string
}

export interface BaselineStore {
  /** The newest history saved under this prefix (restore by prefix); no entries and a notice when there is none or no service. */
  load(): Promise<StoreResult>
  /** Saves the history under a key that never repeats; a notice (never a throw) when the service is missing or the key exists. */
  save(history: BaselineHistory): Promise<{ saved: boolean; key?: string; notice?: string }>
}
