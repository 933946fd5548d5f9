import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './helpers.js'

export interface RunResult {
  status: number | null
  stdout: string
  outputs: Record<string, string>
  summary: string
  runnerTemp: string
}

/** Runs the committed dist/index.js as the runner does: INPUT_<NAME> (hyphens kept) and the GITHUB_* files. */
export function runAction(inputs: Record<string, string>): RunResult {
  const dir = mkdtempSync(join(tmpdir(), 'build-insights-e2e-'))
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), GITHUB_STATE: join(dir, 'state') }
  for (const f of Object.values(files)) writeFileSync(f, '')
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...files, RUNNER_TEMP: dir, GITHUB_WORKSPACE: ROOT }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'index.js')], { cwd: ROOT, env, encoding: 'utf8' })
  return { status: r.status, stdout: r.stdout + r.stderr, outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')), summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), runnerTemp: dir }
}

/** `name<<delimiter` / value lines / `delimiter`, as @actions/core writes GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
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
