import { describe, expect, test } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from './helpers.js'

// The release flow runs once per release, on GitHub: its scripts are run here, on a real git
// origin, so that a mistake shows before the release it would spoil.

const workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as {
  jobs: Record<string, { steps: { id?: string; name?: string; run?: string }[] }>
}
function script(job: string, name: string): string {
  const step = workflow.jobs[job]?.steps.find((s) => s.name === name)
  if (step?.run === undefined) throw new Error(`release.yml: no step '${name}' in job ${job}`)
  return step.run
}
const bash = (run: string, cwd: string, env: Record<string, string>) =>
  // as GitHub runs a step's script: bash --noprofile --norc -eo pipefail
  spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', run], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8'
  })

describe('CHANGELOG.md in the Keep a Changelog form the release workflow reads', () => {
  const text = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')
  const headings = [...text.matchAll(/^## (.*)$/gm)].map((m) => m[1] ?? '')

  test('[Unreleased] first, then versions with their dates, newest first, each with its link', () => {
    expect(headings[0]).toBe('[Unreleased]')
    const versions = headings.slice(1).map((h) => /^\[(\d+)\.(\d+)\.(\d+)\] - \d{4}-\d{2}-\d{2}$/.exec(h))
    expect(versions.filter((v) => v === null)).toEqual([])
    const order = versions.map((v) => v?.slice(1).map(Number) ?? [])
    expect(order).toEqual([...order].sort((a, b) => (b[0] ?? 0) - (a[0] ?? 0) || (b[1] ?? 0) - (a[1] ?? 0) || (b[2] ?? 0) - (a[2] ?? 0)))
    for (const h of headings) expect(text, h).toMatch(new RegExp(`^${h.replace(/ - .*/, '').replace(/[[\].]/g, '\\$&')}: https://`, 'm'))
  })
})

describe('the release workflow: the version check', () => {
  const run = script('check', "The tag is vX.Y.Z, package.json's version, with its CHANGELOG section")
  function check(tag: string, version: string, changelog: string) {
    const dir = mkdtempSync(join(tmpdir(), 'bi-release-'))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ version }))
    writeFileSync(join(dir, 'CHANGELOG.md'), changelog)
    writeFileSync(join(dir, 'output'), '')
    const r = bash(run, dir, { TAG: tag, GITHUB_OUTPUT: join(dir, 'output') })
    return { status: r.status, out: r.stdout, output: readFileSync(join(dir, 'output'), 'utf8') }
  }
  const LOG = '# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2026-12-01\n\n- a fix\n'

  test('v1.2.3 with its version and section: the tags to move', () => {
    expect(check('v1.2.3', '1.2.3', LOG)).toEqual({ status: 0, out: '', output: 'major=v1\nminor=v1.2\n' })
  })

  test.each([
    { name: 'not vX.Y.Z', tag: 'v1.2', version: '1.2.3', log: LOG, error: 'the tag is not vX.Y.Z' },
    { name: 'a pre-release suffix', tag: 'v1.2.3-rc.1', version: '1.2.3', log: LOG, error: 'the tag is not vX.Y.Z' },
    { name: 'package.json not bumped', tag: 'v1.2.3', version: '1.2.2', log: LOG, error: "package.json's version is 1.2.2" },
    {
      name: 'no CHANGELOG section',
      tag: 'v1.2.3',
      version: '1.2.3',
      log: '## [Unreleased]\n\n- a fix\n',
      error: "CHANGELOG.md has no '## [1.2.3] - YYYY-MM-DD' section"
    }
  ])('$name: an error, nothing to move', ({ tag, version, log, error }) => {
    const r = check(tag, version, log)
    expect(r.status).toBe(1)
    expect(r.out).toContain(`::error title=Release ${tag}::${error}`)
    expect(r.output).toBe('')
  })
})

describe('the release workflow: moving the tags on a real origin', () => {
  const run = script('tags', 'Move the tags')
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()

  /** An origin with one commit per release tag, and a clone of it at `release`, as actions/checkout leaves it. */
  function repo(tags: string[], release: string) {
    const dir = mkdtempSync(join(tmpdir(), 'bi-tags-'))
    const origin = join(dir, 'origin.git')
    const work = join(dir, 'work')
    git(dir, 'init', '-q', '--bare', origin)
    git(dir, 'clone', '-q', origin, work)
    git(work, 'config', 'user.email', 'test@example.com')
    git(work, 'config', 'user.name', 'test')
    const shas: Record<string, string> = {}
    for (const t of tags) {
      git(work, 'commit', '-q', '--allow-empty', '-m', t)
      git(work, 'tag', t)
      shas[t] = git(work, 'rev-parse', 'HEAD')
    }
    git(work, 'push', '-q', 'origin', '--tags')
    git(work, 'checkout', '-q', release)
    /** Tag name to commit, as the origin has them. */
    const remote = (): Record<string, string> => {
      const tags: Record<string, string> = {}
      for (const line of git(work, 'ls-remote', '--tags', 'origin').split('\n')) {
        const [sha = '', ref = ''] = line.split('\t')
        tags[ref.replace('refs/tags/', '')] = sha
      }
      return tags
    }
    return { work, shas, remote }
  }

  test('v1.1.0 after v1.0.0: v1.1 made, v1 moved', () => {
    const r = repo(['v1.0.0', 'v1.1.0'], 'v1.1.0')
    const out = bash(run, r.work, { TAG: 'v1.1.0', MAJOR: 'v1', MINOR: 'v1.1' })
    expect(out.status, out.stderr).toBe(0)
    expect(r.remote()).toMatchObject({ v1: r.shas['v1.1.0'], 'v1.1': r.shas['v1.1.0'] })
    expect(out.stdout).toContain(`moved refs/tags/v1.1 refs/tags/v1 to ${r.shas['v1.1.0'] ?? ''} (v1.1.0)`)
  })

  test('v1.2.4, a patch after v1.3.0: v1.2 moves, v1 stays on v1.3.0', () => {
    const r = repo(['v1.2.3', 'v1.3.0', 'v1.2.4'], 'v1.2.4')
    bash(`git tag v1 v1.3.0 && git tag v1.2 v1.2.3 && git push -q origin v1 v1.2`, r.work, {})
    const out = bash(run, r.work, { TAG: 'v1.2.4', MAJOR: 'v1', MINOR: 'v1.2' })
    expect(out.status, out.stderr).toBe(0)
    expect(r.remote()).toMatchObject({ v1: r.shas['v1.3.0'], 'v1.2': r.shas['v1.2.4'] })
    expect(out.stdout).toContain('::notice title=v1 not moved::v1.3.0 is newer than v1.2.4')
  })

  test('v2.0.0: v2 and v2.0 made, v1 left where users of v1 have it', () => {
    const r = repo(['v1.0.0', 'v2.0.0'], 'v2.0.0')
    bash(`git tag v1 v1.0.0 && git push -q origin v1`, r.work, {})
    expect(bash(run, r.work, { TAG: 'v2.0.0', MAJOR: 'v2', MINOR: 'v2.0' }).status).toBe(0)
    expect(r.remote()).toMatchObject({ v1: r.shas['v1.0.0'], v2: r.shas['v2.0.0'], 'v2.0': r.shas['v2.0.0'] })
  })
})
