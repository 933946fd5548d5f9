// Prints one closing line for every vitest run of `npm test`: "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = '.test-results'
let passed = 0
let failed = 0
let skipped = 0
for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const r = JSON.parse(readFileSync(join(dir, f), 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += r.numPendingTests + r.numTodoTests
}
// test/gfm.ts adds a line for each summary it rendered with cmark-gfm and found whole
const gfm = join(dir, 'gfm.jsonl')
if (existsSync(gfm)) {
  const rendered = readFileSync(gfm, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
  const sum = (k) => rendered.reduce((n, r) => n + r[k], 0)
  const golden = rendered.filter((r) => r.label.startsWith('golden ')).length
  console.log(
    `cmark-gfm rendered ${rendered.length} summaries (${golden} golden, ${rendered.length - golden} written by dist/ in tests): ${sum('tables')} tables, ${sum('rows')} rows, ${sum('details')} details, none broken`
  )
}
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
process.exitCode = failed > 0 || passed === 0 ? 1 : 0
