import * as ignoreRules from '@balena/dockerignore'
import type { Ignore } from '@balena/dockerignore'
import type { Hash } from 'node:crypto'
import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { globRegExp } from './locate.js'

// ignore.js sets `module.exports = factory` and its types say `export default`: Node hands the factory over as the default
const dockerignoreRules = ignoreRules.default as unknown as () => Ignore

/** Bounds on reading a build context on the runner: a context is the user's whole repository. */
export interface ContextLimits {
  /** Files listed at most; past it the context is not read (a manifest of part of it would name wrong files). */
  maxFiles: number
  /** Bytes hashed at most, over every copy. */
  maxBytes: number
  /** Date.now() after which reading stops. */
  until: number
}

export const CONTEXT_LIMITS = { maxFiles: 50_000, maxBytes: 1024 ** 3, seconds: 10 }

/** A COPY's files past this are named by their top-level folder: the report and the baseline keep every name. */
export const MAX_NAMED_FILES = 2_000

/** The files of a build context that BuildKit sends (.dockerignore applied), as `/`-separated relative paths. */
export interface ContextListing {
  root: string
  files: string[]
}

export type ContextRead = { ok: true; listing: ContextListing } | { ok: false; reason: string }

/** Lists the context as BuildKit sees it: `.dockerignore` patterns applied; symbolic links are entries, never followed. */
export function listContext(root: string, dockerignore: string | undefined, limits: ContextLimits): ContextRead {
  const patterns = (dockerignore ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
  const ig = dockerignoreRules().add(patterns)
  // with an exception (`!keep`), a left-out folder may hold files that are sent
  const exceptions = patterns.some((p) => p.startsWith('!'))
  const files: string[] = []
  const walk = (rel: string): string | undefined => {
    let entries
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true })
    } catch (e) {
      return `${rel === '' ? root : rel}: ${(e as Error).message}`
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`
      const out = ig.ignores(path)
      if (e.isDirectory()) {
        if (out && !exceptions) continue
        const why = walk(path)
        if (why !== undefined) return why
      } else if (!out) {
        files.push(path)
        if (files.length > limits.maxFiles) return `it has more than ${String(limits.maxFiles)} files`
      }
      if (Date.now() > limits.until) return 'listing it took too long'
    }
    return undefined
  }
  const why = walk('')
  return why === undefined ? { ok: true, listing: { root, files } } : { ok: false, reason: why }
}

/**
 * The context files a COPY or ADD source names: a file, a folder and all below it, or a glob
 * (`*.py`, Go's path.Match) matching files or folders. Undefined when a source matches nothing:
 * then the listing is not this build's context.
 */
export function filesOf(listing: ContextListing, sources: readonly string[]): string[] | undefined {
  const out = new Set<string>()
  for (const raw of sources) {
    const src = raw
      .replace(/^(\.\/)+/, '')
      .replace(/^\/+/, '')
      .replace(/\/+$/, '')
    if (src === '' || src === '.') {
      for (const f of listing.files) out.add(f)
      continue
    }
    const glob = /[*?[]/.test(src)
    const re = glob ? globRegExp(src) : undefined
    const depth = src.split('/').length
    let found = false
    for (const f of listing.files) {
      const head = f.split('/').slice(0, depth).join('/')
      if (re ? re.test(head) : head === src) {
        out.add(f)
        found = true
      }
    }
    if (!found) return undefined
  }
  return [...out].sort()
}

/** Hashes files (content and the executable bit; a link's target), memoised across copies; undefined past the limits. */
export function hashFiles(
  root: string,
  files: readonly string[],
  memo: Map<string, string>,
  limits: ContextLimits,
  budget: { bytes: number }
): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  const buf = Buffer.allocUnsafe(1 << 20)
  for (const f of files) {
    let h = memo.get(f)
    if (h === undefined) {
      if (Date.now() > limits.until) return undefined
      const path = join(root, f)
      const st = lstatSync(path, { throwIfNoEntry: false })
      if (!st) return undefined
      if (st.isSymbolicLink()) h = `link:${readlinkSync(path)}`
      else {
        budget.bytes += st.size
        if (budget.bytes > limits.maxBytes) return undefined
        const hash = sha256()
        const fd = openSync(path, 'r')
        try {
          for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) hash.update(buf.subarray(0, n))
        } finally {
          closeSync(fd)
        }
        h = hash.digest('hex').slice(0, 16) + ((st.mode & 0o111) !== 0 ? '+x' : '')
      }
      memo.set(f, h)
    }
    out[f] = h
  }
  return named(out)
}

/** Past MAX_NAMED_FILES, files below a top-level folder are one entry, `folder/`, hashed together. */
function named(files: Record<string, string>): Record<string, string> {
  const paths = Object.keys(files)
  if (paths.length <= MAX_NAMED_FILES) return files
  const out: Record<string, string> = {}
  const groups = new Map<string, Hash>()
  for (const p of paths) {
    const slash = p.indexOf('/')
    if (slash < 0) {
      out[p] = files[p] ?? ''
      continue
    }
    const dir = p.slice(0, slash + 1)
    let g = groups.get(dir)
    if (!g) groups.set(dir, (g = sha256()))
    g.update(`${p}\u0000${files[p] ?? ''}\u0000`)
  }
  for (const [dir, g] of groups) out[dir] = g.digest('hex').slice(0, 16)
  return out
}

/** node:crypto is loaded when a context is hashed, not at every start. */
function sha256(): Hash {
  return process.getBuiltinModule('node:crypto').createHash('sha256')
}
