// How fast the parsers read once warm, against the floor under them: the reading of many builds
// is judged by `npm run bench` as whole processes; this says where that time goes. The sources
// are compiled to a temporary folder (tsc, as the bundle is), then each real fixture is read
// again and again in 512 kB chunks as the action reads a file, and the rate of each pass printed:
// the first passes show V8 warming up, the last what the code costs.
// Usage: node scripts/bench-parse.js [passes=10]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const passes = Number(process.argv[2] ?? 10)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
/** The median rate of the second half of the passes: V8 has warmed up by then. */
const warm = (rates) => median(rates.slice(Math.floor(rates.length / 2))).toFixed(0)
const COPIES = 200
const CHUNK = 512 * 1024
const out = mkdtempSync(join(tmpdir(), 'bench-parse-'))
try {
  execFileSync(resolve('node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', out], { stdio: 'inherit' })
  writeFileSync(join(out, 'package.json'), '{"type":"module"}')
  const { ProgressReader } = await import(pathToFileURL(join(out, 'progress/detect.js')).href)
  const { BuildFold, BUILDS_KEPT } = await import(pathToFileURL(join(out, 'analysis/fold.js')).href)
  const fixture = (name) => readFileSync(join('test/fixtures/buildkit/multistage', name))
  // rawjson copies get digests of their own, as in scripts/bench/logs.js, or they would be one build
  const renumber = (text, copy) => text.replace(/sha256:[0-9a-f]{8}([0-9a-f]{56})/g, (_, rest) => `sha256:${copy.toString(16).padStart(8, '0')}${rest}`)
  const logs = [
    ['plain', Buffer.concat(Array.from({ length: COPIES }, () => fixture('docker28-multistage-cold.plain.log')))],
    ['rawjson', Buffer.from(Array.from({ length: COPIES }, (_, i) => renumber(fixture('docker28-multistage-cold.rawjson.log').toString(), i + 1)).join(''))]
  ]
  for (const [format, bytes] of logs) {
    const rates = []
    const perBuild = []
    for (let p = 1; p <= passes; p++) {
      const t = performance.now()
      const reader = new ProgressReader('bench.log')
      let builds = 0
      for (let at = 0; at < bytes.length; at += CHUNK) {
        reader.write(bytes.subarray(at, at + CHUNK))
        builds += reader.take().length
      }
      builds += reader.end().builds.length
      const ms = performance.now() - t
      rates.push(bytes.length / ms / 1000)
      perBuild.push((ms / builds) * 1000)
      console.log(`${format} pass ${p}: ${builds} builds, ${(bytes.length / ms / 1000).toFixed(0)} MB/s, ${((ms / builds) * 1000).toFixed(1)} µs a build`)
    }
    console.log(`${format} warm: ${warm(rates)} MB/s, ${median(perBuild.slice(Math.floor(passes / 2))).toFixed(1)} µs a build`)
    // what a build past those kept whole costs once read: modelled for its counts and folded
    const reader = new ProgressReader('bench.log')
    reader.write(bytes)
    const raw = reader.end().builds
    const folds = []
    for (let p = 1; p <= passes; p++) {
      const fold = new BuildFold()
      // the kept builds filled first: every build timed is counted, as past the first 100 of a large log
      for (let k = 0; k < BUILDS_KEPT; k++) fold.add(raw[0])
      const t = performance.now()
      for (const b of raw) fold.add(b)
      folds.push(((performance.now() - t) / raw.length) * 1000)
    }
    console.log(`${format} model and fold, warm: ${median(folds.slice(Math.floor(passes / 2))).toFixed(1)} µs a build\n`)
  }
  // The floors: each pass is short, and V8 goes on optimizing such a loop for many of them, so they
  // run three times as many passes and say their best, the least any reader could take.
  const floorPasses = passes * 3
  const best = (rates) => Math.max(...rates).toFixed(0)
  // the floor under plain: lines found and every one that is not step output decoded, nothing else done
  const plain = logs[0][1]
  const floor = []
  for (let p = 1; p <= floorPasses; p++) {
    const t = performance.now()
    let decoded = 0
    for (let at = 0; at < plain.length;) {
      let nl = plain.indexOf(10, at)
      if (nl < 0) nl = plain.length
      let k = at + 1
      while (plain[k] >= 48 && plain[k] <= 57) k++
      const c = plain[k + 1]
      const output = plain[at] === 35 && plain[k] === 32 && c >= 48 && c <= 57
      if (!output && nl > at) decoded += plain.toString('utf8', at, nl).length > 0 ? 1 : 0
      at = nl + 1
    }
    const ms = performance.now() - t
    floor.push(plain.length / ms / 1000)
    console.log(`plain lines found and decoded alone, pass ${p}: ${decoded} lines decoded, ${(plain.length / ms / 1000).toFixed(0)} MB/s of the log`)
  }
  console.log(`plain lines found and decoded alone, warm: ${warm(floor)} MB/s of the log, at best ${best(floor)} MB/s\n`)
  // the floor under rawjson: JSON.parse of the lines that are not step output, nothing else done
  const raw = logs[1][1]
  const rates = []
  for (let p = 1; p <= floorPasses; p++) {
    const t = performance.now()
    let objects = 0
    for (let at = 0; at < raw.length;) {
      let nl = raw.indexOf(10, at)
      if (nl < 0) nl = raw.length
      if (raw[at] === 123 && raw[at + 2] !== 108 /* {"logs" */) objects += JSON.parse(raw.toString('utf8', at, nl)) ? 1 : 0
      at = nl + 1
    }
    const ms = performance.now() - t
    rates.push(raw.length / ms / 1000)
    console.log(`rawjson JSON.parse alone, pass ${p}: ${objects} objects, ${(raw.length / ms / 1000).toFixed(0)} MB/s of the log`)
  }
  console.log(`rawjson JSON.parse alone, warm: ${warm(rates)} MB/s of the log, at best ${best(rates)} MB/s`)
} finally {
  rmSync(out, { recursive: true, force: true })
}
