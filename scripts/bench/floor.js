// The least a reader written in Node does on a log, timed by `npm run bench` as a whole process
// against grep, as the action is: where the targets stand against Node itself.
// Usage: node scripts/bench/floor.js read|lines|json FILE
//   read   start, and read the file in 1 MiB chunks
//   lines  that, and find every line's end (Buffer.indexOf)
//   json   that, and JSON.parse each line that is one object and not step output ({"logs":[...]})
import { openSync, readSync } from 'node:fs'

const [mode, file] = process.argv.slice(2)
const fd = openSync(file, 'r')
const chunk = Buffer.allocUnsafe(1 << 20)
const LOGS = Buffer.from('{"logs":[')
let carry = Buffer.alloc(0)
let count = 0
for (;;) {
  const n = readSync(fd, chunk, 0, chunk.length, null)
  if (n <= 0) break
  if (mode === 'read') {
    count += n
    continue
  }
  const buf = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n)
  let start = 0
  for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
    count++
    if (mode === 'json' && buf[start] === 123 && buf[nl - 1] === 125 && buf.compare(LOGS, 0, LOGS.length, start, start + LOGS.length) !== 0) {
      try {
        JSON.parse(buf.toString('utf8', start, nl))
      } catch {
        // not one object (`}{`, an indented one's line): the reader scans those
      }
    }
    start = nl + 1
  }
  carry = Buffer.from(buf.subarray(start))
}
// printed, so that no step above is left out as unused
console.log(count)
