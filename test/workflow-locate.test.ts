import { describe, expect, test } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseWorkflowRef, pathInfo, workflowPath, type PathInfo, type WorkflowPath } from '../src/workflow/locate.js'

const REF = 'acme/app/.github/workflows/ci.yml@refs/heads/main'
const why = (w: WorkflowPath) => ('problem' in w ? w.problem.message : undefined)

describe('GITHUB_WORKFLOW_REF', () => {
  test.each([
    [REF, { repository: 'acme/app', path: '.github/workflows/ci.yml', ref: 'refs/heads/main' }],
    ['acme/app/.github/workflows/release.yaml@refs/pull/7/merge', { repository: 'acme/app', path: '.github/workflows/release.yaml', ref: 'refs/pull/7/merge' }],
    ['acme/app/.github/workflows/sub/dir.yml@v1.2.0', { repository: 'acme/app', path: '.github/workflows/sub/dir.yml', ref: 'v1.2.0' }],
    ['acme/app/.github/workflows/ci.yml@0123456789abcdef0123456789abcdef01234567', { ref: '0123456789abcdef0123456789abcdef01234567' }]
  ])('%s', (value, parts) => {
    expect(parseWorkflowRef(value)).toMatchObject(parts)
  })

  test.each([
    '',
    'ci.yml',
    'acme/app/.github/workflows/ci.yml',
    'acme/app/ci.yml@refs/heads/main',
    'acme/.github/workflows/ci.yml@main',
    'acme/app/.github/workflows/ci.txt@main'
  ])('not one: "%s"', (value) => {
    expect(parseWorkflowRef(value)).toBeUndefined()
  })
})

describe('the workflow file in the workspace, from the environment', () => {
  // a file system of regular files, directories and links, as the caller's `info` would see it
  const files: Record<string, PathInfo> = {
    '/home/runner/work/app/app': { realPath: '/home/runner/work/app/app', regularFile: false },
    '/home/runner/work/app/app/.github/workflows/ci.yml': { realPath: '/home/runner/work/app/app/.github/workflows/ci.yml', regularFile: true },
    '/home/runner/work/app/app/.github/workflows/out.yml': { realPath: '/etc/passwd', regularFile: true },
    '/home/runner/work/app/app/.github/workflows/dir.yml': { realPath: '/home/runner/work/app/app/.github/workflows/dir.yml', regularFile: false }
  }
  const info = (p: string) => files[p]
  const env = { GITHUB_WORKFLOW_REF: REF, GITHUB_WORKSPACE: '/home/runner/work/app/app', GITHUB_REPOSITORY: 'acme/app' }

  test('a workflow of the repository checked out: its path', () => {
    expect(workflowPath(env, info)).toEqual({ path: '/home/runner/work/app/app/.github/workflows/ci.yml', relative: '.github/workflows/ci.yml' })
    // owner and repository names are not case-sensitive on GitHub
    expect(workflowPath({ ...env, GITHUB_REPOSITORY: 'ACME/App' }, info)).toMatchObject({ relative: '.github/workflows/ci.yml' })
  })

  test.each([
    ['no GITHUB_WORKFLOW_REF', { GITHUB_WORKFLOW_REF: undefined }, 'GITHUB_WORKFLOW_REF is not set'],
    ['no workspace', { GITHUB_WORKSPACE: '' }, 'GITHUB_WORKSPACE is not an absolute path'],
    ['a relative workspace', { GITHUB_WORKSPACE: 'app' }, 'GITHUB_WORKSPACE is not an absolute path'],
    ['a ref of no workflow file', { GITHUB_WORKFLOW_REF: 'acme/app@refs/heads/main' }, 'does not name a file under .github/workflows'],
    [
      "another repository's workflow",
      { GITHUB_WORKFLOW_REF: 'acme/shared/.github/workflows/build.yml@v1' },
      'the workflow is of acme/shared, and the workspace holds acme/app'
    ],
    ['a path out of the workspace', { GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/../../../x.yml@main' }, 'is outside the workspace'],
    ['a file not there (no checkout)', { GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/gone.yml@main' }, 'is not in the workspace'],
    ['a link out of the workspace', { GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/out.yml@main' }, 'leads outside the workspace'],
    ['a directory', { GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/dir.yml@main' }, 'is not a regular file']
  ])('%s: none, and a notice saying why', (_, change, message) => {
    const w = workflowPath({ ...env, ...change }, info)
    expect(w).toMatchObject({ problem: { code: 'workflow-file-unknown', severity: 'notice' } })
    expect(why(w)).toContain(message)
  })
})

const made = (() => {
  const root = mkdtempSync(join(tmpdir(), 'build-insights-workflow-'))
  const workspace = join(root, 'work')
  const workflows = join(workspace, '.github', 'workflows')
  mkdirSync(workflows, { recursive: true })
  writeFileSync(join(workflows, 'ci.yml'), 'on: push\n')
  writeFileSync(join(root, 'secret.yml'), 'token: x\n')
  mkdirSync(join(workflows, 'dir.yml'))
  symlinkSync(join(root, 'secret.yml'), join(workflows, 'out.yml'))
  symlinkSync('ci.yml', join(workflows, 'alias.yml'))
  symlinkSync(workspace, join(root, 'linked-work'))
  const fifo = process.platform !== 'win32' && spawnSync('mkfifo', [join(workflows, 'fifo.yml')]).status === 0
  return { root, workspace, fifo }
})()

describe.skipIf(process.platform === 'win32')('on a real file system (pathInfo)', () => {
  const at = (file: string, workspace = made.workspace) =>
    workflowPath({ GITHUB_WORKFLOW_REF: `acme/app/.github/workflows/${file}@refs/heads/main`, GITHUB_WORKSPACE: workspace }, pathInfo)

  test('a regular file, and a link to one inside the workspace, are read', () => {
    expect(at('ci.yml')).toEqual({ path: join(made.workspace, '.github/workflows/ci.yml'), relative: '.github/workflows/ci.yml' })
    expect(at('alias.yml')).toMatchObject({ relative: '.github/workflows/alias.yml' })
    // a workspace reached through a link is still the workspace
    expect(at('ci.yml', join(made.root, 'linked-work'))).toMatchObject({ relative: '.github/workflows/ci.yml' })
  })

  test.each([
    ['out.yml', 'leads outside the workspace'],
    ['dir.yml', 'is not a regular file'],
    ['missing.yml', 'is not in the workspace']
  ])('%s: none (%s)', (file, message) => {
    expect(why(at(file))).toContain(message)
  })

  test.skipIf(!made.fifo)('a FIFO: none, and nothing waits on it', () => {
    expect(why(at('fifo.yml'))).toContain('is not a regular file')
  })
})
