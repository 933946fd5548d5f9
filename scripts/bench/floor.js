// The least a reader written in Node does on a log, timed by `npm run bench` as a whole process
// against grep, as the action is: where the targets stand against Node itself.
// Usage: node scripts/bench/floor.js read|lines|json FILE
//   read   start, and read the file in 1 MiB chunks
//   lines  that, and find every line's end: a line of step output (`#12 0.088 text`, most of a
//          plain log's bytes) told by its first bytes and passed over with Buffer.indexOf, any other
//          walked byte by byte (faster than a Buffer.indexOf call for each of them)
//   json   that, and JSON.parse each line that is one object and not step output ({"logs":[...]})
import { openSync, readSync } from 'node:fs'

const [mode, file] = process.argv.slice(2)
const fd = openSync(file, 'r')
const chunk = Buffer.allocUnsafe(1 << 20)
const LOGS = Buffer.from('{"logs":[')
let count = 0

function line(buf, start, end) {
  count++
  if (mode !== 'json' || buf[start] !== 123 || buf[end - 1] !== 125 || buf.compare(LOGS, 0, LOGS.length, start, start + LOGS.length) === 0) return
  try {
    JSON.parse(buf.toString('utf8', start, end))
  } catch {
    // not one object (`}{`, an indented one's line): the reader scans those
  }
}

/** Where the line from i ends (its newline), or -1 when the buffer ends first. */
function plainLineEnd(buf, i) {
  const n = buf.length
  let j = i
  if (buf[j] === 35 /* # */) {
    j++
    while (j < n && buf[j] >= 48 && buf[j] <= 57) j++
    if (buf[j] === 32 && buf[j + 1] >= 48 && buf[j + 1] <= 57) return buf.indexOf(10, j)
  }
  while (j < n && buf[j] !== 10) j++
  return j < n ? j : -1
}

const end = mode === 'lines' ? plainLineEnd : (buf, i) => buf.indexOf(10, i)

// a line cut by the chunk's end: its bytes, joined once it ends
let carry = []
for (;;) {
  const n = readSync(fd, chunk, 0, chunk.length, null)
  if (n <= 0) break
  if (mode === 'read') {
    count += n
    continue
  }
  const view = chunk.subarray(0, n)
  let start = 0
  if (carry.length > 0) {
    const nl = view.indexOf(10)
    if (nl < 0) {
      carry.push(Buffer.from(view))
      continue
    }
    const joined = Buffer.concat([...carry, view.subarray(0, nl)])
    line(joined, 0, joined.length)
    carry = []
    start = nl + 1
  }
  for (let nl = end(view, start); nl >= 0; nl = end(view, start)) {
    line(view, start, nl)
    start = nl + 1
  }
  if (start < n) carry.push(Buffer.from(view.subarray(start)))
}
// printed, so that no step above is left out as unused
console.log(count)
