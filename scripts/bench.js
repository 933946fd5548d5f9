// How fast the bundled action reads large logs, against grep counting one word in the same file
// (the least any reader must do: look at every byte once), and how fast it starts on a small log
// against `node -e 0`. Each pair is run in turn, A B A B, so that drift in the machine's load
// falls on both; the ratio is taken pair by pair and its median printed with its spread.
// Peak memory is the largest resident set of the action's process (/usr/bin/time).
// Usage: node scripts/bench.js [rounds=5] [dir=$TMPDIR/build-insights-bench]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { makeLogs } from './bench/logs.js'

const rounds = Number(process.argv[2] ?? 5)
const dir = resolve(process.argv[3] ?? join(tmpdir(), 'build-insights-bench'))
const SMALL = 'test/fixtures/buildkit/multistage/docker28-multistage-partial.plain.log'
const TIME = '/usr/bin/time'
const MiB = 1 << 20
const target = { plain: 3, rawjson: 6, one: 3, oneMemory: 128 * MiB, manyMemory: 256 * MiB, start: 2.5 }

mkdirSync(dir, { recursive: true })
const logs = await makeLogs(dir)

/** A fresh runner: INPUT_* for the action, the GITHUB_* files it writes. */
function runner(logFile) {
  const temp = mkdtempSync(join(tmpdir(), 'bench-runner-'))
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, RUNNER_TEMP: temp }
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY']) {
    env[f] = join(temp, f)
    writeFileSync(env[f], '')
  }
  Object.assign(env, { 'INPUT_LOG-FILES': logFile, INPUT_DU: 'false', 'INPUT_ACTIONS-CACHE-USAGE': 'false', INPUT_SUMMARY: 'true' })
  return { env, temp }
}

/** Runs argv once: wall seconds, peak resident bytes (when /usr/bin/time is there), exit status. */
function timed(argv, env) {
  const memFile = join(tmpdir(), `bench-mem-${process.pid}`)
  const withTime = existsSync(TIME) ? [TIME, '-f', '%M', '-o', memFile, ...argv] : argv
  const t = process.hrtime.bigint()
  // stdout read, not /dev/null: GNU grep stops at the first match when its output goes nowhere
  const r = spawnSync(withTime[0], withTime.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * MiB })
  const seconds = Number(process.hrtime.bigint() - t) / 1e9
  let peak
  if (withTime !== argv) {
    peak = Number(readFileSync(memFile, 'utf8').trim().split('\n').at(-1)) * 1024
    rmSync(memFile, { force: true })
  }
  return { seconds, peak, status: r.status, stderr: r.stderr.toString() }
}

function outputs(file) {
  const out = {}
  for (const m of readFileSync(file, 'utf8').matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1]] = m[3]
  return out
}

function action(logFile) {
  const { env, temp } = runner(logFile)
  const r = timed([process.execPath, resolve('dist/index.js')], env)
  const out = outputs(env.GITHUB_OUTPUT)
  const report = out.report ? statSync(out.report).size : 0
  const summary = statSync(env.GITHUB_STEP_SUMMARY).size
  rmSync(temp, { recursive: true, force: true })
  return { ...r, out, report, summary }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const spread = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`
const mib = (b) => `${(b / MiB).toFixed(0)} MiB`

/** A and B in turn, one warm-up each; medians, the pair-by-pair ratio, A's peak memory. */
function pair(a, b) {
  a()
  b()
  const as = []
  const bs = []
  for (let i = 0; i < rounds; i++) {
    as.push(a())
    bs.push(b())
  }
  const ratios = as.map((x, i) => x.seconds / bs[i].seconds)
  return { a: as, b: bs, ratio: median(ratios), ratios, peak: Math.max(...as.map((x) => x.peak ?? 0)) }
}

const results = []
/** The last floor of each many-builds log: the most a reader in Node must do, timed with nothing else. */
const deepest = {}
let failed = false
const verdict = (ok) => {
  if (!ok) failed = true
  return ok ? 'met' : 'NOT MET'
}

console.log(`node ${process.version}, ${rounds} rounds each, logs in ${dir}`)
for (const log of logs) {
  const size = statSync(log.file).size
  const p = pair(
    () => action(log.file),
    () => timed(['grep', '-c', log.grep, log.file])
  )
  const last = p.a.at(-1)
  const got = { builds: Number(last.out.builds), steps: Number(last.out['total-steps']), cached: Number(last.out['cached-steps']) }
  const counts = got.builds === log.builds && got.steps === log.steps && got.cached === log.cached
  const key = log.key === 'one' ? 'one' : log.file.endsWith('.plain.log') ? 'plain' : 'rawjson'
  const memoryTarget = key === 'one' ? target.oneMemory : target.manyMemory
  const actionSeconds = median(p.a.map((x) => x.seconds))
  console.log(`\n${log.name}: ${(size / 1e6).toFixed(0)} MB, ${log.what}`)
  console.log(`  action  median ${actionSeconds.toFixed(3)} s (${spread(p.a.map((x) => x.seconds))}), peak ${mib(p.peak)}`)
  console.log(`  grep -c '${log.grep}'  median ${median(p.b.map((x) => x.seconds)).toFixed(3)} s (${spread(p.b.map((x) => x.seconds))})`)
  if (log.key === 'dense' || log.key === 'joblog') {
    // not the issue's shape, or no target set: timed for what a build costs, judged for memory
    console.log(
      `  ratio   median ${p.ratio.toFixed(2)}× (${spread(p.ratios)}), ${log.builds >= 100 ? `${((actionSeconds / log.builds) * 1e6).toFixed(0)} µs a build` : `${(size / 1e6 / actionSeconds).toFixed(0)} MB/s`} (no target: ${log.key === 'dense' ? "not the issue's shape" : 'none set for job logs'})`
    )
  } else {
    console.log(`  ratio   median ${p.ratio.toFixed(2)}× (${spread(p.ratios)}), target ≤ ${target[key]}×: ${verdict(p.ratio <= target[key])}`)
  }
  console.log(`  memory  ${mib(p.peak)}, target ≤ ${mib(memoryTarget)}: ${verdict(p.peak > 0 && p.peak <= memoryTarget)}`)
  console.log(
    `  counts  builds ${got.builds}, steps ${got.steps}, cached ${got.cached}; sum of the parts ${log.builds}, ${log.steps}, ${log.cached}: ${verdict(counts)}`
  )
  console.log(
    `  report  ${(last.report / 1e6).toFixed(1)} MB written${last.report > 0 ? '' : ' (NONE)'}, summary ${(last.summary / 1e3).toFixed(0)} kB, exit ${last.status}`
  )
  if (last.report === 0) failed = true
  if (log.key === 'many') {
    // the targets against Node itself: what a process that only reads the log costs against grep
    const modes = log.file.endsWith('.plain.log') ? ['read', 'lines'] : ['read', 'json']
    const what = { read: 'starts and reads the file', lines: 'also finds every line', json: 'also JSON.parses every one-line object not of step output' }
    const floors = modes.map((mode) => {
      const f = pair(
        () => timed([process.execPath, resolve('scripts/bench/floor.js'), mode, log.file]),
        () => timed(['grep', '-c', log.grep, log.file])
      )
      deepest[key] = { what: what[mode], seconds: median(f.a.map((x) => x.seconds)), grep: median(f.b.map((x) => x.seconds)), target: target[key] }
      return `${what[mode]} ${f.ratio.toFixed(2)}× (${spread(f.ratios)})`
    })
    console.log(`  floor   node, doing nothing else: ${floors.join('; ')}`)
  }
  results.push(p)
}

const start = pair(
  () => action(SMALL),
  () => timed([process.execPath, '-e', '0'])
)
const actionStart = median(start.a.map((x) => x.seconds))
const nodeStart = median(start.b.map((x) => x.seconds))
console.log(`\nstart-up: ${SMALL}`)
console.log(
  `  action ${(actionStart * 1000).toFixed(0)} ms, node -e 0 ${(nodeStart * 1000).toFixed(0)} ms, ratio median ${start.ratio.toFixed(2)}× (${spread(start.ratios)}), target ≤ ${target.start}×: ${verdict(start.ratio <= target.start)}`
)

// The action cannot be faster than its floor plus what it takes to start beyond Node's own start.
const beyondNode = actionStart - nodeStart
console.log(`\nwhat the targets stand on: the floor, and the action's start beyond Node's (${(beyondNode * 1000).toFixed(0)} ms)`)
for (const [key, f] of Object.entries(deepest)) {
  const least = (f.seconds + beyondNode) / f.grep
  console.log(
    `  ${key} ≤ ${f.target}×: node ${f.what} ${(f.seconds * 1000).toFixed(0)} ms, grep ${(f.grep * 1000).toFixed(0)} ms; with the start, ${least.toFixed(2)}× before a vertex is kept or a build modelled`
  )
}

const dist = readdirSync('dist').filter((f) => f.endsWith('.js'))
const bytes = (f) => statSync(join('dist', f)).size
console.log(
  `\nbundle: dist/index.js ${(bytes('index.js') / 1e3).toFixed(0)} kB loaded at start; ${dist.length - 1} chunks loaded when used, ${dist
    .filter((f) => f !== 'index.js')
    .map((f) => `${f} ${(bytes(f) / 1e3).toFixed(0)} kB`)
    .join(', ')}`
)
process.exitCode = failed ? 1 : 0
