/** The one guard every reader of outside JSON (BuildKit, buildx, state, the REST API) starts from. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/** A finite number, or undefined. */
export function finite(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined
}

/** The second of the last timestamp read, and its ms: a rawjson log's timestamps come many to a second. */
let lastSecond = ''
let lastSecondMs = 0

/**
 * RFC 3339 with a fraction of any length (BuildKit, buildx) → ms since the epoch; Date keeps ms,
 * all a report needs. BuildKit's UTC form (`2026-11-29T09:58:57.917265293Z`) is read as its
 * second, parsed once, plus the fraction's first three digits (what Date.parse keeps); any
 * other form goes to Date.parse whole.
 */
export function timestamp(x: unknown): number | undefined {
  if (typeof x !== 'string') return undefined
  const n = x.length
  // 1 to 9 digits, as Go writes them: Date.parse reads 10 or more its own way (`.0005000000` is 5 ms)
  // hour 24 too goes to Date.parse: it takes `24:00:00Z`, and no fraction after it
  if (
    n >= 22 &&
    n <= 30 &&
    x.charCodeAt(19) === 46 /* . */ &&
    x.charCodeAt(n - 1) === 90 /* Z */ &&
    x.charCodeAt(10) === 84 /* T */ &&
    !(x.charCodeAt(11) === 50 /* 2 */ && x.charCodeAt(12) === 52) /* 4 */
  ) {
    let ms = 0
    let i = 20
    for (; i < n - 1; i++) {
      const d = x.charCodeAt(i) - 48
      if (d < 0 || d > 9) break
      if (i < 23) ms = ms * 10 + d
    }
    if (i === n - 1) {
      for (let k = i; k < 23; k++) ms *= 10
      // compared in place: a slice per timestamp is garbage the parse of a large log makes by the million
      if (!x.startsWith(lastSecond) || lastSecond === '') {
        const second = x.slice(0, 19)
        const t = Date.parse(`${second}Z`)
        if (Number.isNaN(t)) return undefined
        lastSecond = second
        lastSecondMs = t
      }
      return lastSecondMs + ms
    }
  }
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
