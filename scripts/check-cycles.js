// Fails when a module of src/ imports itself back through others (type imports count: a cycle
// of types is a cycle of design). Prints each cycle as a chain of files.
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const src = join(root, 'src')
const files = readdirSync(src, { recursive: true })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(src, f))
const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm
const graph = new Map(
  files.map((f) => {
    const text = readFileSync(f, 'utf8')
    const deps = [...text.matchAll(IMPORT)].map((m) => resolve(dirname(f), m[1].replace(/\.js$/, '.ts'))).filter((d) => d.endsWith('.ts'))
    return [f, [...new Set(deps)]]
  })
)

// Tarjan's strongly connected components, iteratively: a component of two or more files, or a
// file importing itself, is a cycle.
let index = 0
const idx = new Map()
const low = new Map()
const onStack = new Set()
const stack = []
const cycles = []
for (const start of graph.keys()) {
  if (idx.has(start)) continue
  const work = [[start, 0]]
  idx.set(start, index)
  low.set(start, index++)
  stack.push(start)
  onStack.add(start)
  while (work.length > 0) {
    const top = work[work.length - 1]
    const [v, i] = top
    const deps = graph.get(v) ?? []
    if (i < deps.length) {
      top[1]++
      const w = deps[i]
      if (!graph.has(w)) continue
      if (!idx.has(w)) {
        idx.set(w, index)
        low.set(w, index++)
        stack.push(w)
        onStack.add(w)
        work.push([w, 0])
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)))
      continue
    }
    work.pop()
    if (work.length > 0) {
      const parent = work[work.length - 1][0]
      low.set(parent, Math.min(low.get(parent), low.get(v)))
    }
    if (low.get(v) === idx.get(v)) {
      const scc = []
      let w
      do {
        w = stack.pop()
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc)
    }
  }
}
for (const c of cycles) console.error(`import cycle: ${c.map((f) => relative(root, f)).join(' ⇄ ')}`)
console.log(cycles.length === 0 ? `no import cycle in src/ (${files.length} modules)` : `${cycles.length} import cycle(s) in src/`)
process.exitCode = cycles.length === 0 ? 0 : 1
