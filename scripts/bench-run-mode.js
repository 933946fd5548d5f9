// Run mode's overhead: the same Dockerfile built directly and through the action's run mode
// (`node dist/index.js` with INPUT_RUN, as the runner starts it), alternating, every build with
// --no-cache so each does the same work. Prints each pair and the median wall-time ratio.
// Needs the BuildKit daemon (eval "$(../shared/tools/buildkit-daemon up)").
// Usage: node scripts/bench-run-mode.js [pairs=7] [context=scripts/bench]
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, openSync, closeSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const TARGET = 1.03
const pairs = Number(process.argv[2] ?? 7)
const source = resolve(process.argv[3] ?? 'scripts/bench')
const ctx = mkdtempSync(join(tmpdir(), 'bench-run-mode-'))
cpSync(source, ctx, { recursive: true, filter: (src) => !/\.(log|gz)$/.test(src) })
const build = ['buildx', 'build', '--network=none', '--no-cache', '-t', 'build-insights-bench', '.']

function timed(fn) {
  const t = process.hrtime.bigint()
  const status = fn()
  if (status !== 0) throw new Error(`a build exited ${status}`)
  return Number(process.hrtime.bigint() - t) / 1e9
}

// What a user runs without the action: the build, its progress kept in a log file.
function direct() {
  const log = openSync(join(ctx, 'direct.log'), 'w')
  try {
    return spawnSync('docker', [...build, '--progress=plain'], { cwd: ctx, stdio: ['ignore', 'ignore', log] }).status
  } finally {
    closeSync(log)
  }
}

function runMode() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-runner-'))
  const env = { ...process.env, RUNNER_TEMP: dir, 'INPUT_RUN': `docker ${build.join(' ')}`, INPUT_SUMMARY: 'true' }
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE']) {
    env[f] = join(dir, f)
    writeFileSync(env[f], '')
  }
  return spawnSync(process.execPath, [resolve('dist/index.js')], { cwd: ctx, env, stdio: 'ignore' }).status
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

timed(direct) // warm the base image and the daemon, not counted
const ratios = []
const d = []
const r = []
for (let i = 0; i < pairs; i++) {
  // alternate which goes first, so drift in the machine's load falls on both
  let dt, rt
  if (i % 2 === 0) {
    dt = timed(direct)
    rt = timed(runMode)
  } else {
    rt = timed(runMode)
    dt = timed(direct)
  }
  d.push(dt)
  r.push(rt)
  ratios.push(rt / dt)
  console.log(`pair ${i + 1}: direct ${dt.toFixed(3)}s  run mode ${rt.toFixed(3)}s  ratio ${(rt / dt).toFixed(3)}`)
}
const ratio = median(ratios)
const overhead = median(r.map((x, i) => x - (d[i] ?? 0)))
console.log(`median direct ${median(d).toFixed(3)}s, median run mode ${median(r).toFixed(3)}s, median overhead ${overhead.toFixed(3)}s, median ratio ${ratio.toFixed(3)} (target <= ${TARGET})`)
process.exitCode = ratio <= TARGET ? 0 : 1
