// Builds dist/ (or the folder given): tsc emits lib/, ncc bundles the action and the CLI.
// `npm run bundle` and the check that dist/ is fresh both come through here, so they cannot drift.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'

export function bundle(outDir) {
  // a fixed folder: ncc writes module paths into the bundle, so a temporary one would differ each time
  const lib = resolve('lib')
  rmSync(lib, { recursive: true, force: true })
  const bin = (name) => resolve('node_modules', '.bin', name)
  try {
    execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', lib], { stdio: 'inherit' })
    // debug (under @actions/cache) requires supports-color if it can: left external, what a devDependency
    // happens to hoist into node_modules (azurite's chalk brings one) cannot change the bundle.
    const ncc = (entry, out, extra = []) =>
      execFileSync(bin('ncc'), ['build', join(lib, entry), '-o', out, '--quiet', '--external', 'supports-color', ...extra], { stdio: 'inherit' })
    ncc('index.js', outDir, ['--license', 'licenses.txt'])
    ncc('pre.js', join(outDir, 'pre'))
    ncc('cli-main.js', join(outDir, 'cli'))
  } finally {
    rmSync(lib, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = resolve(process.argv[2] ?? 'dist')
  rmSync(out, { recursive: true, force: true })
  bundle(out)
}
