// Run mode's overhead: the same Dockerfile built directly and through the action's run mode
// (`node dist/index.js` with INPUT_RUN, as the runner starts it), alternating, every build with
// --no-cache so each does the same work. Run mode is timed twice: with `du: false` (run mode
// itself: the figure held to the target) and as a user gets it by default, with the build
// cache measured after the build against the pre step's measurement (pre runs at the job's
// start, before any step, so it is not part of the step's time here either). A third time as on
// GitHub: with a repository and the job's token, so that the action also asks the REST API (the
// Actions cache's usage, the job, the runs per month), here a stand-in on loopback answering each
// request after API_MS milliseconds (100 by default; GitHub's own time, shown but not judged).
// Needs the BuildKit daemon (eval "$(../shared/tools/buildkit-daemon up)").
// Usage: node scripts/bench-run-mode.js [pairs=7] [context=scripts/bench]
// BENCH_IMAGES=N first adds N small images to the Engine's store (removed at the end), to show
// what a store holding many images does to the default `du`.
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { cpSync, mkdtempSync, openSync, closeSync, writeFileSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
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

const imageId = () => spawnSync('docker', ['image', 'inspect', '--format', '{{.Id}}', 'build-insights-bench'], { encoding: 'utf8' }).stdout.trim()
let lastImage = imageId()
/**
 * Each build moves the tag to a new image and leaves the last one untagged in the store. The
 * Engine's build-cache `df` reads every image's manifest on the containerd image store, so the
 * images would pile up and slow the later rounds: the one left behind is removed, untimed, and
 * the store holds what it held before, as a runner's does from job to job.
 */
function dropReplaced() {
  const id = imageId()
  if (lastImage !== '' && id !== lastImage) spawnSync('docker', ['image', 'rm', lastImage], { stdio: 'ignore' })
  lastImage = id
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

const API_MS = Number(process.env.API_MS ?? 100)
const api = spawn(process.execPath, [resolve('scripts/bench/api.js'), String(API_MS)], { stdio: ['ignore', 'pipe', 'inherit'] })
const [port] = await once(api.stdout, 'data')
// neither its pipe nor the child keeps this process alive, and it goes when this process does
api.stdout.destroy()
api.unref()
process.on('exit', () => api.kill())
/**
 * What the runner sets that leads the action to the REST API, pointed at the stand-in: the run,
 * job and runner of a job in progress in its answer, so that the job's start and labels are found.
 */
const onGitHub = {
  ...JSON.parse(readFileSync(resolve('test/fixtures/github/stand-in.json'), 'utf8')).runner,
  GITHUB_API_URL: `http://127.0.0.1:${String(port).trim()}`
}

const run = `docker ${build.join(' ')}`
const runMode =
  (du, github = false) =>
  () => {
    let state = {}
    const inputs = github ? { 'github-token': 'ghs_stand-in' } : {}
    const withEnv = (env) => (github ? Object.assign(env, onGitHub) : env)
    if (du) {
      const pre = withEnv(runner(inputs))
      spawnSync(process.execPath, [resolve('dist/pre/index.js')], { cwd: ctx, env: pre, stdio: 'ignore' })
      state = readState(pre.GITHUB_STATE)
    }
    // timed from here: the step
    const env = withEnv(runner({ ...inputs, run, du: String(du) }, state))
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

/**
 * The Engine's image store: the build cache's size is worked out by it, and the default `du`
 * waits for that answer. Docker 28 as GitHub's hosted runners install it keeps images in
 * overlay2; the containerd image store (`"features": {"containerd-snapshotter": true}`, the
 * default of new installs from Docker 29) is another, where the answer takes longer the more
 * images the store holds (about 1.5 ms each here: it reads every image's manifest).
 */
function engineStore() {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}\t{{.Driver}}\t{{json .DriverStatus}}'], { encoding: 'utf8' })
  const [version = '?', driver = '?', status = ''] = r.stdout.trim().split('\t')
  const containerd = status.includes('io.containerd.snapshotter')
  return `Docker Engine ${version}, ${containerd ? `the containerd image store (snapshotter ${driver})` : `the ${driver} storage driver (not the containerd image store)`}`
}

/** Images in the Engine's store, untagged ones too: on the containerd image store `df` reads each. */
function images() {
  return spawnSync('docker', ['image', 'ls', '--all', '--quiet', '--no-trunc'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).length
}

/** One `GET /system/df?type=build-cache` over the Engine's socket, as the action asks it: seconds, and the records it lists. */
function engineDf() {
  const host = process.env.DOCKER_HOST ?? ''
  const socketPath = host.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock'
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint()
    const req = request({ socketPath, path: '/system/df?type=build-cache' }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (body += c))
      res.on('end', () => {
        const seconds = Number(process.hrtime.bigint() - t) / 1e9
        resolve({ seconds, records: (JSON.parse(body).BuildCache ?? []).length })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

/** N images of a label each on scratch, one small layer shared: what a store that kept many builds' images holds. */
function fillStore(n) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fill-'))
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nARG N\nLABEL n=$N\nCOPY f /f\n')
  writeFileSync(join(dir, 'f'), 'fill\n')
  const tags = []
  for (let i = 0; i < n; i++) {
    tags.push(`build-insights-bench-fill:${i}`)
    const r = spawnSync('docker', ['buildx', 'build', '-q', '--network=none', '--build-arg', `N=${i}`, '-t', tags[i], dir], { stdio: 'ignore' })
    if (r.status !== 0) throw new Error(`filling the store: a build exited ${r.status}`)
  }
  process.on('exit', () => spawnSync('docker', ['image', 'rm', ...tags], { stdio: 'ignore' }))
}

console.log(engineStore())
if (process.env.BENCH_IMAGES) fillStore(Number(process.env.BENCH_IMAGES))
timed(direct) // warm the base image and the daemon, not counted
dropReplaced()
console.log(`${images()} images in the store`)
const d = []
const bare = []
const full = []
const gh = []
for (let i = 0; i < pairs; i++) {
  // rotate the order, so that drift in the machine's load falls on every variant
  const order = [
    () => d.push(timed(direct)),
    () => bare.push(step(runMode(false))),
    () => full.push(step(runMode(true))),
    () => gh.push(step(runMode(true, true)))
  ]
  for (let k = 0; k < order.length; k++) {
    order[(i + k) % order.length]()
    dropReplaced()
  }
  const of = (xs) => `${xs[i].toFixed(3)}s (${(xs[i] / d[i]).toFixed(3)})`
  console.log(`round ${i + 1}: direct ${d[i].toFixed(3)}s  run mode ${of(bare)}  with du ${of(full)}  as on GitHub ${of(gh)}`)
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
console.log(
  `run mode as on GitHub (as by default, and the REST API answering each request in ${API_MS} ms): median ${median(gh).toFixed(3)}s, overhead ${over(gh)}s, ratio ${median(gh.map((x, i) => x / d[i])).toFixed(3)} (not judged: the API's time is GitHub's)`
)
// what the default `du` waits for after the build, asked now (the cache as the rounds left it)
const dfs = []
for (let i = 0; i < 3; i++) dfs.push(await engineDf())
console.log(
  `the Engine's answer to GET /system/df?type=build-cache: median ${median(dfs.map((x) => x.seconds)).toFixed(3)}s (${dfs.map((x) => x.seconds.toFixed(3)).join(', ')}), ${dfs[0].records} cache records, ${images()} images`
)
process.exitCode = ratio <= TARGET && ratioDu <= TARGET ? 0 : 1
