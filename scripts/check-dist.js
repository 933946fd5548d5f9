// Fails when the committed dist/ differs from what a fresh bundle makes: users run dist/, not src/.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { bundle } from './bundle.js'

function files(dir) {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile())
    .map((f) => relative(dir, f))
    .sort()
}

/** The first line where two files differ, with both versions of it. */
function firstDifference(committed, made) {
  let a
  let b
  try {
    a = readFileSync(committed, 'utf8').split('\n')
    b = readFileSync(made, 'utf8').split('\n')
  } catch (e) {
    return `  ${committed}: ${String(e)}`
  }
  const i = a.findIndex((line, k) => line !== b[k])
  const at = i < 0 ? Math.min(a.length, b.length) : i
  const cut = (line) => (line === undefined ? '(none)' : line.slice(0, 200))
  return `  ${committed}: ${a.length} lines, fresh ${b.length}; first difference at line ${at + 1}:\n    committed: ${cut(a[at])}\n    fresh:     ${cut(b[at])}`
}

const fresh = mkdtempSync(join(tmpdir(), 'build-insights-dist-'))
try {
  bundle(fresh)
  const want = files(fresh)
  const have = files('dist')
  const differ = [...new Set([...want, ...have])].filter((f) => {
    try {
      return !readFileSync(join(fresh, f)).equals(readFileSync(join('dist', f)))
    } catch {
      return true
    }
  })
  if (differ.length > 0) {
    console.error(`dist/ is not what a fresh bundle makes; run \`npm run bundle\` and commit dist/. Differs: ${differ.join(', ')}`)
    // where, so that a difference seen once (a bundle that is not the same twice) can be told from a stale dist/
    for (const f of differ.slice(0, 3)) console.error(firstDifference(join('dist', f), join(fresh, f)))
    process.exitCode = 1
  } else {
    console.log(`dist/ is fresh (${want.length} files)`)
  }
} finally {
  rmSync(fresh, { recursive: true, force: true })
}
