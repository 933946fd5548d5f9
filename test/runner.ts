import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { ROOT } from './helpers.js'
import { assertRendersOnGitHub, cmarkGfm } from './gfm.js'

/** Every summary a test makes the action write is rendered as GitHub renders it (cmark-gfm): a broken one fails that test. */
const RENDER = cmarkGfm()

export interface RunResult {
  status: number | null
  stdout: string
  outputs: Record<string, string>
  /** What the entry point saved to GITHUB_STATE, which the runner hands to later entry points as STATE_<name>. */
  state: Record<string, string>
  summary: string
  runnerTemp: string
}

export interface RunOptions {
  /** Which bundle: `index` (main) or `pre`. */
  entry?: 'index' | 'pre'
  cwd?: string
  /** State saved by an earlier entry point (pre), passed as STATE_<name> like the runner does. */
  state?: Record<string, string>
  runnerTemp?: string
  /** More of the runner's environment (GITHUB_*, RUNNER_*). */
  env?: Record<string, string>
}

interface Prepared {
  bundle: string
  cwd: string
  env: NodeJS.ProcessEnv
  files: { GITHUB_OUTPUT: string; GITHUB_STEP_SUMMARY: string; GITHUB_STATE: string }
  dir: string
}

/** The runner's contract for one entry point: INPUT_<NAME> (hyphens kept), STATE_<name>, and the GITHUB_* files. */
function prepare(inputs: Record<string, string>, options: RunOptions): Prepared {
  const dir = options.runnerTemp ?? mkdtempSync(join(tmpdir(), 'build-insights-e2e-'))
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), GITHUB_STATE: join(dir, 'state') }
  for (const f of Object.values(files)) writeFileSync(f, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DOCKER_HOST: process.env.DOCKER_HOST,
    DOCKER_CONFIG: process.env.DOCKER_CONFIG,
    ...files,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: options.cwd ?? ROOT
  }
  Object.assign(env, options.env)
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  for (const [k, v] of Object.entries(options.state ?? {})) env[`STATE_${k}`] = v
  const bundle = options.entry === 'pre' ? join(ROOT, 'dist', 'pre', 'index.js') : join(ROOT, 'dist', 'index.js')
  return { bundle, cwd: options.cwd ?? ROOT, env, files, dir }
}

function collect(p: Prepared, status: number | null, stdout: string): RunResult {
  const summary = readFileSync(p.files.GITHUB_STEP_SUMMARY, 'utf8')
  if (RENDER && summary.trim() !== '') assertRendersOnGitHub(summary, expect.getState().currentTestName ?? p.bundle)
  return {
    status,
    stdout,
    outputs: parseFileCommand(readFileSync(p.files.GITHUB_OUTPUT, 'utf8')),
    state: parseFileCommand(readFileSync(p.files.GITHUB_STATE, 'utf8')),
    summary,
    runnerTemp: p.dir
  }
}

/** Runs a committed dist/ entry point as the runner does: INPUT_<NAME> (hyphens kept) and the GITHUB_* files. */
export function runAction(inputs: Record<string, string>, options: RunOptions = {}): RunResult {
  const p = prepare(inputs, options)
  const r = spawnSync(process.execPath, [p.bundle], {
    cwd: p.cwd,
    env: p.env,
    encoding: 'utf8',
    maxBuffer: 64 << 20
  })
  return collect(p, r.status, r.stdout + r.stderr)
}

/**
 * The same without blocking the test's event loop (its loopback servers must answer meanwhile),
 * with the wall time from spawn to exit. A step still running at `killAfterMs` is killed and
 * reported with status null and `hung`, so that a regression fails the test instead of hanging it.
 */
export function runActionAsync(
  inputs: Record<string, string>,
  options: RunOptions & { killAfterMs?: number } = {}
): Promise<RunResult & { wallMs: number; hung: boolean }> {
  const p = prepare(inputs, options)
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [p.bundle], { cwd: p.cwd, env: p.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')))
    child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')))
    let hung = false
    const killer = setTimeout(() => {
      hung = true
      child.kill('SIGKILL')
    }, options.killAfterMs ?? 30_000)
    // close, not exit: the step is over when its output is (a docker left running would hold it)
    child.on('close', (code) => {
      const wallMs = performance.now() - started
      clearTimeout(killer)
      try {
        resolve({ ...collect(p, code, out), wallMs, hung })
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)))
      }
    })
  })
}

/** `name<<delimiter` / value lines / `delimiter`, as @actions/core writes GITHUB_OUTPUT and GITHUB_STATE. */
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!m?.[1] || !m[2]) continue
    const value: string[] = []
    while (++i < lines.length && lines[i] !== m[2]) value.push(lines[i] ?? '')
    out[m[1]] = value.join('\n')
  }
  return out
}
