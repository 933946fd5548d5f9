import { BlobSASPermissions, BlobServiceClient, SASProtocol, StorageSharedKeyCredential, generateBlobSASQueryParameters } from '@azure/storage-blob'
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ACCOUNT, ACCOUNT_KEY, BLOB_HOST, type Azurite } from './azurite.js'

/**
 * GitHub's cache service v2 as @actions/cache 6 calls it (lib/internal/shared/cacheTwirpClient.js,
 * lib/generated/results/api/v1/cache.twirp-client.js): Twirp JSON at
 * `/twirp/github.actions.results.api.v1.CacheService/<method>`, proto field names, int64 as strings,
 * errors as `{code, msg}`. The archive itself goes to and from Azurite through URLs signed with the
 * account key (service SAS), as the real service signs them for Azure Blob storage.
 */
export interface EntryV2 {
  id: number
  key: string
  version: string
  blob: string
  /** Set by FinalizeCacheEntryUpload: the size the library reported, checked against the blob. */
  size?: number
  /** ms since the epoch at finalize, 0 before. */
  finalized: number
}

export interface CacheServiceV2 {
  /** ACTIONS_RESULTS_URL is `${url}/`. */
  url: string
  entries: EntryV2[]
  /** `Method {request JSON}`, in order. */
  calls: string[]
  /** While set, the run's token is read-only (an event the repository treats as untrusted): reservations are refused. */
  readOnly: boolean
  close(): Promise<void>
}

export const RUNTIME_TOKEN_V2 = 'test-runtime-token-v2'
const PREFIX = '/twirp/github.actions.results.api.v1.CacheService/'
const CONTAINER = 'actions-cache'

type Reply = { status: number; body: unknown }
const twirpError = (status: number, code: string, msg: string): Reply => ({ status, body: { code, msg } })

export async function startCacheServiceV2(azurite: Azurite, token = RUNTIME_TOKEN_V2): Promise<CacheServiceV2> {
  const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY)
  const container = new BlobServiceClient(azurite.endpoint, credential).getContainerClient(CONTAINER)
  await container.createIfNotExists()
  const entries: EntryV2[] = []
  const calls: string[] = []
  let clock = 0
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => {
        resolve()
      })
      server.closeAllConnections()
    })
  const state: CacheServiceV2 = { url: '', entries, calls, readOnly: false, close }

  /** A URL on the production host name, good for a few minutes and for the one blob and what it allows. */
  const signed = (blob: string, permissions: string): string => {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: CONTAINER,
        blobName: blob,
        permissions: BlobSASPermissions.parse(permissions),
        expiresOn: new Date(Date.now() + 10 * 60_000),
        protocol: SASProtocol.HttpsAndHttp
      },
      credential
    )
    return `http://${BLOB_HOST}/${CONTAINER}/${blob}?${sas.toString()}`
  }

  async function handle(req: IncomingMessage): Promise<Reply> {
    const body = await read(req)
    if (req.method !== 'POST' || !req.url?.startsWith(PREFIX)) return twirpError(404, 'bad_route', `no route ${req.method ?? ''} ${req.url ?? ''}`)
    const method = req.url.slice(PREFIX.length)
    calls.push(`${method} ${body}`)
    if (req.headers.authorization !== `Bearer ${token}`) return twirpError(401, 'unauthenticated', 'bad or missing runtime token')
    const r = JSON.parse(body) as { key?: string; version?: string; restore_keys?: string[]; size_bytes?: string }
    const key = r.key ?? ''
    const version = r.version ?? ''
    if (method === 'CreateCacheEntry') {
      // the prefix @actions/cache 6 reads as CacheWriteDeniedError (CACHE_WRITE_DENIED_PREFIX in lib/cache.js)
      if (state.readOnly) return { status: 200, body: { ok: false, message: 'cache write denied: the token of this run is read-only' } }
      // GitHub refuses a key+version again, uploaded or not (actions/cache#1541: "(409) Conflict ... is normal")
      if (entries.some((e) => e.key === key && e.version === version))
        return twirpError(409, 'already_exists', 'cache entry with the same key, version, and scope already exists')
      const entry: EntryV2 = { id: entries.length + 1, key, version, blob: createHash('sha256').update(`${key}\u0000${version}`).digest('hex'), finalized: 0 }
      entries.push(entry)
      return { status: 200, body: { ok: true, signed_upload_url: signed(entry.blob, 'cw') } }
    }
    if (method === 'FinalizeCacheEntryUpload') {
      const entry = entries.find((e) => e.key === key && e.version === version && e.finalized === 0)
      if (!entry) return twirpError(404, 'not_found', 'no cache entry is being uploaded under this key and version')
      const stored = await container.getBlobClient(entry.blob).getProperties()
      if (String(stored.contentLength) !== r.size_bytes)
        return { status: 200, body: { ok: false, message: `size ${r.size_bytes ?? ''} is not the ${String(stored.contentLength)} bytes uploaded` } }
      entry.size = Number(r.size_bytes)
      // strictly increasing: two saves in one millisecond must still order
      entry.finalized = clock = Math.max(Date.now(), clock + 1)
      return { status: 200, body: { ok: true, entry_id: String(entry.id) } }
    }
    if (method === 'GetCacheEntryDownloadURL') {
      const hit = lookup([key, ...(r.restore_keys ?? [])], version)
      return { status: 200, body: hit ? { ok: true, signed_download_url: signed(hit.blob, 'r'), matched_key: hit.key } : { ok: false } }
    }
    return twirpError(404, 'bad_route', `no method ${method}`)
  }

  /** For each key in order: the exact key, then the newest entry it prefixes; the same version, finalized only. */
  function lookup(keys: string[], version: string): EntryV2 | undefined {
    const ready = entries.filter((e) => e.finalized > 0 && e.version === version).sort((a, b) => b.finalized - a.finalized)
    for (const k of keys) {
      const hit = ready.find((e) => e.key === k) ?? ready.find((e) => e.key.startsWith(k))
      if (hit) return hit
    }
    return undefined
  }

  const server = createServer((req, res) => {
    void handle(req)
      .catch((e: unknown): Reply => twirpError(500, 'internal', String(e)))
      .then((r) => res.writeHead(r.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(r.body)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return state
}

async function read(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = []
  for await (const c of req) parts.push(c as Buffer)
  return Buffer.concat(parts).toString('utf8')
}
