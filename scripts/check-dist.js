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
    process.exit(1)
  }
  console.log(`dist/ is fresh (${want.length} files)`)
} finally {
  rmSync(fresh, { recursive: true, force: true })
}
