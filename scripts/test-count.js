// Prints one closing line for every vitest run of `npm test`: "N passed, N failed".
import { readdirSync, readFileSync } from 'node:fs'
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
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
process.exitCode = failed > 0 || passed === 0 ? 1 : 0
