// Would reading a large log on two threads be faster? The action reads a log on one thread; this
// times that against the same log cut in two at a line end, the first half read on the main
// thread while a worker thread (started here, its start-up counted) reads the second, each into
// a fold of its own. The counts of a cut log differ by the build that is cut: only time is
// compared. Each pair is run in turn, one thread then two, and the medians printed.
// Usage: node scripts/bench-threads.js [rounds=5] [dir=$TMPDIR/build-insights-bench]
import { execFileSync } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { makeLogs } from './bench/logs.js'

const rounds = Number(process.argv[2] ?? 5)
const dir = resolve(process.argv[3] ?? join(tmpdir(), 'build-insights-bench'))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const out = mkdtempSync(join(tmpdir(), 'bench-threads-'))

// Reads bytes [from, to) of a file as the action reads a log, into a fold; the same text serves the worker.
const READ = `
import { closeSync, openSync, readSync } from 'node:fs'
import { ProgressReader } from './progress/detect.js'
import { BuildFold } from './analysis/fold.js'
export function read(file, from, to) {
  const fd = openSync(file, 'r')
  const buf = Buffer.allocUnsafe(1 << 20)
  const reader = new ProgressReader(file)
  const fold = new BuildFold()
  for (let at = from; at < to; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, to - at), at)
    if (n <= 0) break
    at += n
    reader.write(buf.subarray(0, n))
    for (const b of reader.take()) fold.add(b)
  }
  for (const b of reader.end().builds) fold.add(b)
  closeSync(fd)
  return fold.kept.length + fold.countedOnly
}
`
const WORKER = `
import { parentPort, workerData } from 'node:worker_threads'
import { read } from './read.js'
parentPort.postMessage(read(workerData.file, workerData.from, workerData.to))
`

try {
  execFileSync(resolve('node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', out], { stdio: 'inherit' })
  writeFileSync(join(out, 'package.json'), '{"type":"module"}')
  writeFileSync(join(out, 'read.js'), READ)
  writeFileSync(join(out, 'worker.js'), WORKER)
  const { read } = await import(pathToFileURL(join(out, 'read.js')).href)
  mkdirSync(dir, { recursive: true })
  const logs = (await makeLogs(dir)).filter((l) => l.key === 'many')

  /** The first line end at or after the middle of the file. */
  const middle = (file) => {
    const size = statSync(file).size
    const fd = openSync(file, 'r')
    const probe = Buffer.alloc(1 << 20)
    const n = readSync(fd, probe, 0, probe.length, Math.floor(size / 2))
    closeSync(fd)
    const nl = probe.subarray(0, n).indexOf(10)
    return { size, cut: nl < 0 ? size : Math.floor(size / 2) + nl + 1 }
  }
  const one = (file, size) => {
    const t = performance.now()
    read(file, 0, size)
    return performance.now() - t
  }
  const two = async (file, size, cut) => {
    const t = performance.now()
    const worker = new Worker(join(out, 'worker.js'), { workerData: { file, from: cut, to: size } })
    const second = new Promise((done, fail) => {
      worker.once('message', done)
      worker.once('error', fail)
    })
    read(file, 0, cut)
    await second
    await worker.terminate()
    return performance.now() - t
  }

  console.log(`node ${process.version}, ${rounds} rounds, one thread then two in turn, after one of each not counted`)
  for (const log of logs) {
    const { size, cut } = middle(log.file)
    one(log.file, size)
    await two(log.file, size, cut)
    const ones = []
    const twos = []
    for (let r = 0; r < rounds; r++) {
      ones.push(one(log.file, size))
      twos.push(await two(log.file, size, cut))
    }
    const ratios = twos.map((t, i) => t / ones[i])
    console.log(
      `${log.name}: one thread median ${median(ones).toFixed(0)} ms, two threads ${median(twos).toFixed(0)} ms, two / one median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`
    )
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
