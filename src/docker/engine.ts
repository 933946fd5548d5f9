import { readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { isRecord, parseJson } from '../json.js'
import type { CacheRecord, DiskUsage } from './du.js'
import { sum } from './du.js'

// The docker driver's build cache is the Engine's: one API call over its socket answers what
// `docker buildx inspect` and `docker buildx du` (two CLI starts, ~0.3 s) answer, in ~10 ms.

/** The builder the docker driver names after the context: `default` where no context is set. */
export const ENGINE_BUILDER = 'default'

const MAX_ANSWER = 256 * 1024 * 1024

/**
 * The Engine's socket, when the build cache asked about is surely the Engine's own: no builder
 * named (`builder` input), no other docker context, no other current buildx builder (what
 * docker/setup-buildx-action makes current: a docker-container builder with its own cache),
 * DOCKER_HOST a unix socket or unset, and the socket there. Else undefined: the CLI is asked.
 */
export function engineSocket(env: NodeJS.ProcessEnv, builder: string | undefined): string | undefined {
  if (builder !== undefined && builder !== '' && builder !== ENGINE_BUILDER) return undefined
  if (env.DOCKER_CONTEXT !== undefined && env.DOCKER_CONTEXT !== '' && env.DOCKER_CONTEXT !== 'default') return undefined
  if (env.BUILDX_BUILDER !== undefined && env.BUILDX_BUILDER !== '' && env.BUILDX_BUILDER !== ENGINE_BUILDER) return undefined
  const host = env.DOCKER_HOST ?? ''
  if (host !== '' && !host.startsWith('unix://')) return undefined
  const config = env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : join(homedir(), '.docker')
  if (currentBuilder(config) !== undefined) return undefined
  // the CLI's default context may point elsewhere: only its own default is read as the Engine's
  if (contextOf(config) !== undefined) return undefined
  const socket = host === '' ? '/var/run/docker.sock' : host.slice('unix://'.length)
  try {
    return statSync(socket).isSocket() ? socket : undefined
  } catch {
    return undefined
  }
}

/** `buildx use <name>` writes buildx/current; a name other than the default's is another builder. */
function currentBuilder(config: string): string | undefined {
  let text: string
  try {
    text = readFileSync(join(config, 'buildx', 'current'), 'utf8')
  } catch {
    return undefined
  }
  const o = parseJson(text)
  const name = isRecord(o) && typeof o.Name === 'string' ? o.Name : ''
  return name === '' || name === ENGINE_BUILDER ? undefined : name
}

/** `docker context use <name>` writes currentContext in config.json. */
function contextOf(config: string): string | undefined {
  let text: string
  try {
    text = readFileSync(join(config, 'config.json'), 'utf8')
  } catch {
    return undefined
  }
  const o = parseJson(text)
  const name = isRecord(o) && typeof o.currentContext === 'string' ? o.currentContext : ''
  return name === '' || name === 'default' ? undefined : name
}

export type EngineAnswer = { ok: true; value: DiskUsage } | { ok: false; message: string }

let http: Promise<typeof import('node:http')> | undefined

/**
 * node:http, loaded once: when asked (most runs read logs and never talk to the Engine), or ahead,
 * while a build runs, so that its 30 ms are not spent after the build (see Buildx.prepareDu).
 */
export function loadHttp(): Promise<typeof import('node:http')> {
  http ??= import('node:http')
  return http
}

/** `GET /system/df?type=build-cache` over the socket, bounded by signal. */
export async function engineDiskUsage(socket: string, signal: AbortSignal): Promise<EngineAnswer> {
  const { request } = await loadHttp()
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/system/df?type=build-cache', method: 'GET', signal, headers: { Host: 'docker' } }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > MAX_ANSWER) {
          req.destroy(new Error(`the Engine's answer passed ${String(MAX_ANSWER)} bytes`))
          return
        }
        chunks.push(c)
      })
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        if (res.statusCode !== 200) {
          resolve({ ok: false, message: `the Docker Engine answered ${String(res.statusCode)} to GET /system/df: ${text.trim().slice(0, 200)}` })
          return
        }
        const usage = parseEngineBuildCache(text)
        resolve(usage === undefined ? { ok: false, message: 'the Docker Engine answered GET /system/df with no BuildCache list' } : { ok: true, value: usage })
      })
      res.on('error', (e) => {
        resolve({ ok: false, message: `the Docker Engine's answer broke off: ${e.message}` })
      })
    })
    req.on('error', (e) => {
      resolve({ ok: false, message: signal.aborted ? 'the Docker Engine did not answer in time' : `the Docker Engine could not be asked: ${e.message}` })
    })
    req.end()
  })
}

/** The Engine's BuildCache list as `buildx du` reads it: reclaimable is what no build uses now. */
export function parseEngineBuildCache(text: string): DiskUsage | undefined {
  const o = parseJson(text)
  if (!isRecord(o)) return undefined
  const list = o.BuildCache === null ? [] : o.BuildCache
  if (!Array.isArray(list)) return undefined
  const records: CacheRecord[] = []
  for (const r of list) {
    if (!isRecord(r) || typeof r.ID !== 'string') continue
    // Engine 28 names the field " Parents" (a stray space in its JSON tag); older ones Parent
    const listed = r.Parents ?? r[' Parents']
    const parents = Array.isArray(listed) ? listed : typeof r.Parent === 'string' && r.Parent !== '' ? [r.Parent] : []
    records.push({
      id: r.ID,
      type: typeof r.Type === 'string' ? r.Type : '',
      size: typeof r.Size === 'number' && Number.isFinite(r.Size) && r.Size >= 0 ? r.Size : 0,
      description: typeof r.Description === 'string' ? r.Description : '',
      reclaimable: r.InUse !== true,
      shared: r.Shared === true,
      mutable: false,
      parents: parents.filter((p): p is string => typeof p === 'string'),
      usageCount: typeof r.UsageCount === 'number' ? r.UsageCount : undefined,
      lastUsed: typeof r.LastUsedAt === 'string' ? r.LastUsedAt : undefined
    })
  }
  return { format: 'engine', records, totals: sum(records), totalsFrom: 'records' }
}
