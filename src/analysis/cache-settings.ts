import type { Build } from '../model/build.js'
import { ghaScope, modeMax, type CacheEntry } from '../workflow/cache-entry.js'

/**
 * What the build's settings say of its cache where the log does not: an import's scope or ref
 * (BuildKit prints a gha import as `gha:<n>`), an export's mode (printed nowhere). Only where one
 * setting of the same type was given, so that it is surely that one.
 */
export function fillCacheSettings(builds: readonly Build[], cacheFrom: readonly CacheEntry[], cacheTo: readonly CacheEntry[]): void {
  const one = (list: readonly CacheEntry[], type: string) => {
    const same = list.filter((e) => e.type === type)
    return same.length === 1 ? same[0] : undefined
  }
  for (const b of builds) {
    for (const i of b.cacheTransfer?.imports ?? []) {
      const e = i.ref === undefined ? one(cacheFrom, i.backend) : undefined
      if (!e) continue
      const ref = e.type === 'gha' ? `scope=${ghaScope(e)}` : (e.attrs.ref ?? e.attrs.src)
      if (ref !== undefined) i.ref = ref
    }
    for (const x of b.cacheTransfer?.exports ?? []) {
      const e = x.mode === undefined ? one(cacheTo, x.backend) : undefined
      const max = e && modeMax(e)
      if (max !== undefined) x.mode = max ? 'max' : 'min'
      if (e && x.ref === undefined) {
        const ref = e.type === 'gha' ? `scope=${ghaScope(e)}` : (e.attrs.ref ?? e.attrs.dest)
        if (ref !== undefined) x.ref = ref
      }
    }
  }
}
