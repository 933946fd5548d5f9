import { answerCode, call, ok, refused, TOKEN_HINT, why, type GitHubRequest } from './request.js'
import { isRecord } from '../json.js'
import { gib } from '../format.js'
import { notice, warning, type Problem } from '../problems.js'

// How full the repository's GitHub Actions cache is, and how much of it BuildKit's `type=gha`
// cache holds. Every call goes through one injected request function (octokit.request in the
// action, a fake in tests); nothing here throws: what cannot be read becomes a notice.

export interface BuildkitCacheEntries {
  count: number
  bytes: number
  oldestLastAccessedAt: string | undefined
  newestLastAccessedAt: string | undefined
}

export interface ActionsCacheUsage {
  repository: string // owner/repo
  usageBytes: number // active_caches_size_in_bytes
  activeCount: number // active_caches_count
  limitBytes: number
  limitFromApi: boolean
  buildkit: BuildkitCacheEntries
  /** usage / limit, percent */
  percentOfLimit: number
}

// GitHub documents the default as "10 GB" per repository (github/docs, content/actions/reference/
// workflows-and-actions/dependency-caching.md) without saying which GB; GitHub's own @actions/cache
// counts it as 10 * 1024^3 ("10GiB per repository", CacheFileSizeLimit), so GB is 1024^3 here,
// also for the API's max_cache_size_gb.
export const GB = 1024 ** 3
export const DEFAULT_LIMIT_BYTES = 10 * GB
const WARN_PERCENT = 80
const PER_PAGE = 100
const MAX_PAGES = 10

// moby/buildkit cache/remotecache/gha/gha.go: layers are `buildkit-blob-1-<digest>` (a signed index
// adds `buildkit-blob-1-<digest>-sig`), each scope's index is `index-<scope>-1-<8 hex of
// sha256(GitHub cache scope)>`, `-sig` appended when signing is on. `index-` is a common prefix,
// so its hits count only when they have that shape.
const BUILDKIT_KEYS: readonly { prefix: string; shape: RegExp }[] = [
  { prefix: 'buildkit-blob-1-', shape: /^buildkit-blob-1-/ },
  { prefix: 'index-', shape: /^index-.+-1-[0-9a-f]{8}(-sig)?$/ }
]

const USAGE = 'GET /repos/{owner}/{repo}/actions/cache/usage'
// Configurable cache limits (2025). Reading it takes admin access (classic scope `admin:repository`),
// which a job's GITHUB_TOKEN does not have: its 403/404 means "use the documented default".
const LIMIT = 'GET /repos/{owner}/{repo}/actions/cache/storage-limit'
const LIST = 'GET /repos/{owner}/{repo}/actions/caches'

interface CacheEntry {
  key: string
  sizeInBytes: number
  lastAccessedAt: string | undefined
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0

function parseUsage(x: unknown): { repository: string; usageBytes: number; activeCount: number } | undefined {
  if (!isRecord(x) || typeof x.full_name !== 'string' || !isCount(x.active_caches_size_in_bytes) || !isCount(x.active_caches_count)) return undefined
  return { repository: x.full_name, usageBytes: x.active_caches_size_in_bytes, activeCount: x.active_caches_count }
}

/** `actions-cache-list`: entries without a string key and a size are skipped and counted. */
function parseCacheList(x: unknown): { totalCount: number; entries: CacheEntry[]; skipped: number } | undefined {
  if (!isRecord(x) || !isCount(x.total_count) || !Array.isArray(x.actions_caches)) return undefined
  const entries: CacheEntry[] = []
  let skipped = 0
  const items: unknown[] = x.actions_caches
  for (const e of items) {
    if (!isRecord(e) || typeof e.key !== 'string' || !isCount(e.size_in_bytes)) {
      skipped++
      continue
    }
    const at = typeof e.last_accessed_at === 'string' && !Number.isNaN(Date.parse(e.last_accessed_at)) ? e.last_accessed_at : undefined
    entries.push({ key: e.key, sizeInBytes: e.size_in_bytes, lastAccessedAt: at })
  }
  return { totalCount: x.total_count, entries, skipped }
}

function add(b: BuildkitCacheEntries, e: CacheEntry): void {
  b.count++
  b.bytes += e.sizeInBytes
  const t = e.lastAccessedAt
  if (t === undefined) return
  if (b.oldestLastAccessedAt === undefined || Date.parse(t) < Date.parse(b.oldestLastAccessedAt)) b.oldestLastAccessedAt = t
  if (b.newestLastAccessedAt === undefined || Date.parse(t) > Date.parse(b.newestLastAccessedAt)) b.newestLastAccessedAt = t
}

async function readLimit(request: GitHubRequest, repo: { owner: string; repo: string }): Promise<{ bytes: number; fromApi: boolean }> {
  const a = await call(request, LIMIT, repo)
  const gb = ok(a) && isRecord(a.data) ? a.data.max_cache_size_gb : undefined
  return typeof gb === 'number' && Number.isFinite(gb) && gb > 0 ? { bytes: gb * GB, fromApi: true } : { bytes: DEFAULT_LIMIT_BYTES, fromApi: false }
}

/** One prefix's entries, page by page (each page says whether there is another). */
async function readPrefix(
  request: GitHubRequest,
  repo: { owner: string; repo: string },
  { prefix, shape }: { prefix: string; shape: RegExp },
  b: BuildkitCacheEntries
): Promise<Problem[]> {
  const problems: Problem[] = []
  for (let page = 1; ; page++) {
    const a = await call(request, LIST, { ...repo, key: prefix, per_page: PER_PAGE, page })
    const list = ok(a) ? parseCacheList(a.data) : undefined
    if (list === undefined) {
      problems.push(notice(answerCode(a), `BuildKit cache entries (keys ${prefix}…) not listed: ${why(a)}; the BuildKit share may be low.`))
      return problems
    }
    if (list.skipped > 0) problems.push(notice('api-unexpected', `BuildKit cache entries (keys ${prefix}…): ${list.skipped} without a key or size skipped.`))
    for (const e of list.entries) if (shape.test(e.key)) add(b, e)
    if (list.entries.length + list.skipped < PER_PAGE || page * PER_PAGE >= list.totalCount) return problems
    if (page === MAX_PAGES) {
      problems.push(notice('count-capped', `BuildKit cache entries (keys ${prefix}…): only the first ${MAX_PAGES * PER_PAGE} of ${list.totalCount} counted.`))
      return problems
    }
  }
}

/** Every prefix listed at once; their problems in the prefixes' order. */
async function readBuildkit(request: GitHubRequest, repo: { owner: string; repo: string }, problems: Problem[]): Promise<BuildkitCacheEntries> {
  const b: BuildkitCacheEntries = { count: 0, bytes: 0, oldestLastAccessedAt: undefined, newestLastAccessedAt: undefined }
  for (const told of await Promise.all(BUILDKIT_KEYS.map((k) => readPrefix(request, repo, k, b)))) problems.push(...told)
  return b
}

export async function readActionsCache(
  request: GitHubRequest,
  owner: string,
  repo: string
): Promise<{ usage: ActionsCacheUsage | undefined; problems: Problem[] }> {
  const problems: Problem[] = []
  const where = { owner, repo }
  const a = await call(request, USAGE, where)
  const read = ok(a) ? parseUsage(a.data) : undefined
  if (read === undefined) {
    // One notice; the likeliest cause of a refusal is the job's token, so say what it needs.
    // no answer in time is not the token's fault
    const hint = (a.status === 0 && a.timedOut !== true) || refused(a) ? TOKEN_HINT : ''
    problems.push(notice(answerCode(a), `Actions cache usage of ${owner}/${repo} unknown: ${why(a)}.${hint}`))
    return { usage: undefined, problems }
  }
  // after the step's build each round trip is waited for: the limit and the listings go at once
  const [limit, buildkit] = await Promise.all([readLimit(request, where), readBuildkit(request, where, problems)])
  const percentOfLimit = (read.usageBytes / limit.bytes) * 100
  if (percentOfLimit > WARN_PERCENT) {
    const of = limit.fromApi ? 'its configured limit' : 'the default limit'
    problems.push(
      warning(
        'actions-cache-near-limit',
        `Actions cache of ${read.repository} is at ${percentOfLimit.toFixed(1)}%: ${gib(read.usageBytes)} of ${of} ${gib(limit.bytes)}; past the limit GitHub evicts the least recently used entries.`
      )
    )
  }
  return { usage: { ...read, limitBytes: limit.bytes, limitFromApi: limit.fromApi, buildkit, percentOfLimit }, problems }
}
