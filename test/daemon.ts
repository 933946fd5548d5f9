import { execFileSync, spawnSync } from 'node:child_process'

/** Whether the BuildKit daemon started by `.ci/run` (or by hand) answers. */
export function daemonAnswers(): boolean {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 })
  return r.status === 0 && r.stdout.trim() !== ''
}

/**
 * In CI the daemon is part of the test set-up: its absence fails the run. Elsewhere the
 * integration tests are skipped with a message that says how to start it.
 */
export function requireDaemon(): boolean {
  if (daemonAnswers()) return true
  const how = 'start it with: eval "$(../shared/tools/buildkit-daemon up)"'
  if (process.env.CI === 'true') throw new Error(`the BuildKit daemon does not answer (DOCKER_HOST=${process.env.DOCKER_HOST ?? ''}); ${how}`)
  console.warn(`integration tests skipped: no BuildKit daemon; ${how}`)
  return false
}

/** Runs a build and returns its progress output (stderr, where buildx writes it) and exit code. */
export function buildx(args: string[], cwd: string): { log: string; status: number } {
  const r = spawnSync('docker', ['buildx', 'build', '--network=none', ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 })
  return { log: r.stderr, status: r.status ?? -1 }
}

export function pruneBuildCache(): void {
  execFileSync('docker', ['buildx', 'prune', '-af'], { stdio: 'ignore' })
}
