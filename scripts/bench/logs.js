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

/** Every fixture of one format, each ending its last line, and the sum of their counts. */
function parts(format) {
  const all = expected()
  const files = Object.keys(all)
    .filter((f) => f.endsWith(`.${format}.log`))
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

/** Repeats every fixture of the format, in order, until the log holds `size` bytes; returns what it must count. */
async function many(file, format, size) {
  const { texts, sum, files } = parts(format)
  const one = texts.join('')
  const copies = Math.ceil(size / Buffer.byteLength(one))
  if (!fresh(file, copies * Buffer.byteLength(one))) {
    await write(file, copies * Buffer.byteLength(one), (i) => (format === 'rawjson' ? renumber(one, i + 1) : one))
  }
  return { builds: sum.builds * copies, steps: sum.steps * copies, cached: sum.cached * copies, what: `${copies} copies of ${files} fixtures` }
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

const fresh = (file, size) => existsSync(file) && statSync(file).size === size

/** The logs, made once into dir (again only when their size would differ). */
export async function makeLogs(dir, scale = 1) {
  return [
    { name: 'plain, many builds', file: join(dir, 'many.plain.log'), grep: 'CACHED', ...(await many(join(dir, 'many.plain.log'), 'plain', 150 * MB * scale)) },
    {
      name: 'rawjson, many builds',
      file: join(dir, 'many.rawjson.log'),
      grep: '"cached"',
      ...(await many(join(dir, 'many.rawjson.log'), 'rawjson', 150 * MB * scale))
    },
    { name: 'plain, one 1 GB build', file: join(dir, 'one.plain.log'), grep: 'CACHED', ...(await oneBuild(join(dir, 'one.plain.log'), 1000 * MB * scale)) }
  ]
}
