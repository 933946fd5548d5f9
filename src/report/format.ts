/** `83.3`: one decimal, and never `100.0` unless every step was cached (99.96 reads 99.9). */
export function formatPercent(rate: number | null): string {
  if (rate === null) return ''
  const fixed = rate.toFixed(1)
  return fixed === '100.0' && rate < 100 ? '99.9' : fixed
}

/** Seconds with one decimal, as the outputs carry them. */
export function formatSecondsValue(seconds: number): string {
  return (Math.round(seconds * 10) / 10).toFixed(1)
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
