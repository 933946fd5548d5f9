import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { ROOT } from './helpers.js'

/** Azurite's well-known development account (https://learn.microsoft.com/azure/storage/common/storage-use-azurite). */
export const ACCOUNT = 'devstoreaccount1'
export const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
/** The host the signed URLs name, as GitHub's do: @actions/cache downloads with the Azure SDK only from `*.blob.core.windows.net`. */
export const BLOB_HOST = `${ACCOUNT}.blob.core.windows.net`

export interface Azurite {
  /** Path-style endpoint of the account, for the test's own admin client: `http://127.0.0.1:<port>/devstoreaccount1`. */
  endpoint: string
  port: number
  stop(): Promise<void>
}

/** Azurite's blob service (the npm package: Microsoft's emulator, a real blob store) in memory, on a free loopback port, without telemetry. */
export async function startAzurite(): Promise<Azurite> {
  const main = join(ROOT, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js')
  const args = ['--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--extentMemoryLimit', '64', '--disableTelemetry', '--silent']
  // @actions/cache's @azure/storage-blob may speak a newer API version than this Azurite knows
  args.push('--skipApiVersionCheck', '--loose')
  const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  // not left behind by a test process that ends without its afterAll
  const orphan = (): void => {
    child.kill('SIGKILL')
  }
  process.once('exit', orphan)
  child.once('exit', () => process.off('exit', orphan))
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => {
      reject(new Error(`Azurite did not start within 20s:\n${out}`))
    }, 20_000)
    const read = (b: Buffer): void => {
      out += b.toString('utf8')
      const m = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Azurite exited (${String(code)}):\n${out}`))
    })
  })
  return { endpoint: `http://127.0.0.1:${port}/${ACCOUNT}`, port, stop: () => stopChild(child) }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve()
    })
    child.kill('SIGKILL')
  })
}

export interface BlobHost {
  /** Give it as HTTP_PROXY, with NO_PROXY=127.0.0.1 for everything else. */
  proxy: string
  /** `METHOD /container/blob?comp=...`, as the library asked the blob store. */
  requests: string[]
  close(): Promise<void>
}

/**
 * `*.blob.core.windows.net` on loopback: an HTTP forward proxy that hands every request to Azurite
 * as it came, host name included (Azurite reads the account from it). What a resolver would do for
 * the real host, without touching one. With Azurite stopped, the connection is cut, as a blob store
 * that is down cuts it.
 */
export async function startBlobHost(azurite: Azurite): Promise<BlobHost> {
  const requests: string[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${BLOB_HOST}`)
    const comp = url.searchParams.get('comp')
    requests.push(`${req.method ?? ''} ${url.pathname}${comp === null ? '' : `?comp=${comp}`}`)
    if (url.hostname !== BLOB_HOST) {
      res.writeHead(502).end(`not the blob host: ${url.hostname}`)
      return
    }
    const upstream = request({ host: '127.0.0.1', port: azurite.port, method: req.method, path: url.pathname + url.search, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.socket?.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => {
        resolve()
      })
      server.closeAllConnections()
    })
  return { proxy: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close }
}
