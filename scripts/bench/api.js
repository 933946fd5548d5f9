// A stand-in for GitHub's REST API on a loopback port, for `npm run bench:run-mode`: every
// request is answered after the given milliseconds, with the bodies recorded from GitHub in
// test/fixtures/github (cache usage, its limit, the cache listings, the run's jobs, the
// workflow's runs). Prints its port, then serves until killed.
// Usage: node scripts/bench/api.js <milliseconds>
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const delay = Number(process.argv[2] ?? 100)
const body = (name) => readFileSync(join(resolve('test/fixtures/github'), name))
const routes = [
  [/\/actions\/cache\/usage$/, 'actions-cache-usage.json'],
  [/\/actions\/cache\/storage-limit$/, 'actions-cache-storage-limit.json'],
  [/\/actions\/caches\?.*key=index-/, 'actions-caches-list-buildkit-index.json'],
  [/\/actions\/caches\?/, 'actions-caches-list-buildkit-blobs.json'],
  [/\/actions\/runs\/\d+\/(attempts\/\d+\/)?jobs/, 'jobs-in-progress.json'],
  [/\/actions\/workflows\/[^/]+\/runs/, 'workflow-runs-30-days.json']
]
const server = createServer((req, res) => {
  const hit = routes.find(([re]) => re.test(req.url ?? ''))
  setTimeout(() => {
    res.writeHead(hit ? 200 : 404, { 'content-type': 'application/json' }).end(body(hit ? hit[1] : 'basic-error-404.json'))
  }, delay)
})
server.listen(0, '127.0.0.1', () => {
  console.log(server.address().port)
})
