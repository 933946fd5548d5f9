/** The one guard every reader of outside JSON (BuildKit, buildx, state, the REST API) starts from. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/** A finite number, or undefined. */
export function finite(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined
}

/** The second of the last UTC timestamp read (its digits as one number), and its ms since the epoch. */
let lastSecond = -1
let lastSecondMs = 0

/**
 * A UTC timestamp as BuildKit and the runner write it, `2026-11-29T09:58:57.917265293Z` with 1 to
 * 9 fraction digits, at the start of s: its ms since the epoch, and where its `Z` is. undefined
 * for any other form and for hour 24, which Date.parse reads its own way (`24:00:00Z`, and no
 * fraction after it; 10 fraction digits or more, `.0005000000` is 5 ms). Date.parse keeps the
 * fraction's first three digits, and so does this; the second is parsed once for a run of
 * timestamps in it, since a log's come many to a second.
 */
export function utcStamp(s: string): { at: number; z: number } | undefined {
  if (s.length < 22 || s.charCodeAt(19) !== 46 /* . */ || s.charCodeAt(10) !== 84 /* T */) return undefined
  const y = digits(s, 0, 4)
  const mo = digits(s, 5, 7)
  const d = digits(s, 8, 10)
  const h = digits(s, 11, 13)
  const mi = digits(s, 14, 16)
  const sec = digits(s, 17, 19)
  const seps = s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58
  if (!seps || y < 0 || mo < 0 || d < 0 || h < 0 || h === 24 || mi < 0 || sec < 0) return undefined
  let i = 20
  let ms = 0
  for (; i < s.length && i < 29; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) break
    if (i < 23) ms = ms * 10 + c
  }
  if (i === 20 || s.charCodeAt(i) !== 90 /* Z */) return undefined
  for (let k = i; k < 23; k++) ms *= 10
  const second = ((((y * 100 + mo) * 100 + d) * 100 + h) * 100 + mi) * 100 + sec
  if (second !== lastSecond) {
    const t = Date.parse(`${s.slice(0, 19)}Z`)
    if (Number.isNaN(t)) return undefined
    lastSecond = second
    lastSecondMs = t
  }
  return { at: lastSecondMs + ms, z: i }
}

/** The number the characters [from, to) of s write in decimal digits, or -1. */
function digits(s: string, from: number, to: number): number {
  let v = 0
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    v = v * 10 + c
  }
  return v
}

/** RFC 3339 with a fraction of any length (BuildKit, buildx) → ms since the epoch; Date keeps ms, all a report needs. */
export function timestamp(x: unknown): number | undefined {
  if (typeof x !== 'string') return undefined
  const utc = utcStamp(x)
  if (utc !== undefined && utc.z === x.length - 1) return utc.at
  const t = Date.parse(x)
  return Number.isNaN(t) ? undefined : t
}

/** JSON.parse for text from outside: undefined when it is not JSON, never a throw. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
