import { isRecord, parseJson } from '../json.js'

// `docker buildx du` in each form buildx prints: `--verbose` blocks (`Parent:` before buildx
// 0.28, `Parents:` with a ` - id` list after; tab-aligned on 0.13, space-aligned on 0.29), the
// table (`*` after the ID: mutable, after the size: shared), the `Shared/Private/Reclaimable/
// Total` footer, and `--format json` (0.28+: one object per line, sizes as human strings).

/** One build cache record. */
export interface CacheRecord {
  id: string
  type: string
  /** Bytes; buildx prints 4 significant digits, so this is as exact as that. */
  size: number
  description: string
  reclaimable: boolean
  shared: boolean
  mutable: boolean
  parents: string[]
  usageCount: number | undefined
  lastUsed: string | undefined
}

export interface CacheTotals {
  total: number
  reclaimable: number
  shared: number
  private: number
}

export interface DiskUsage {
  format: 'verbose' | 'table' | 'json' | 'engine'
  records: CacheRecord[]
  /** The footer when printed, else summed from the records as buildx sums them. */
  totals: CacheTotals
  totalsFrom: 'footer' | 'records'
}

// go-units HumanSize: decimal units, `kB` lower-case
const UNITS: Record<string, number> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  EB: 1e18,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4
}

/** `1.049MB` → 1049000; undefined when it is no size. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kKMGTPE]?i?B)$/.exec(text.trim().replace(/\*$/, ''))
  if (!m) return undefined
  const unit = UNITS[m[2] ?? '']
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit)
}

export function parseDiskUsage(text: string): DiskUsage {
  const first =
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? ''
  if (first.startsWith('{')) return fromJson(text)
  if (/^ID\s+RECLAIMABLE\s+SIZE/.test(first)) return fromTable(text)
  return fromVerbose(text)
}

function withTotals(format: DiskUsage['format'], records: CacheRecord[], footer: Partial<CacheTotals>): DiskUsage {
  const summed = sum(records)
  if (footer.total === undefined) return { format, records, totals: summed, totalsFrom: 'records' }
  const shared = footer.shared ?? 0
  return {
    format,
    records,
    totals: { total: footer.total, reclaimable: footer.reclaimable ?? summed.reclaimable, shared, private: footer.private ?? footer.total - shared },
    totalsFrom: 'footer'
  }
}

/** As buildx's footer: shared is the size of shared records, private the rest. */
export function sum(records: readonly CacheRecord[]): CacheTotals {
  let total = 0
  let reclaimable = 0
  let shared = 0
  for (const r of records) {
    total += r.size
    if (r.reclaimable) reclaimable += r.size
    if (r.shared) shared += r.size
  }
  return { total, reclaimable, shared, private: total - shared }
}

const FOOTER: Record<string, keyof CacheTotals> = { Shared: 'shared', Private: 'private', Reclaimable: 'reclaimable', Total: 'total' }

function footerLine(line: string, footer: Partial<CacheTotals>): boolean {
  const m = /^(Shared|Private|Reclaimable|Total):\s+(\S+)$/.exec(line.trim())
  const key = m ? FOOTER[m[1] ?? ''] : undefined
  const size = m ? parseSize(m[2] ?? '') : undefined
  if (key === undefined || size === undefined) return false
  footer[key] = size
  return true
}

function fromVerbose(text: string): DiskUsage {
  const records: CacheRecord[] = []
  const footer: Partial<CacheTotals> = {}
  for (const block of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>()
    const parents: string[] = []
    let last = ''
    for (const line of block.split('\n')) {
      const item = /^\s+-\s+(\S+)/.exec(line)
      if (item?.[1] !== undefined && last === 'Parents') {
        parents.push(item[1])
        continue
      }
      const kv = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line)
      if (!kv) continue
      last = kv[1] ?? ''
      fields.set(last, (kv[2] ?? '').trim())
    }
    const id = fields.get('ID')
    if (id === undefined) {
      for (const line of block.split('\n')) footerLine(line, footer)
      continue
    }
    const parent = fields.get('Parent')
    if (parent) parents.push(parent)
    const usage = Number(fields.get('Usage count'))
    records.push({
      id,
      type: fields.get('Type') ?? '',
      size: parseSize(fields.get('Size') ?? '') ?? 0,
      description: fields.get('Description') ?? '',
      reclaimable: fields.get('Reclaimable') === 'true',
      shared: fields.get('Shared') === 'true',
      mutable: fields.get('Mutable') === 'true',
      parents,
      usageCount: Number.isFinite(usage) ? usage : undefined,
      lastUsed: fields.get('Last used')
    })
  }
  return withTotals('verbose', records, footer)
}

function fromTable(text: string): DiskUsage {
  const records: CacheRecord[] = []
  const footer: Partial<CacheTotals> = {}
  for (const line of text.split('\n').slice(1)) {
    if (line.trim() === '' || footerLine(line, footer)) continue
    const m = /^(\S+?)(\*?)\s+(true|false)\s+(\S+?)(\*?)\s+(.*)$/.exec(line.trim())
    if (!m) continue
    records.push({
      id: m[1] ?? '',
      type: '',
      size: parseSize(m[4] ?? '') ?? 0,
      description: '',
      reclaimable: m[3] === 'true',
      shared: m[5] === '*',
      mutable: m[2] === '*',
      parents: [],
      usageCount: undefined,
      lastUsed: m[6]?.trim()
    })
  }
  return withTotals('table', records, footer)
}

function fromJson(text: string): DiskUsage {
  const records: CacheRecord[] = []
  for (const line of text.split('\n')) {
    if (!line.trim().startsWith('{')) continue
    const o = parseJson(line)
    if (!isRecord(o) || typeof o.ID !== 'string') continue
    const r = o
    records.push({
      id: o.ID,
      type: typeof r.Type === 'string' ? r.Type : '',
      size: typeof r.Size === 'string' ? (parseSize(r.Size) ?? 0) : typeof r.Size === 'number' ? r.Size : 0,
      description: typeof r.Description === 'string' ? r.Description : '',
      reclaimable: r.Reclaimable === true,
      shared: r.Shared === true,
      mutable: r.Mutable === true,
      parents: Array.isArray(r.Parents) ? r.Parents.filter((p): p is string => typeof p === 'string') : [],
      usageCount: typeof r.UsageCount === 'number' ? r.UsageCount : undefined,
      lastUsed: typeof r.LastUsedAt === 'string' ? r.LastUsedAt : undefined
    })
  }
  return withTotals('json', records, {})
}

export interface TypeUsage {
  type: string
  count: number
  size: number
}

/** Bytes and records per record type (`regular`, `source.local`, `exec.cachemount`, `frontend`, `internal`, ...), largest first. */
export function byType(records: readonly CacheRecord[]): TypeUsage[] {
  const m = new Map<string, TypeUsage>()
  for (const r of records) {
    const t = m.get(r.type || 'unknown') ?? { type: r.type || 'unknown', count: 0, size: 0 }
    t.count++
    t.size += r.size
    m.set(t.type, t)
  }
  return [...m.values()].sort((a, b) => b.size - a.size || a.type.localeCompare(b.type))
}
