import { describe, expect, test } from 'vitest'
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readLogFiles } from '../src/sources/log-files.js'
import { modelBuilds } from '../src/pipeline.js'
import { analyse } from '../src/analysis/analyse.js'
import { explain } from '../src/analysis/explain.js'
import type { RootCause } from '../src/analysis/root-causes.js'
import { toEntry } from '../src/baseline/entry.js'
import { readBuildContexts } from '../src/dockerfile/read.js'
import { SCHEMA_VERSION } from '../src/report/schema.js'
import type { Build } from '../src/model/build.js'
import { fixture, memoryIO, noDocker } from './helpers.js'
import { run } from '../src/main.js'
import type { Report } from '../src/report/report.js'
import { fillCacheSettings } from '../src/analysis/cache-settings.js'
import { parseCacheEntry } from '../src/workflow/cache-entry.js'

// Each pair: the baseline run's log read with the context as it was, then the other log with the
// context changed as the fixture's capture.sh changed it; the files are hashed from a copy of the
// fixture folder, so the causes name what capture.sh changed.

/** The fixture folder without its logs, in a temporary directory. */
function contextCopy(folder: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bi-${folder}-`))
  const src = fixture(folder)
  for (const name of readdirSync(src)) if (!name.endsWith('.log')) cpSync(join(src, name), join(dir, name), { recursive: true })
  return dir
}

async function read(rel: string, context: string): Promise<{ builds: Build[]; files: ReturnType<typeof readBuildContexts>['files'] }> {
  const builds = modelBuilds((await readLogFiles([fixture(rel)])).builds)
  const { files } = readBuildContexts(builds, { context, dockerfile: '', cwd: context })
  return { builds, files }
}

interface Pair {
  folder: string
  baseline?: string
  log: string
  /** What capture.sh changed between the two, relative to the context. */
  change?: Record<string, string>
  noCache?: string[]
}

async function causesOf(p: Pair, format: string) {
  const context = contextCopy(p.folder)
  try {
    const base = p.baseline === undefined ? undefined : await read(`${p.folder}/${p.baseline}.${format}.log`, context)
    const entry = base && toEntry({ ...analyse(base.builds), generatedAt: '2026-11-29T00:00:00Z', schemaVersion: SCHEMA_VERSION })
    for (const [f, text] of Object.entries(p.change ?? {})) writeFileSync(join(context, f), text)
    const now = await read(`${p.folder}/${p.log}.${format}.log`, context)
    const noCache = p.noCache
    const out = explain(now.builds, {
      files: now.files,
      baseline: entry,
      imports: (b) => b.cacheTransfer?.imports ?? [],
      ...(noCache ? { noCache: () => noCache } : {})
    })
    return { ...out, builds: now.builds }
  } finally {
    rmSync(context, { recursive: true, force: true })
  }
}

const row = (c: RootCause) =>
  [
    c.code,
    `${c.step.stage} ${String(c.step.index)}/${String(c.step.count)} ${c.step.instruction}`,
    `line ${String(c.line)}`,
    `+${String(c.cascade.length)}`,
    ...(c.files ?? []),
    ...(c.args ?? []),
    c.backend ?? ''
  ]
    .join(' | ')
    .replace(/ \| $/, '')

/** Every step that ran is under one cause, and the causes' time is theirs. */
function expectAllCounted(causes: RootCause[], builds: Build[]) {
  const ran = builds.flatMap((b) => b.steps.filter((s) => !s.cached))
  expect(causes.reduce((t, c) => t + 1 + c.cascade.length, 0)).toBe(ran.length)
  expect(causes.reduce((t, c) => t + c.seconds, 0)).toBeCloseTo(
    ran.reduce((t, s) => t + s.seconds, 0),
    0
  )
}

const README = '# rootcause\n\nA project whose image is built from its manifest, then its sources. Now with a badge.\n'

const pairs: [string, Pair, string[]][] = [
  [
    'warm → source change',
    {
      folder: 'rootcause',
      baseline: 'docker28-rootcause-warm',
      log: 'docker28-rootcause-source',
      change: { 'src/app.py': 'def main():\n    print("app v2")\n' }
    },
    ['files-changed | build 1/2 COPY | line 8 | +2 | src/app.py']
  ],
  [
    'warm → dependency change',
    {
      folder: 'rootcause',
      baseline: 'docker28-rootcause-warm',
      log: 'docker28-rootcause-deps',
      change: { 'pyproject.toml': '[project]\nname = "rootcause"\nversion = "1.0"\ndependencies = ["requests==2.32.4"]\n' }
    },
    ['files-changed | deps 3/4 COPY | line 3 | +3 | pyproject.toml']
  ],
  [
    'warm → README change behind COPY pyproject.toml README.md ./',
    { folder: 'rootcause', baseline: 'docker28-rootcause-warm', log: 'docker28-rootcause-readme', change: { 'README.md': README } },
    ['files-changed | deps 3/4 COPY | line 3 | +3 | README.md']
  ],
  [
    'warm → build arg',
    { folder: 'rootcause', baseline: 'docker28-rootcause-warm', log: 'docker28-rootcause-buildarg' },
    ['build-arg-changed | build 2/2 RUN | line 9 | +0 | VERSION']
  ],
  [
    'warm → instruction edited (Dockerfile.instruction)',
    { folder: 'rootcause', baseline: 'docker28-rootcause-warm', log: 'docker28-rootcause-instruction' },
    ['instruction-changed | deps 4/4 RUN | line 4 | +2']
  ],
  [
    'warm → --no-cache-filter build',
    { folder: 'rootcause', baseline: 'docker28-rootcause-warm', log: 'docker28-rootcause-nocachefilter', noCache: ['build'] },
    ['never-cached | build 1/2 COPY | line 8 | +1']
  ],
  [
    'cold, import from an empty directory',
    { folder: 'cacheexport', log: 'docker28-cacheexport-empty-import' },
    ['cache-not-available | deps 2/4 WORKDIR | line 2 | +4 | local', 'cache-not-available | runtime 2/3 WORKDIR | line 11 | +1 | local']
  ],
  [
    'cold, gha import answered 502',
    { folder: 'cacheexport', log: 'docker28-cacheexport-gha-import' },
    ['cache-not-available | deps 2/4 WORKDIR | line 2 | +4 | gha', 'cache-not-available | runtime 2/3 WORKDIR | line 11 | +1 | gha']
  ],
  [
    'import after prune, mode=max, source changed',
    {
      folder: 'cacheexport',
      baseline: 'docker28-cacheexport-max-import',
      log: 'docker28-cacheexport-max-import-source',
      change: { 'src/app.py': 'def main():\n    print("app v2")\n' }
    },
    ['files-changed | build 1/2 COPY | line 7 | +2 | src/app.py']
  ],
  [
    'import after prune, mode=min, source changed',
    {
      folder: 'cacheexport',
      baseline: 'docker28-cacheexport-min-import',
      log: 'docker28-cacheexport-min-import-source',
      change: { 'src/app.py': 'def main():\n    print("app v2")\n' }
    },
    ['cache-not-available | deps 2/4 WORKDIR | line 2 | +5 | local']
  ]
]

describe.each(['plain', 'rawjson'])('root causes of real fixture pairs (%s)', (format) => {
  test.each(pairs)('%s', async (_name, pair, want) => {
    const { rootCauses, builds } = await causesOf(pair, format)
    expect(rootCauses.map(row).sort()).toEqual([...want].sort())
    expectAllCounted(rootCauses, builds)
  })

  test('the README finding on line 3 carries the cost of the reinstall it caused', async () => {
    const { rootCauses, findings } = await causesOf(
      { folder: 'rootcause', baseline: 'docker28-rootcause-warm', log: 'docker28-rootcause-readme', change: { 'README.md': README } },
      format
    )
    const f = findings.find((x) => x.code === 'manifest-with-other-files')
    expect(f).toMatchObject({ file: 'Dockerfile', line: 3, causes: [1] })
    expect(f?.seconds).toBe(rootCauses[0]?.seconds)
    expect(f?.seconds).toBeGreaterThan(1)
  })
})

describe('the workflow running the job, read by the action from the workspace', () => {
  test.each(['plain', 'rawjson'])('mode=min in the workflow is the likely cause of the deps stage missing after an import (%s)', async (format) => {
    const workspace = contextCopy('cacheexport')
    try {
      mkdirSync(join(workspace, '.github', 'workflows'), { recursive: true })
      copyFileSync(fixture('../workflows/cache-export-mode-min.yml'), join(workspace, '.github', 'workflows', 'images.yml'))
      const m = memoryIO(
        { 'log-files': fixture(`cacheexport/docker28-cacheexport-min-import-source.${format}.log`), du: 'false', 'github-token': '' },
        {
          cwd: workspace,
          env: {
            GITHUB_ACTIONS: 'true',
            GITHUB_WORKSPACE: workspace,
            GITHUB_REPOSITORY: 'acme/app',
            GITHUB_WORKFLOW_REF: 'acme/app/.github/workflows/images.yml@refs/heads/main',
            GITHUB_JOB: 'build',
            RUNNER_TEMP: workspace
          }
        }
      )
      await run(m.io, noDocker)
      const report = JSON.parse(Object.values(m.files)[0] ?? '{}') as Report
      expect(report.rootCauses.map(row)).toEqual(['cache-not-available | deps 2/4 WORKDIR | line 2 | +5 | local'])
      // every export in the job writes mode=min: type=gha by default (line 32), the registry's by its mode=min (line 33), the
      // worker's by default (line 39); the log's image (fixture/cacheexport) is tagged by none of the steps, so none is ruled out
      const minMode = report.findings.filter((f) => f.code === 'cache-export-mode-min' && f.causes.length > 0)
      expect(minMode.map((f) => [f.source, f.file, f.line, f.causes])).toEqual([
        ['workflow', '.github/workflows/images.yml', 32, [1]],
        ['workflow', '.github/workflows/images.yml', 33, [1]],
        ['workflow', '.github/workflows/images.yml', 39, [1]]
      ])
      expect(minMode[0]?.seconds).toBe(report.rootCauses[0]?.seconds)
      // one annotation on the Dockerfile line of the root cause, one on the workflow's line
      expect(m.annotations).toContainEqual(expect.objectContaining({ level: 'notice', file: 'Dockerfile', line: 2, title: 'Cache miss: cache not available' }))
      expect(m.annotations).toContainEqual(expect.objectContaining({ level: 'warning', file: '.github/workflows/images.yml', line: 32 }))
      expect(m.summary.join('')).toContain('### Why the cache missed')
      expect(m.failed).toEqual([])
    } finally {
      rmSync(workspace, { recursive: true, force: true })
    }
  })
})

describe("the build's cache settings fill in what the log does not print", () => {
  test.each(['plain', 'rawjson'])("a gha import's scope reaches its cause, an export's mode its row (%s)", async (format) => {
    const imported = modelBuilds((await readLogFiles([fixture(`cacheexport/docker28-cacheexport-gha-import.${format}.log`)])).builds)
    const exported = modelBuilds((await readLogFiles([fixture(`cacheexport/docker28-cacheexport-gha-export.${format}.log`)])).builds)
    const from = parseCacheEntry('type=gha,url=http://127.0.0.1:1/,scope=cacheexport', 1)
    const to = parseCacheEntry('type=gha,mode=max,scope=cacheexport', 2)
    if (!from || !to) throw new Error('entries')
    fillCacheSettings([...imported, ...exported], [from], [to])
    expect(imported[0]?.cacheTransfer?.imports.map((i) => [i.backend, i.ref, i.result])).toEqual([['gha', 'scope=cacheexport', 'failed']])
    expect(exported[0]?.cacheTransfer?.exports.map((e) => [e.backend, e.mode, e.ref, e.result])).toEqual([['gha', 'max', 'scope=cacheexport', 'failed']])
    const { rootCauses } = explain(imported, { files: new Map(), imports: (b) => b.cacheTransfer?.imports ?? [] })
    // without the Dockerfile, plain logs do not say that stage build is FROM deps: one more root there
    expect(rootCauses.length).toBeGreaterThanOrEqual(2)
    expect(new Set(rootCauses.map((c) => `${c.code} ${c.backend ?? ''} ${c.ref ?? ''}`))).toEqual(new Set(['cache-not-available gha scope=cacheexport']))
  })
  test('two settings of one type: neither is assumed', async () => {
    const b = modelBuilds((await readLogFiles([fixture('cacheexport/docker28-cacheexport-gha-import.plain.log')])).builds)
    const a1 = parseCacheEntry('type=gha,scope=a', 1)
    const a2 = parseCacheEntry('type=gha,scope=b', 2)
    if (!a1 || !a2) throw new Error('entries')
    fillCacheSettings(b, [a1, a2], [])
    expect(b[0]?.cacheTransfer?.imports[0]?.ref).toBeUndefined()
  })
})
