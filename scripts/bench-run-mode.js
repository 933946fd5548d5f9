// Run mode's overhead: the same Dockerfile built directly and through the action's run mode
// (`node dist/index.js` with INPUT_RUN, as the runner starts it), alternating, every build with
// --no-cache so each does the same work. Run mode is timed twice: with `du: false` (run mode
// itself: the figure held to the target) and as a user gets it by default, with the build
// cache measured after the build against the pre step's measurement (pre runs at the job's
// start, before any step, so it is not part of the step's time here either).
// Needs the BuildKit daemon (eval "$(../shared/tools/buildkit-daemon up)").
// Usage: node scripts/bench-run-mode.js [pairs=7] [context=scripts/bench]
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, openSync, closeSync, writeFileSync, readFileSync } from 'node:fs'
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

/** A fresh runner temp with the GITHUB_* files, and the env of one entry point. */
function runner(inputs, state = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-runner-'))
  const env = { ...process.env, RUNNER_TEMP: dir }
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE']) {
    env[f] = join(dir, f)
    writeFileSync(env[f], '')
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  for (const [k, v] of Object.entries(state)) env[`STATE_${k}`] = v
  return env
}

/** GITHUB_STATE as @actions/core writes it: `name<<delimiter`, value, delimiter. */
function readState(file) {
  const state = {}
  for (const m of readFileSync(file, 'utf8').matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) state[m[1]] = m[3]
  return state
}

const run = `docker ${build.join(' ')}`
const runMode = (du) => () => {
  let state = {}
  if (du) {
    const pre = runner({})
    spawnSync(process.execPath, [resolve('dist/pre/index.js')], { cwd: ctx, env: pre, stdio: 'ignore' })
    state = readState(pre.GITHUB_STATE)
  }
  // timed from here: the step
  const env = runner({ run, du: String(du) }, state)
  const t = process.hrtime.bigint()
  const status = spawnSync(process.execPath, [resolve('dist/index.js')], { cwd: ctx, env, stdio: 'ignore' }).status
  return { status, seconds: Number(process.hrtime.bigint() - t) / 1e9 }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

function step(fn) {
  const r = fn()
  if (r.status !== 0) throw new Error(`run mode exited ${r.status}`)
  return r.seconds
}

timed(direct) // warm the base image and the daemon, not counted
const d = []
const bare = []
const full = []
for (let i = 0; i < pairs; i++) {
  // rotate the order, so that drift in the machine's load falls on every variant
  const order = [() => d.push(timed(direct)), () => bare.push(step(runMode(false))), () => full.push(step(runMode(true)))]
  for (let k = 0; k < 3; k++) order[(i + k) % 3]()
  console.log(
    `round ${i + 1}: direct ${d[i].toFixed(3)}s  run mode ${bare[i].toFixed(3)}s (${(bare[i] / d[i]).toFixed(3)})  with du ${full[i].toFixed(3)}s (${(full[i] / d[i]).toFixed(3)})`
  )
}
const ratio = median(bare.map((x, i) => x / d[i]))
const ratioDu = median(full.map((x, i) => x / d[i]))
const over = (xs) => median(xs.map((x, i) => x - d[i])).toFixed(3)
console.log(`median direct ${median(d).toFixed(3)}s`)
console.log(`run mode (du: false): median ${median(bare).toFixed(3)}s, overhead ${over(bare)}s, ratio ${ratio.toFixed(3)} (target <= ${TARGET})`)
// the build cache is read from the Engine's socket with the docker driver (one API call), else by the buildx CLI
console.log(
  `run mode as by default (du after the build, pre before the job): median ${median(full).toFixed(3)}s, overhead ${over(full)}s, ratio ${ratioDu.toFixed(3)} (target <= ${TARGET})`
)
process.exitCode = ratio <= TARGET && ratioDu <= TARGET ? 0 : 1
