import { describe, expect, test } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readRegularFile, writeRegularFile } from '../src/regular-file.js'
import { fileStore } from '../src/baseline/file-store.js'
import { resolveBuildRefs } from '../src/sources/build-records.js'
import { asMessage } from './helpers.js'

// A FIFO nobody writes to: open() for reading (or writing) would wait for the other end forever,
// so each of these would time the test out if the path were opened before it was checked.
const dir = mkdtempSync(join(tmpdir(), 'build-insights-fifo-'))
const fifo = join(dir, 'fifo.json')
const made = process.platform !== 'win32' && spawnSync('mkfifo', [fifo]).status === 0

describe.skipIf(!made)('only regular files are opened', () => {
  test('readRegularFile: a FIFO and a directory are refused, a missing file says so, a file is read', async () => {
    expect(await readRegularFile(fifo)).toEqual({
      ok: false,
      missing: false,
      message: 'is not a regular file (a FIFO, a device or a directory), so it is not read'
    })
    expect(await readRegularFile(dir)).toMatchObject({ ok: false, missing: false })
    expect(await readRegularFile(join(dir, 'none'))).toMatchObject({ ok: false, missing: true })
    writeFileSync(join(dir, 'a.json'), '{}')
    expect(await readRegularFile(join(dir, 'a.json'))).toEqual({ ok: true, text: '{}' })
  })

  test('writeRegularFile: a FIFO is refused, a file is replaced whole', async () => {
    expect(await writeRegularFile(fifo, '{}')).toMatchObject({ ok: false })
    const f = join(dir, 'b.json')
    writeFileSync(f, 'a much longer text than what replaces it')
    expect(await writeRegularFile(f, 'short')).toEqual({ ok: true })
    expect(readFileSync(f, 'utf8')).toBe('short')
  })

  test('baseline-file: a FIFO is a warning naming the path, and nothing is saved to it', async () => {
    const store = fileStore(fifo)
    expect(asMessage(await store.load())).toEqual({
      entries: [],
      warning: `baseline ${fifo} could not be read: is not a regular file (a FIFO, a device or a directory), so it is not read`
    })
    expect(asMessage(await store.save({ schemaVersion: 1, entries: [] }))).toMatchObject({
      saved: false,
      notice: expect.stringContaining(`baseline not saved to ${fifo}`) as unknown
    })
  })

  test('build-refs: a FIFO as a metadata file is a problem naming it', async () => {
    const r = await resolveBuildRefs(fifo)
    expect(r.refs).toEqual([])
    expect(r.problems).toEqual([
      {
        code: 'file-unreadable',
        severity: 'warning',
        message: 'build-refs: is not a regular file (a FIFO, a device or a directory), so it is not read',
        file: fifo
      }
    ])
  })
})
