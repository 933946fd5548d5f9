import type { BuildStep } from './build-steps.js'
import { hasExpression, type CacheEntry } from './cache-entry.js'

// How a finding says what to write, with the values the step already has.

/** How the step writes a cache setting: an action's input, a flag of a `run:` command, or a bake override. */
export function written(s: BuildStep, value: string, target?: string): string {
  if (target !== undefined) return `${target}.cache-to=${value}`
  if (s.kind === 'build' || s.kind === 'bake') return `--cache-to ${value}`
  return `cache-to: ${value}`
}

/** A cache value with attributes set, CSV as written otherwise. */
export function withAttrs(e: CacheEntry, set: Record<string, string>): string {
  const attrs: Record<string, string> = { ...e.attrs, ...set }
  const fields = [`type=${e.type ?? 'gha'}`, ...Object.entries(attrs).map(([k, v]) => `${k}=${/[,"]/.test(v) && !hasExpression(v) ? `"${v}"` : v}`)]
  return fields.join(',')
}

/** The cache-to that writes what `from` reads, with mode=max. */
export function exportOf(from: CacheEntry): string {
  if (from.type === 'registry' && from.attrs.ref !== undefined) return `type=registry,ref=${from.attrs.ref},mode=max`
  if (from.type === 'local') return `type=local,dest=${from.attrs.src ?? '/tmp/.buildx-cache'},mode=max`
  const scope = from.attrs.scope === undefined ? '' : `,scope=${from.attrs.scope}`
  return `type=${from.type ?? 'gha'},mode=max${scope}`
}

/** A scope named after what the step builds: its image, its target, else its job. */
export function ownScope(s: BuildStep): string {
  const image = s.tags.map((t) => (t.split('/').at(-1) ?? '').replace(/[:@].*$/, '')).find((name) => name !== '' && !hasExpression(name) && !name.includes('$'))
  return image ?? s.targets[0] ?? s.job
}
