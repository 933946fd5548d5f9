// The large logs `npm run bench` reads, made from the real fixtures (test/fixtures/buildkit) and
// written under a temporary folder, never into git. Each log comes with what reading it must
// give: the sum of its parts' counts in expected.json.
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { once } from 'node:events'

const FIXTURES = 'test/fixtures/buildkit'
const MB = 1e6

function expected() {
  return JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'))
}

/** The fixtures of one format whose builds are at least `perBuild` bytes each, each ending its last line, and the sum of their counts. */
function parts(format, perBuild) {
  const all = expected()
  const files = Object.keys(all)
    .filter((f) => f.endsWith(`.${format}.log`) && statSync(join(FIXTURES, f)).size >= perBuild * all[f].builds)
    .sort()
  const texts = files.map((f) => {
    const t = readFileSync(join(FIXTURES, f), 'utf8')
    return t.endsWith('\n') ? t : `${t}\n`
  })
  const sum = { builds: 0, steps: 0, cached: 0 }
  for (const f of files) for (const k of Object.keys(sum)) sum[k] += all[f][k]
  return { texts, sum, files: files.length }
}

// rawjson names vertexes by digest: a copy keeps its own digests, else it would be the same build
// again. The first 8 hex digits of every digest become the copy's number, the same in every place
// (vertex, inputs, statuses, logs), so the graph of each copy holds.
const DIGEST = /sha256:[0-9a-f]{8}([0-9a-f]{56})/g
const renumber = (text, copy) => text.replace(DIGEST, (_, rest) => `sha256:${copy.toString(16).padStart(8, '0')}${rest}`)

async function write(file, size, piece) {
  const out = createWriteStream(file)
  let written = 0
  for (let i = 0; written < size; i++) {
    const text = piece(i)
    written += Buffer.byteLength(text)
    if (!out.write(text)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

/** Repeats the fixtures of the format (those of `perBuild` bytes a build or more), in order, until the log holds `size` bytes; returns what it must count. */
async function many(file, format, size, perBuild = 0) {
  const { texts, sum, files } = parts(format, perBuild)
  const one = texts.join('')
  const copies = Math.ceil(size / Buffer.byteLength(one))
  if (!fresh(file, copies * Buffer.byteLength(one))) {
    await write(file, copies * Buffer.byteLength(one), (i) => (format === 'rawjson' ? renumber(one, i + 1) : one))
  }
  const builds = sum.builds * copies
  return {
    builds,
    steps: sum.steps * copies,
    cached: sum.cached * copies,
    what: `${copies} copies of ${files} fixtures${perBuild > 0 ? ` of ${perBuild / 1000} kB a build or more` : ''}: ${builds} builds, ${(builds / ((copies * Buffer.byteLength(texts.join(''))) / MB)).toFixed(0)} a MB`
  }
}

// One real build (a RUN printing a 20,000-character line among short ones) whose output block is
// printed again until the log reaches `size`: the elapsed figures repeat, so the counts and
// times are the fixture's own.
const ONE = 'multistage/docker28-multistage-cold.plain.log'

async function oneBuild(file, size) {
  const lines = readFileSync(join(FIXTURES, ONE), 'utf8').split('\n')
  const first = lines.findIndex((l) => l.startsWith('#18 0.351 '))
  const last = lines.findIndex((l) => l.startsWith('#18 0.653 after long line'))
  const head = `${lines.slice(0, first).join('\n')}\n`
  const block = `${lines.slice(first, last + 1).join('\n')}\n`
  const tail = lines.slice(last + 1).join('\n')
  const bytes = (s) => Buffer.byteLength(s)
  const blocks = Math.ceil((size - bytes(head) - bytes(tail)) / bytes(block))
  const total = bytes(head) + blocks * bytes(block) + bytes(tail)
  if (!fresh(file, total)) await write(file, total, (i) => (i === 0 ? head : i <= blocks ? block : tail))
  const e = expected()[ONE]
  return { builds: e.builds, steps: e.steps, cached: e.cached, what: `${ONE} with its RUN output printed ${blocks} times` }
}

/** The runner's timestamps (`2026-01-01T00:00:00.0037123Z `, 29 bytes), from 2026-01-01, each `step` ticks (of 100 ns) after the last. */
const STAMP_BYTES = 29
function runnerStamps(step) {
  let tick = Date.UTC(2026, 0, 1) * 10_000
  return () => {
    tick += step
    return `${new Date(Math.floor(tick / 10_000)).toISOString().slice(0, 19)}.${String(tick % 10_000_000).padStart(7, '0')}Z `
  }
}

// A GitHub job log as the runner writes it: each line stamped with the time it was read
// (advancing 3.7 ms a line), each fixture in a workflow step of its own
// (`##[group]Run docker buildx build ...`), so that its builds are the fixture's.
async function jobLog(file, size, perBuild) {
  const { texts, sum, files } = parts('plain', perBuild)
  const stamp = runnerStamps(37_123)
  const steps = texts.map((t) => ['##[group]Run docker buildx build --progress=plain .', '##[endgroup]', ...t.slice(0, -1).split('\n')])
  const lineCount = steps.reduce((n, lines) => n + lines.length, 0)
  const one = steps.reduce((n, lines) => n + Buffer.byteLength(lines.join('\n')) + 1, 0) + STAMP_BYTES * lineCount
  const copies = Math.ceil(size / one)
  if (!fresh(file, copies * one)) {
    await write(file, copies * one, (i) => steps[i % steps.length].map((l) => `${stamp()}${l}\n`).join(''))
  }
  const builds = sum.builds * copies
  return {
    builds,
    steps: sum.steps * copies,
    cached: sum.cached * copies,
    what: `${copies} copies of ${files} fixtures of ${perBuild / 1000} kB a build or more, each line stamped, each fixture a workflow step: ${builds} builds`
  }
}

// A job log as most are: a step of another program's output (a test runner's, a million lines),
// then a real build's step. The runner's and the test runner's lines are no build's.
const OTHER = [
  '  PASS src/components/button.test.tsx (1.234 s)',
  '    ✓ renders the label (12 ms)',
  '    ✓ calls onClick once when clicked (3 ms)',
  '',
  'Test Suites: 1 passed, 1 total',
  '  console.log',
  '      at Object.<anonymous> (src/util.test.ts:12:13)'
]

async function otherJobLog(file, lines) {
  const e = expected()[ONE]
  const stamp = runnerStamps(3_712)
  const build = readFileSync(join(FIXTURES, ONE), 'utf8').replace(/\n$/, '').split('\n')
  const head = ['##[group]Run npm test', '##[endgroup]']
  const tail = ['##[group]Run docker buildx build --progress=plain .', '##[endgroup]', ...build]
  // each line: its stamp, its text, a newline
  const lineBytes = (l) => STAMP_BYTES + Buffer.byteLength(l) + 1
  const size =
    [...head, ...tail].reduce((n, l) => n + lineBytes(l), 0) +
    Array.from({ length: lines }, (_, i) => lineBytes(OTHER[i % OTHER.length])).reduce((a, b) => a + b, 0)
  if (!fresh(file, size)) {
    const pieces = 2 + Math.ceil(lines / 10_000)
    await write(file, size, (i) => {
      if (i === 0) return head.map((l) => `${stamp()}${l}\n`).join('')
      if (i === pieces - 1) return tail.map((l) => `${stamp()}${l}\n`).join('')
      const from = (i - 1) * 10_000
      return Array.from({ length: Math.min(10_000, lines - from) }, (_, k) => `${stamp()}${OTHER[(from + k) % OTHER.length]}\n`).join('')
    })
  }
  return { builds: e.builds, steps: e.steps, cached: e.cached, what: `${lines} lines of a test runner's output in one step, then ${ONE} in the next` }
}

const fresh = (file, size) => existsSync(file) && statSync(file).size === size

// The issue's logs: 140 MB plain with about 4,200 builds (30 a MB) and 140 MB rawjson with about
// 2,400 (17 a MB), builds that print output. The fixtures whose builds are that large (a RUN's real
// output: multistage, history) make logs of that shape: plain 20 kB a build or more (43 a MB),
// rawjson 40 kB or more (18 a MB). Every fixture repeated makes the dense logs (254 and 52 builds
// a MB, mostly vertex lines): timed for the cost of a build, judged for memory only.
const ISSUE = { plain: 20_000, rawjson: 40_000 }

/** The logs, made once into dir (again only when their size would differ). */
export async function makeLogs(dir, scale = 1) {
  const log = async (key, name, format, grep, perBuild) => {
    const file = join(dir, `${key}.${format}.log`)
    return { key, name, file, grep, ...(await many(file, format, 150 * MB * scale, perBuild)) }
  }
  return [
    await log('many', 'plain, many builds', 'plain', 'CACHED', ISSUE.plain),
    await log('many', 'rawjson, many builds', 'rawjson', '"cached"', ISSUE.rawjson),
    {
      key: 'joblog',
      name: "job log, many builds: the plain log's fixtures with the runner's timestamps",
      file: join(dir, 'many.joblog.log'),
      grep: 'CACHED',
      ...(await jobLog(join(dir, 'many.joblog.log'), 150 * MB * scale, ISSUE.plain))
    },
    {
      key: 'joblog',
      name: "job log, other programs' output: a test step, then one build",
      file: join(dir, 'other.joblog.log'),
      grep: 'CACHED',
      ...(await otherJobLog(join(dir, 'other.joblog.log'), Math.round(1_000_000 * scale)))
    },
    await log('dense', 'plain, dense: every fixture', 'plain', 'CACHED', 0),
    await log('dense', 'rawjson, dense: every fixture', 'rawjson', '"cached"', 0),
    {
      key: 'one',
      name: 'plain, one 1 GB build',
      file: join(dir, 'one.plain.log'),
      grep: 'CACHED',
      ...(await oneBuild(join(dir, 'one.plain.log'), 1000 * MB * scale))
    }
  ]
}
