import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { ROOT } from '../helpers.js'

// What the chaos suite runs the real bundled action against: a fake `docker` first on PATH, and
// loopback HTTP servers standing in for the Actions cache service and the REST API.

/** The `timeout` input every case runs with. */
export const TIMEOUT_S = 3
/** Node's start, the report, a loaded machine: what a bounded step may take beyond its waits. */
export const SLACK_MS = 2500
/** The longest a step may take when something does not answer: the budget, the kill grace (SIGTERM → SIGKILL), the slack. */
export const BOUND_MS = TIMEOUT_S * 1000 + 1000 + SLACK_MS
/** A step that had nothing to wait for must not have waited for the budget. */
export const QUICK_MS = TIMEOUT_S * 1000

const F = join(ROOT, 'test', 'fixtures')
const COLD_ID = 'we5mmz1oxf6xhxh2f1dlnyq8n'

export type DockerBehaviour =
  /** accepts the call and never answers */
  | 'hang'
  /** never answers, and ignores SIGTERM: only SIGKILL ends it */
  | 'hang-ignoring-term'
  /** the daemon is not there */
  | 'fail'
  /** exit 0, bytes that are no answer */
  | 'junk'
  /** answers as docker 28.5 / buildx 0.29 did, each call after `delay` seconds; `build` takes `buildSeconds` */
  | { answer: { delay: number; buildSeconds?: number } }
  /** answers, but `history logs` stops half-way and never ends */
  | 'logs-hang'

function answers(delay: number, buildSeconds: number, logs: string): string {
  return `sleep ${delay}
# buildx --builder <name> …: the name is of no matter here
if [ "$2" = "--builder" ]; then shift 3; set -- buildx "$@"; fi
case "$4" in ${COLD_ID}) phase=cold ;; *) phase=warm ;; esac
case "$*" in
  "buildx version") cat '${F}/buildx/docker28-buildx-version.txt' ;;
  "buildx inspect") cat '${F}/buildx/docker28-inspect.txt' ;;
  "buildx du --verbose") cat '${F}/buildx/docker28-du-verbose.txt' ;;
  "buildx history ls --format json") cat '${F}/buildkit/history/docker28-history-ls.json' ;;
  "buildx history inspect "*) cat "${F}/buildkit/history/docker28-history-$phase.inspect.json" ;;
  "buildx history logs "*) ${logs} ;;
  "buildx build "*) sleep ${buildSeconds}; cat '${F}/buildkit/multistage/docker28-multistage-warm.rawjson.log' >&2 ;;
  *) echo "fake docker: no answer for: $*" >&2; exit 1 ;;
esac`
}

/** A folder holding an executable `docker` (a shell script) that behaves as told; put it first on PATH. */
export function fakeDocker(behaviour: DockerBehaviour): string {
  const bin = mkdtempSync(join(tmpdir(), 'build-insights-chaos-bin-'))
  const fullLogs = `cat "${F}/buildkit/history/docker28-history-$phase.rawjson.log" >&2`
  const body =
    behaviour === 'hang'
      ? 'exec sleep 600'
      : behaviour === 'hang-ignoring-term'
        ? "trap '' TERM\nexec sleep 600"
        : behaviour === 'fail'
          ? 'echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2\nexit 1'
          : behaviour === 'junk'
            ? `printf '\\377\\376\\000{"ID": [garbage\\n\\033[31mNot docker at all\\n'\nprintf '}}}{{{\\000\\n' >&2\nexit 0`
            : behaviour === 'logs-hang'
              ? answers(0, 0, `head -c 3000 "${F}/buildkit/history/docker28-history-$phase.rawjson.log" >&2; exec sleep 600`)
              : answers(behaviour.answer.delay, behaviour.answer.buildSeconds ?? 0, fullLogs)
  const docker = join(bin, 'docker')
  writeFileSync(docker, `#!/bin/sh\n# fake docker for the chaos suite\n${body}\n`)
  chmodSync(docker, 0o755)
  return bin
}

/** PATH with the fake docker first. */
export function pathWith(bin: string): string {
  return `${bin}${delimiter}${process.env.PATH ?? ''}`
}

export type ServerBehaviour = 'hang' | 500 | 'junk'

export interface ChaosServer {
  /** With a trailing slash, as the runner gives ACTIONS_CACHE_URL and ACTIONS_RESULTS_URL. */
  url: string
  /** `METHOD path` of every request that reached it. */
  requests: string[]
  close(): Promise<void>
}

/**
 * A loopback HTTP server that accepts every request and never answers it, answers 500, or answers
 * 200 with bytes that are no JSON. 127.0.0.1 only, a few connections at most, and it closes by
 * itself after `lifeMs` whatever the test does.
 */
export async function chaosServer(behaviour: ServerBehaviour, lifeMs = 30_000): Promise<ChaosServer> {
  const requests: string[] = []
  const held: ServerResponse[] = []
  const server = createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`)
    req.resume()
    if (behaviour === 'hang') held.push(res)
    else if (behaviour === 500) res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"message":"chaos: on purpose"}')
    else res.writeHead(200, { 'Content-Type': 'application/json' }).end('\u0000<html>chaos{{{ not json')
  })
  server.maxConnections = 32
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => {
        resolve()
      })
      server.closeAllConnections()
    })
  setTimeout(() => void close(), lifeMs).unref()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests, close }
}

/** `::warning…::` lines of a step's log, decoded enough to read. */
export function warnings(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('::warning'))
    .map((l) => l.replace(/%25/g, '%'))
}

export function notices(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('::notice'))
    .map((l) => l.replace(/%25/g, '%'))
}
