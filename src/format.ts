import { maxOf, minOf } from './arrays.js'

/** `83.3`: one decimal, and never `100.0` unless every step was cached (99.96 reads 99.9). */
export function formatPercent(rate: number | null): string {
  if (rate === null) return ''
  const fixed = rate.toFixed(1)
  return fixed === '100.0' && rate < 100 ? '99.9' : fixed
}

/** One decimal, as the outputs carry seconds, percentages and points. */
export function oneDecimal(seconds: number): string {
  return fixedSigned(seconds, 1)
}

/** `digits` decimals; halves round away from zero for either sign, and there is no `-0.0`. */
export function fixedSigned(n: number, digits: number): string {
  const f = 10 ** digits
  const r = Math.round(Math.abs(n) * f) / f
  return `${n < 0 && r > 0 ? '-' : ''}${r.toFixed(digits)}`
}

/** `4.1s`, `2m 03.4s`, `1h 02m 05s`: for people. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–'
  const tenths = Math.round(seconds * 10)
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`
  const h = Math.floor(tenths / 36000)
  const m = Math.floor((tenths % 36000) / 600)
  const s = (tenths % 600) / 10
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m ${String(Math.round(s)).padStart(2, '0')}s`
  return `${m}m ${s.toFixed(1).padStart(4, '0')}s`
}

/** A bar of `width` cells for value/max, in eighths. */
export function bar(value: number, max: number, width = 16): string {
  if (max <= 0 || value <= 0) return ''
  const eighths = Math.max(1, Math.round((value / max) * width * 8))
  const full = Math.floor(eighths / 8)
  const part = eighths % 8
  return '█'.repeat(full) + (part > 0 ? ' ▏▎▍▌▋▊▉'.charAt(part) : '')
}

/** Bytes in decimal units as buildx prints them: `463 B`, `2.47 kB`, `1.05 MB`. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '−' : ''
  let v = Math.abs(bytes)
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB']
  let u = 0
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000
    u++
  }
  const digits = u === 0 ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2
  return `${sign}${v.toFixed(digits)} ${units[u] ?? 'B'}`
}

/** `+1.05 MB` / `−12.0 kB` / `±0 B`. */
export function formatBytesDelta(bytes: number): string {
  return bytes === 0 ? '±0 B' : bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes)
}

/** `▲ 12.5s` / `▼ 1m 30.0s` / `= 0.0s`: a change in time, up being slower. */
export function formatDurationDelta(seconds: number): string {
  const r = Math.round(Math.abs(seconds) * 10) / 10
  return r === 0 ? '= 0.0s' : `${seconds > 0 ? '▲' : '▼'} ${formatDuration(r)}`
}

/** `▲ 12.5 pts` / `▼ 3.0 pts`: a change in percentage points. */
export function formatPointsDelta(points: number): string {
  const r = Math.round(Math.abs(points) * 10) / 10
  return r === 0 ? '= 0.0 pts' : `${points > 0 ? '▲' : '▼'} ${r.toFixed(1)} pts`
}

const SPARKS = '▁▂▃▄▅▆▇█'

/** A one-line chart of values, scaled between their min and max. */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return ''
  const lo = minOf(values, 0)
  const hi = maxOf(values, 0)
  return values.map((v) => SPARKS.charAt(hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (SPARKS.length - 1)))).join('')
}

/** `9.31 GiB`: binary units, as GitHub states the Actions cache's limit. */
export function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`
}
