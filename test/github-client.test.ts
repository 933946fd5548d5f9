import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { githubRequest, lazyRequest } from '../src/github/client.js'
import { call, why, type GitHubRequest } from '../src/github/request.js'
import { Deadline } from '../src/deadline.js'

// The real octokit against a loopback server that accepts every request and answers none, or 500.
let server: Server
const before = process.env.GITHUB_API_URL
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.includes('/fails') === true) res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"message":"on purpose"}')
    // else: never answer
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // read by @actions/github when githubRequest first loads it
  process.env.GITHUB_API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  if (before === undefined) Reflect.deleteProperty(process.env, 'GITHUB_API_URL')
  else process.env.GITHUB_API_URL = before
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('githubRequest under a deadline', () => {
  test('a server that never answers: no answer within the budget, said as such, not as HTTP 500', async () => {
    const request = await githubRequest('token', new Deadline(0.3))
    const started = Date.now()
    const a = await call(request, 'GET /repos/{owner}/{repo}/actions/cache/usage', { owner: 'o', repo: 'r' })
    expect(Date.now() - started).toBeLessThan(1500)
    expect(a).toMatchObject({ status: 0, timedOut: true })
    expect(why(a)).toBe('the REST API did not answer within 0.3s')
    // spent: the next call is not even sent
    expect(await call(request, 'GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })).toMatchObject({ status: 0, timedOut: true })
  })

  test('an answer within the budget counts as it is', async () => {
    const request = await githubRequest('token', new Deadline(5))
    const a = await call(request, 'GET /fails', {})
    expect(a).toMatchObject({ status: 500, data: { message: 'on purpose' } })
    expect(a.timedOut).toBeUndefined()
  })
})

describe('lazyRequest', () => {
  const answer: GitHubRequest = (route) => Promise.resolve({ status: 200, data: route })

  test('made on the first request, once, and every request goes to it', async () => {
    let made = 0
    const request = lazyRequest(() => {
      made++
      return Promise.resolve(answer)
    })
    expect(made).toBe(0)
    const [a, b] = await Promise.all([request('GET /a', {}), request('GET /b', {})])
    expect([a.data, b.data]).toEqual(['GET /a', 'GET /b'])
    expect((await request('GET /c', {})).data).toBe('GET /c')
    expect(made).toBe(1)
  })

  test('a client that cannot be made fails each request, told by call()', async () => {
    const request = lazyRequest(() => Promise.reject(new Error('octokit could not be loaded')))
    expect(await call(request, 'GET /d', {})).toEqual({ status: 0, data: undefined, error: 'octokit could not be loaded' })
    expect(await call(request, 'GET /e', {})).toEqual({ status: 0, data: undefined, error: 'octokit could not be loaded' })
    // a maker that throws rather than rejects is the same
    const throwing = lazyRequest(() => {
      throw new Error('no module')
    })
    expect(await call(throwing, 'GET /f', {})).toEqual({ status: 0, data: undefined, error: 'no module' })
  })
})
