import { ownScope, withAttrs, written } from './advice.js'
import type { BuildStep } from './build-steps.js'
import { ghaScope, hasExpression } from './cache-entry.js'
import type { Workflow } from './parse.js'

/** A build step that shares its gha cache scope, where, and what to write instead. */
export interface Shared {
  s: BuildStep
  line: number
  change: string
}

// a scope that differs between matrix legs
const PER_LEG = /\$\{\{[^}]*\b(matrix\.|strategy\.job-index)/

/** Steps writing one gha scope: matrix legs of one step, bake targets of one `*.cache-to`, or two steps building different things. */
export function sharedScopes(w: Workflow, steps: BuildStep[]): Shared[] {
  const found: Shared[] = []
  const writers = new Map<string, { s: BuildStep; builds: string; line: number }>()
  for (const s of steps) {
    const job = w.jobs.find((j) => j.id === s.job)
    for (const e of s.cacheTo) {
      if (e.type !== 'gha') continue
      const scope = ghaScope(e)
      const matrix = job?.matrix
      if (matrix !== undefined && (matrix.legs === undefined || matrix.legs > 1) && !PER_LEG.test(scope) && !s.if.some((x) => x.includes('matrix.'))) {
        const axes = [...matrix.axes.keys()].map((k) => `\${{ matrix.${k} }}`)
        const per = axes.length === 0 ? '${{ strategy.job-index }}' : axes.join('-')
        const own = e.attrs.scope === undefined ? per : `${scope}-${per}`
        found.push({
          s,
          line: e.line,
          change: `Give each matrix leg its own scope, in cache-from too: ${written(s, withAttrs(e, { mode: 'max', scope: own }), e.target)}; the legs all write scope "${scope}", and each export replaces the others'.`
        })
        continue
      }
      if (e.target !== undefined && !/^[^*?[]+$/.test(e.target) && s.targets.length > 1) {
        const each = s.targets.map((t) => `${t}.cache-to=${withAttrs(e, { mode: 'max', scope: t })}`).join(' and ')
        found.push({
          s,
          line: e.line,
          change: `Give each target its own scope: ${each}; the targets all write scope "${scope}", and each export replaces the others'.`
        })
        continue
      }
      const builds = `${s.builds}|${e.target ?? ''}`
      const first = writers.get(scope)
      if (first === undefined) {
        writers.set(scope, { s, builds, line: e.line })
        continue
      }
      // a scope that differs between legs or jobs at run time may differ here too
      if (first.builds === builds || (first.s.job !== s.job && hasExpression(scope))) continue
      const own = ownScope(s)
      found.push({
        s,
        line: e.line,
        change: `Give this build its own scope, in cache-from too: ${written(s, withAttrs(e, { mode: 'max', scope: own }), e.target)}; it writes scope "${scope}" as "${first.s.step}" on line ${String(first.line)} does, and each export replaces the other's.`
      })
    }
  }
  return found
}
