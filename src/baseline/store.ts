import type { BaselineEntry, BaselineHistory } from './entry.js'
import type { Problem } from '../problems.js'

/** Where the baseline window is kept: the Actions cache, or a file. Stores never throw. */
export interface StoreResult {
  entries: BaselineEntry[]
  key?: string
  /** Why there are no entries (or fewer): none yet is a notice, one that cannot be read a warning. */
  problem?: Problem
}

/** Saved under a key, or not, and why (a notice). */
export type SaveResult = { saved: true; key: string } | { saved: false; key?: string; problem: Problem }

export interface BaselineStore {
  /** The newest history saved under this prefix (restore by prefix); no entries and a problem when there is none or no service. */
  load(): Promise<StoreResult>
  /** Saves the history under a key that never repeats; a problem (never a throw) when the service is missing or the key exists. */
  save(history: BaselineHistory): Promise<SaveResult>
}
