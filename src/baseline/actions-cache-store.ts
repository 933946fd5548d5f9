import * as actionsCache from '@actions/cache'
import { createHash } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { BaselineStore } from './store.js'
import { readBaseline } from './entry.js'
import { errorText, notice, warning } from '../problems.js'
import { Deadline, DEFAULT_TIMEOUT_SECONDS, Timeout } from '../deadline.js'

export interface CacheKeyParts {
  workflow: string
  job: string
  name: string
  runId: string
  attempt: string
}

/** The seam: the real @actions/cache functions by default, a fake in unit tests. */
export interface CacheLib {
  isFeatureAvailable(): boolean
  /** `timeoutMs`: what the library can bound itself (its download timeouts); the store bounds the whole call. */
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[], timeoutMs?: number): Promise<string | undefined>
  saveCache(paths: string[], key: string): Promise<number>
}

const realCache: CacheLib = {
  isFeatureAvailable: () => actionsCache.isFeatureAvailable(),
  restoreCache: (paths, primaryKey, restoreKeys, timeoutMs) =>
    actionsCache.restoreCache(paths, primaryKey, restoreKeys, timeoutMs === undefined ? {} : { timeoutInMs: timeoutMs, segmentTimeoutInMs: timeoutMs }),
  saveCache: (paths, key) => actionsCache.saveCache(paths, key)
}

const SERVICE = 'the Actions cache service'

const KEY_HEAD = 'build-insights-v1'
/** 5 parts of at most 80 + 9 characters stay under @actions/cache's 512. */
const MAX_PART = 80
const FILE = 'baseline.json'

/**
 * One part of a key: letters, digits, `.` and `_` only, so `-` stays the separator and a prefix
 * cannot reach into another job's keys ("build" must not match "build-arm"). A part that had to be
 * changed, or was empty or cut, gets `~` and a hash of the original: "a b" and "a/b" stay apart.
 */
function keyPart(raw: string): string {
  // Accents dropped first so "café" reads "cafe" rather than "caf_".
  const clean = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9._]+/g, '_')
  if (clean === raw && clean !== '' && clean.length <= MAX_PART) return clean
  return `${(clean === '' ? '_' : clean).slice(0, MAX_PART)}~${createHash('sha256').update(raw).digest('hex').slice(0, 8)}`
}

/** `build-insights-v1-<workflow>-<job>-<name>-<run id>-<attempt>`; parts made safe for a cache key. */
export function baselineKey(p: CacheKeyParts): string {
  return `${baselinePrefix(p)}${keyPart(p.runId)}-${keyPart(p.attempt)}`
}

export function baselinePrefix(p: Omit<CacheKeyParts, 'runId' | 'attempt'>): string {
  return `${KEY_HEAD}-${keyPart(p.workflow)}-${keyPart(p.job)}-${keyPart(p.name)}-`
}

/**
 * Where to keep the file: the cache version is a hash of the path as given, so it must be the same
 * absolute path in every run (RUNNER_TEMP is), or no run finds another's entry.
 */
export function baselineDir(runnerTemp: string): string {
  return join(resolve(runnerTemp), 'build-insights-baseline')
}

/**
 * The library has no abort for a lookup, a reservation or an upload, and its HTTP client has no
 * timeout: each call races the deadline, and what the library still does after that is cut short
 * by the entry point's exit.
 */
export function actionsCacheStore(
  parts: CacheKeyParts,
  dir: string,
  lib: CacheLib = realCache,
  deadline: Deadline = new Deadline(DEFAULT_TIMEOUT_SECONDS)
): BaselineStore {
  // Absolute: @actions/cache resolves relative paths against GITHUB_WORKSPACE, not the cwd.
  const file = join(resolve(dir), FILE)
  const prefix = baselinePrefix(parts)
  const available = (): boolean => {
    try {
      return lib.isFeatureAvailable()
    } catch {
      return false
    }
  }
  const NO_SERVICE = 'no GitHub Actions cache service here (a local run, or GHES without the cache)'

  return {
    async load() {
      if (!available()) return { entries: [], problem: notice('service-unavailable', `${NO_SERVICE}: no baseline loaded`) }
      // a hung service costs the step the budget, and a warning says where it went
      if (deadline.expired()) return { entries: [], problem: warning('service-timeout', `no baseline loaded: ${deadline.message(SERVICE)}`) }
      let key: string | undefined
      try {
        // A file left by an earlier step must not pass for the restored one.
        await rm(file, { force: true })
        // No key starts with `<prefix>~` (see keyPart), so only the restore key matches: the newest entry.
        const restored = await deadline.bound(lib.restoreCache([file], `${prefix}~latest`, [prefix], deadline.remainingMs()), SERVICE)
        if (restored instanceof Timeout) return { entries: [], problem: warning('service-timeout', `no baseline loaded: ${restored.message}`) }
        key = restored
      } catch (e) {
        return { entries: [], problem: notice('service-failed', `the baseline could not be restored from the Actions cache: ${errorText(e)}`) }
      }
      // A miss and a failed service look alike here: @actions/cache logs the failure and returns undefined.
      if (key === undefined)
        return {
          entries: [],
          problem: notice('baseline-missing', `no baseline in the Actions cache under ${prefix} (the first run, expired, or the service failed: see the log)`)
        }
      let json: unknown
      try {
        json = JSON.parse(await readFile(file, 'utf8'))
      } catch (e) {
        return { entries: [], key, problem: warning('baseline-unreadable', `the cached baseline ${key} could not be read: ${errorText(e)}`) }
      }
      const read = readBaseline(json)
      return read.warning === undefined
        ? { entries: read.entries, key }
        : { entries: read.entries, key, problem: warning('baseline-invalid', `the cached baseline ${key}: ${read.warning}`) }
    },

    async save(history) {
      const key = baselineKey(parts)
      if (!available()) return { saved: false, key, problem: notice('service-unavailable', `${NO_SERVICE}: the baseline was not saved`) }
      if (deadline.expired())
        return { saved: false, key, problem: notice('service-timeout', `the baseline was not saved under ${key}: ${deadline.message(SERVICE)}`) }
      try {
        await mkdir(resolve(dir), { recursive: true })
        await writeFile(file, `${JSON.stringify(history)}\n`)
        // saveCache logs and returns -1 for most failures (the key exists, the service failed) …
        const id = await deadline.bound(lib.saveCache([file], key), SERVICE)
        if (id instanceof Timeout) return { saved: false, key, problem: notice('service-timeout', `the baseline was not saved under ${key}: ${id.message}`) }
        if (id < 0)
          return {
            saved: false,
            key,
            problem: notice(
              'baseline-not-saved',
              `the baseline was not saved under ${key}: the key exists (a re-run?) or the cache service refused it (see the log)`
            )
          }
        return { saved: true, key }
      } catch (e) {
        // … and throws a few (ValidationError, ReserveCacheError in other versions): a notice all the same.
        const name = e instanceof Error ? e.name : ''
        const why = name === 'ReserveCacheError' ? 'the key exists' : errorText(e)
        return { saved: false, key, problem: notice('baseline-not-saved', `the baseline was not saved under ${key}: ${why}`) }
      }
    }
  }
}
