import { describe, expect, test } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { readLogFile } from '../src/sources/log-files.js'
import { ProgressReader } from '../src/progress/detect.js'
import { modelBuilds } from '../src/pipeline.js'
import { cacheTransfer, type CacheExport, type CacheImport, type CacheTransfer } from '../src/model/cache-transfer.js'
import { fixture } from './helpers.js'

async function transfers(rel: string): Promise<CacheTransfer[]> {
  const read = await readLogFile(fixture(rel))
  expect(read.problems).toEqual([])
  return read.builds.map(cacheTransfer)
}

/** The transfer without its seconds: what plain and rawjson tell alike. */
function told(t: CacheTransfer): { imports: Omit<CacheImport, 'seconds'>[]; exports: Omit<CacheExport, 'seconds'>[] } {
  const unTimed = <T extends { seconds: number }>(x: T): Omit<T, 'seconds'> => {
    const copy: Partial<T> = { ...x }
    delete copy.seconds
    return copy as Omit<T, 'seconds'>
  }
  return { imports: t.imports.map(unTimed), exports: t.exports.map(unTimed) }
}

const seconds = (t: CacheTransfer) => [...t.imports, ...t.exports].map((x) => x.seconds)

const EMPTY_DIR = '/tmp/build-insights-cacheexport/empty'
const emptyImport: Omit<CacheImport, 'seconds'> = {
  backend: 'local',
  ref: EMPTY_DIR,
  result: 'empty',
  error: `could not read ${EMPTY_DIR}/index.json: open ${EMPTY_DIR}/index.json: no such file or directory`,
  explanation: `the local cache at ${EMPTY_DIR} held nothing: every step ran`
}
const gha502 = 'failed to parse error response 502: <html>'
const ghaExportFailed = {
  backend: 'gha',
  result: 'failed',
  error: gha502,
  explanation: 'the gha cache export failed (HTTP 502 from the cache service): the cache of this run was not saved; the next run will miss'
} as const

// Per log (both formats): what it tells, and the seconds of each import then export, plain then
// rawjson (plain: the DONE figure, none on an ERROR; rawjson: started to completed, in ms).
const cases: [string, ReturnType<typeof told>, number[], number[]][] = [
  [
    'cacheimport/docker28-cacheimport-local',
    {
      imports: [
        {
          backend: 'local',
          ref: '/nonexistent-dir',
          result: 'empty',
          error: 'could not lock /nonexistent-dir/index.json.lock: open /nonexistent-dir/index.json.lock: no such file or directory',
          explanation: 'the local cache directory /nonexistent-dir does not exist: every step ran'
        }
      ],
      exports: []
    },
    [0],
    [0]
  ],
  [
    'cacheimport/docker28-cacheimport-registry',
    {
      imports: [
        {
          backend: 'registry',
          ref: 'localhost:5999/fixture/none:cache',
          result: 'failed',
          error:
            'failed to configure registry cache importer: failed to do request: Head "https://localhost:5999/v2/fixture/none/manifests/cache": dial tcp 127.0.0.1:5999: connect: connection refused',
          explanation: 'the registry cache import from localhost:5999/fixture/none:cache failed (connection refused): every step ran'
        }
      ],
      exports: []
    },
    [0],
    [0.001]
  ],
  ['cacheexport/docker28-cacheexport-max-export', { imports: [], exports: [{ backend: 'local', result: 'ok' }] }, [0.2], [0.187]],
  ['cacheexport/docker28-cacheexport-max-import', { imports: [{ backend: 'local', result: 'ok' }], exports: [] }, [0], [0.009]],
  ['cacheexport/docker28-cacheexport-min-export', { imports: [], exports: [{ backend: 'local', result: 'ok' }] }, [0.1], [0.12]],
  ['cacheexport/docker28-cacheexport-min-import', { imports: [{ backend: 'local', result: 'ok' }], exports: [] }, [0], [0.006]],
  ['cacheexport/docker28-cacheexport-max-import-source', { imports: [{ backend: 'local', result: 'ok' }], exports: [] }, [0], [0.019]],
  ['cacheexport/docker28-cacheexport-min-import-source', { imports: [{ backend: 'local', result: 'ok' }], exports: [] }, [0], [0.007]],
  ['cacheexport/docker28-cacheexport-empty-import', { imports: [emptyImport], exports: [] }, [0], [0]],
  [
    'cacheexport/docker28-cacheexport-gha-export',
    {
      imports: [],
      exports: [
        {
          ...ghaExportFailed,
          explanation: `${ghaExportFailed.explanation}; it failed the build too (ignore-error=true keeps a failed cache export from failing it)`
        }
      ]
    },
    [0],
    [0.055]
  ],
  [
    'cacheexport/docker28-cacheexport-gha-import',
    {
      imports: [
        { backend: 'gha', result: 'failed', error: gha502, explanation: 'the gha cache import failed (HTTP 502 from the cache service): every step ran' }
      ],
      exports: []
    },
    [0],
    [0.003]
  ],
  ['cacheexport/docker28-cacheexport-gha-export-ignored', { imports: [], exports: [ghaExportFailed] }, [0], [0.039]],
  ['cacheexport/docker28-cacheexport-bake', { imports: [emptyImport], exports: [{ backend: 'local', result: 'ok' }] }, [0, 0.2], [0, 0.276]]
]

describe('cache imports and exports read from real logs, plain and rawjson alike', () => {
  test.each(cases)('%s', async (base, want, plainSeconds, rawSeconds) => {
    const [plain, ...morePlain] = await transfers(`${base}.plain.log`)
    const [raw, ...moreRaw] = await transfers(`${base}.rawjson.log`)
    expect([morePlain, moreRaw]).toEqual([[], []])
    if (!plain || !raw) throw new Error('no build')
    expect(told(plain)).toEqual(want)
    expect(told(raw)).toEqual(want)
    expect(seconds(plain)).toEqual(plainSeconds)
    expect(seconds(raw)).toEqual(rawSeconds)
  })

  test('every log with a cache flag is in the table', () => {
    const withCache = ['cacheimport', 'cacheexport'].flatMap((dir) =>
      readdirSync(fixture(dir))
        .filter((f) => f.endsWith('.log'))
        .map((f) => `${dir}/${f.replace(/\.(plain|rawjson)\.log$/, '')}`)
    )
    expect([...new Set(withCache)].sort()).toEqual(cases.map(([base]) => base).sort())
  })

  test('the mode is printed nowhere: max and min exports read the same', async () => {
    const [max] = await transfers('cacheexport/docker28-cacheexport-max-export.plain.log')
    const [min] = await transfers('cacheexport/docker28-cacheexport-min-export.plain.log')
    expect(max?.exports[0]?.mode).toBeUndefined()
    expect(told(max ?? { imports: [], exports: [] })).toEqual(told(min ?? { imports: [], exports: [] }))
  })
})

describe('the model carries it only where the log shows a cache transfer', () => {
  const logs = readdirSync(fixture('rootcause')).filter((f) => f.endsWith('.log'))

  test.each(logs)('rootcause/%s: none', async (f) => {
    const read = await readLogFile(fixture(`rootcause/${f}`))
    for (const b of modelBuilds(read.builds)) expect(b.cacheTransfer).toBeUndefined()
  })

  test.each(cases.flatMap(([base]) => [`${base}.plain.log`, `${base}.rawjson.log`]).filter((f) => !f.includes('-bake.')))(
    '%s: on its one build, as cacheTransfer reads it',
    async (rel) => {
      const read = await readLogFile(fixture(rel))
      const builds = modelBuilds(read.builds)
      expect(builds).toHaveLength(1)
      expect(builds[0]?.cacheTransfer).toEqual(read.builds[0] && cacheTransfer(read.builds[0]))
    }
  )

  // The whole bake's transfer goes on the target read first: `tools` in plain (its `[tools internal]`
  // vertex comes first), `app` in rawjson; the export was app's and the import tools'.
  test.each([
    ['plain', 'tools', 'app'],
    ['rawjson', 'app', 'tools']
  ])('a bake (%s): on its first target only', async (fmt, first, second) => {
    const rel = `cacheexport/docker28-cacheexport-bake.${fmt}.log`
    const read = await readLogFile(fixture(rel))
    const builds = modelBuilds(read.builds)
    expect(builds.map((b) => b.target)).toEqual([first, second])
    expect(builds[0]?.cacheTransfer && told(builds[0].cacheTransfer)).toEqual({ imports: [emptyImport], exports: [{ backend: 'local', result: 'ok' }] })
    expect(builds[1]?.cacheTransfer).toBeUndefined()
  })

  test('a bake without cache flags: no target has one', async () => {
    const read = await readLogFile(fixture('bake/docker28-bake-cold.plain.log'))
    for (const b of modelBuilds(read.builds)) expect(b.cacheTransfer).toBeUndefined()
  })
})

// Damaged copies of real captures only.
describe('damaged logs', () => {
  function parse(text: string) {
    const r = new ProgressReader('x.log')
    r.push(text)
    return r.end().builds.map(cacheTransfer)
  }

  test('a plain log cut before the export ended: the export did not finish', () => {
    const text = readFileSync(fixture('cacheexport/docker28-cacheexport-max-export.plain.log'), 'utf8')
    const cut = text.slice(0, text.indexOf('#14 writing layer'))
    expect(parse(cut)[0]?.exports).toEqual([
      {
        backend: 'local',
        seconds: 0,
        result: 'failed',
        explanation: 'the local cache export did not finish: the cache of this run was not saved; the next run will miss'
      }
    ])
  })

  test('a rawjson log cut before the import completed, before any step: the import did not finish', () => {
    const lines = readFileSync(fixture('cacheexport/docker28-cacheexport-gha-import.rawjson.log'), 'utf8').split('\n')
    const at = lines.findIndex((l) => l.includes('"error":"failed to parse error response 502'))
    expect(at).toBeGreaterThan(0)
    const [imp] = parse(lines.slice(0, at).join('\n'))[0]?.imports ?? []
    expect(imp).toMatchObject({ backend: 'gha', result: 'failed', explanation: 'the gha cache import did not finish: the build went on without it' })
    expect(imp?.error).toBeUndefined()
  })

  test('the WARNING line cut short or garbled: no import is made up', () => {
    const text = readFileSync(fixture('cacheimport/docker28-cacheimport-local.plain.log'), 'utf8')
    expect(parse(text.replace(/ not found due to err: .*/, ''))[0]?.imports).toEqual([])
    expect(parse(text.replace('WARNING: local cache import at', 'WARNING: local cache imp\uFFFDrt at'))[0]?.imports).toEqual([])
  })

  test('an error with no first line left still fails the export, with no cause', () => {
    const text = readFileSync(fixture('cacheexport/docker28-cacheexport-gha-export-ignored.plain.log'), 'utf8')
    const [exp] = parse(text.replace('#14 ERROR: failed to parse error response 502: <html>', '#14 ERROR:'))[0]?.exports ?? []
    expect(exp).toEqual({
      backend: 'gha',
      seconds: 0,
      result: 'failed',
      error: 'error',
      explanation: 'the gha cache export failed: the cache of this run was not saved; the next run will miss'
    })
  })
})
