// A stand-in for GitHub's REST API on a loopback port, for `npm run bench:run-mode`: every
// request is answered after the given milliseconds, with the bodies of test/fixtures/github (the
// shapes of the examples in GitHub's published REST description), routed as
// test/fixtures/github/stand-in.json says (test/e2e-rest.test.ts uses the same); 404 for
// any other. Prints its port, then serves until killed.
// Usage: node scripts/bench/api.js <milliseconds>
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const delay = Number(process.argv[2] ?? 100)
const dir = resolve('test/fixtures/github')
const body = (name) => readFileSync(join(dir, name))
const routes = JSON.parse(readFileSync(join(dir, 'stand-in.json'), 'utf8')).routes.map((r) => [new RegExp(r.url), r.body])
const server = createServer((req, res) => {
  const hit = routes.find(([re]) => re.test(req.url ?? ''))
  setTimeout(() => {
    res.writeHead(hit ? 200 : 404, { 'content-type': 'application/json' }).end(body(hit ? hit[1] : 'basic-error-404.json'))
  }, delay)
})
server.listen(0, '127.0.0.1', () => {
  console.log(server.address().port)
})
