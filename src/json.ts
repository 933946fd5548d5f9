/** The one guard every reader of outside JSON (BuildKit, buildx, state, the REST API) starts from. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/** A finite number, or undefined. */
export function finite(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined
}

/** RFC 3339 with a fraction of any length (BuildKit, buildx) → ms since the epoch; Date keeps ms, all a report needs. */
export function timestamp(x: unknown): number | undefined {
  if (typeof x !== 'string') return undefined
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
