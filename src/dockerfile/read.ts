import { isAbsolute, join, resolve } from 'node:path'
import type { Build } from '../model/build.js'
import { notice, warning, type Problem } from '../problems.js'
import { buildName } from '../model/identity.js'
import { readRegularFileText } from '../regular-file.js'
import { parseDockerfile, type Dockerfile } from './parse.js'
import { contextSources, instructionFor } from './locate.js'
import { CONTEXT_LIMITS, filesOf, hashFiles, listContext, type ContextLimits, type ContextListing } from './context.js'

/** Where the builds' Dockerfile and context are on this machine. */
export interface BuildContextOptions {
  /** The build context folder (absolute, or relative to cwd). */
  context: string
  /** The Dockerfile; '' for each build's own (`load build definition from <name>`) in the context. */
  dockerfile: string
  cwd: string
  /** Date.now() past which the context is no longer read. */
  until?: number
}

/** A build's Dockerfile as read on the runner, with the `.dockerignore` that applied to its context. */
export interface BuildFiles {
  dockerfile: Dockerfile
  /** Its text, undefined when there is none. */
  dockerignore: string | undefined
  dockerignorePath: string
}

const MAX_DOCKERFILE_BYTES = 1024 * 1024

/**
 * Reads each build's Dockerfile (kept only when it is the one the build ran: most of its steps are
 * its instructions) and, for those, hashes the context files of every COPY and ADD that ran or was
 * cached (step.files), so that a root cause can name the files that changed.
 */
export function readBuildContexts(builds: readonly Build[], o: BuildContextOptions): { files: Map<Build, BuildFiles>; problems: Problem[] } {
  const problems: Problem[] = []
  const files = new Map<Build, BuildFiles>()
  const context = resolve(o.cwd, o.context)
  const until = o.until ?? Date.now() + CONTEXT_LIMITS.seconds * 1000
  const limits: ContextLimits = { maxFiles: CONTEXT_LIMITS.maxFiles, maxBytes: CONTEXT_LIMITS.maxBytes, until }
  const parsed = new Map<string, Dockerfile | undefined>()
  const listings = new Map<string, ContextListing | undefined>()
  const memo = new Map<string, string>()
  const budget = { bytes: 0 }
  const told = new Set<string>()
  const tellOnce = (p: Problem) => {
    if (told.has(p.message)) return
    told.add(p.message)
    problems.push(p)
  }
  for (const b of builds) {
    if (b.steps.length === 0) continue
    const path =
      o.dockerfile !== '' ? resolve(o.cwd, o.dockerfile) : isAbsolute(b.dockerfile ?? '') ? (b.dockerfile ?? '') : join(context, b.dockerfile ?? 'Dockerfile')
    if (!parsed.has(path)) {
      const text = readRegularFileText(path, MAX_DOCKERFILE_BYTES)
      if (text === undefined && o.dockerfile !== '')
        tellOnce(warning('dockerfile-unread', `dockerfile: ${o.dockerfile} could not be read: Dockerfile lines and cache hygiene are left out`))
      const d = text === undefined ? undefined : parseDockerfile(text, relativeName(o.cwd, path))
      parsed.set(path, d)
    }
    const d = parsed.get(path)
    if (!d) continue
    const located = b.steps.filter((s) => instructionFor(d, s) !== undefined).length
    if (located * 2 < b.steps.length) {
      tellOnce(
        notice(
          'dockerfile-mismatch',
          `${d.file} is not the Dockerfile of ${buildName(b)} (${String(located)} of its ${String(b.steps.length)} steps are in it): set dockerfile and context`
        )
      )
      continue
    }
    // BuildKit takes <Dockerfile>.dockerignore beside the Dockerfile first, else the context's: each read once
    const own = readRegularFileText(`${path}.dockerignore`, MAX_DOCKERFILE_BYTES)
    const ignorePath = own !== undefined ? `${path}.dockerignore` : join(context, '.dockerignore')
    const dockerignore = own ?? readRegularFileText(ignorePath, MAX_DOCKERFILE_BYTES)
    files.set(b, { dockerfile: d, dockerignore, dockerignorePath: relativeName(o.cwd, ignorePath) })
    if (!listings.has(ignorePath)) {
      const listed = listContext(context, dockerignore, limits)
      if (!listed.ok)
        tellOnce(notice('context-unread', `the build context ${relativeName(o.cwd, context)} was not read (${listed.reason}): changed files are not named`))
      listings.set(ignorePath, listed.ok ? listed.listing : undefined)
    }
    const listing = listings.get(ignorePath)
    if (!listing) continue
    for (const s of b.steps) {
      if (s.instruction !== 'COPY' && s.instruction !== 'ADD') continue
      const x = instructionFor(d, s)
      const sources = x ? contextSources(x) : []
      if (sources.length === 0) continue
      const paths = filesOf(listing, sources)
      if (paths === undefined) continue
      const hashed = hashFiles(context, paths, memo, limits, budget)
      if (hashed) s.files = hashed
    }
  }
  return { files, problems }
}

/** A path as annotations want it: relative to the workspace when inside it. */
function relativeName(cwd: string, path: string): string {
  const base = resolve(cwd)
  if (path === base) return '.'
  return path.startsWith(`${base}/`) ? path.slice(base.length + 1) : path
}
