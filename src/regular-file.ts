import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { close, fstat, ftruncate, open, readText, stat, writeAll } from './fs-async.js'
import { errorText } from './problems.js'

export type FileText = { ok: true; text: string } | { ok: false; missing: boolean; message: string }

const NONBLOCK = (constants.O_NONBLOCK as number | undefined) ?? 0
const NOT_REGULAR = 'is not a regular file (a FIFO, a device or a directory), so it is not read'

/**
 * The largest file read whole (bytes): the JSON files read this way (leg reports, baselines,
 * metadata files) are a few MB at most, and a glob that matched some other large file must not
 * take the runner's memory with it.
 */
export const MAX_READ_WHOLE = 64 * 1024 * 1024

function tooLarge(size: number, max: number): string {
  const mib = (n: number) => `${Math.round(n / (1024 * 1024))} MiB`
  return `is ${mib(size)}, more than the ${mib(max)} a report, baseline or metadata file is read up to, so it is not read`
}

/**
 * A whole file's text, from a regular file only: open() on a FIFO waits for a writer forever, and
 * a device or a directory is no input. stat first (that is where a missing path or a FIFO shows),
 * then open without blocking and check the handle itself, in case the path changed in between.
 */
export async function readRegularFile(path: string, maxBytes = MAX_READ_WHOLE): Promise<FileText> {
  try {
    if (!(await stat(path)).isFile()) return { ok: false, missing: false, message: NOT_REGULAR }
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT'
    return { ok: false, missing, message: missing ? 'does not exist' : errorText(e) }
  }
  try {
    // O_NONBLOCK: a FIFO swapped in after the stat opens at once instead of waiting (Windows has neither)
    const fd = await open(path, constants.O_RDONLY | NONBLOCK)
    try {
      const st = await fstat(fd)
      if (!st.isFile()) return { ok: false, missing: false, message: NOT_REGULAR }
      if (st.size > maxBytes) return { ok: false, missing: false, message: tooLarge(st.size, maxBytes) }
      return { ok: true, text: await readText(fd) }
    } finally {
      await close(fd)
    }
  } catch (e) {
    return { ok: false, missing: (e as NodeJS.ErrnoException).code === 'ENOENT', message: errorText(e) }
  }
}

/**
 * Writes a whole file, refusing anything there that is not a regular file: open() for writing
 * waits on a FIFO as reading does. Text in pieces is written piece by piece, never joined.
 */
export async function writeRegularFile(path: string, text: string | Iterable<string>): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    if (!(await stat(path)).isFile()) return { ok: false, message: NOT_REGULAR }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, message: errorText(e) }
  }
  try {
    // a FIFO swapped in meanwhile fails at once (ENXIO) rather than waiting for a reader
    const fd = await open(path, constants.O_WRONLY | constants.O_CREAT | NONBLOCK)
    try {
      if (!(await fstat(fd)).isFile()) return { ok: false, message: NOT_REGULAR }
      await ftruncate(fd, 0)
      if (typeof text === 'string') await writeAll(fd, text)
      else for (const piece of text) await writeAll(fd, piece)
      return { ok: true }
    } finally {
      await close(fd)
    }
  } catch (e) {
    return { ok: false, message: errorText(e) }
  }
}

/** A regular file's text up to max bytes, read at once; undefined when it is missing, not a regular file, or larger. A FIFO is opened without waiting for a writer. */
export function readRegularFileText(path: string, max: number): string | undefined {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | NONBLOCK)
  } catch {
    return undefined
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile() || st.size > max) return undefined
    const buf = Buffer.alloc(st.size)
    let off = 0
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off)
      if (n <= 0) break
      off += n
    }
    return buf.subarray(0, off).toString('utf8')
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}
