import { createReadStream } from 'node:fs'
import { close, open, read, stat } from '../fs-async.js'
import type { Readable } from 'node:stream'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { ProgressReader } from '../progress/detect.js'
import type { RawBuild } from '../progress/vertex.js'
import { problem, type Problem, errorText } from '../problems.js'
import type { Source } from './source.js'
import { append } from '../arrays.js'
import { shareStdout } from '../stdout.js'

export interface LogRead {
  builds: RawBuild[]
  problems: Problem[]
  /** The files read, after globs were expanded. */
  files: string[]
}

const GLOB_CHARS = /[*?[\]{}]/

// @actions/glob's globber (what upload-artifact and hashFiles use): `*`, `**`, `?`, `[...]`, and
// `!` lines that exclude from every pattern. It resolves relative patterns against the process's
// directory, so they are made absolute against `cwd` here, and its matches named back relative to it.
const absolute = (pattern: string, cwd: string): string => (isAbsolute(pattern) ? pattern : join(cwd, pattern))
const named = (file: string, cwd: string): string => {
  const rel = relative(cwd, file)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file
}

/** Expands the `log-files` patterns (paths or globs, one per entry; `!pattern` excludes) into file paths. */
export async function expandPatterns(patterns: readonly string[], cwd = process.cwd()): Promise<{ files: string[]; problems: Problem[] }> {
  const files: string[] = []
  const problems: Problem[] = []
  const excludes = patterns.filter((p) => p.startsWith('!')).map((p) => `!${absolute(p.slice(1).trim(), cwd)}`)
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue
    // `-` is standard input, and a plain path is read as given, so that a missing one is named
    if (pattern === '-' || !GLOB_CHARS.test(pattern)) {
      files.push(pattern)
      continue
    }
    // loaded for a glob only: a path is read without it
    const { create } = await import('@actions/glob')
    shareStdout()
    const globber = await create([absolute(pattern, cwd), ...excludes].join('\n'), { matchDirectories: false })
    const matched = (await globber.glob()).map((f) => named(f, cwd)).sort()
    if (matched.length === 0) problems.push(problem('file-missing', `no file matches ${pattern}`))
    append(files, matched)
  }
  return { files: [...new Set(files)], problems }
}

/** The `log-files` input: BuildKit progress saved by the user's own build step. */
export const logFilesSource: Source = {
  name: 'log-files',
  wanted: (inputs) => inputs.logFiles.length > 0,
  async read({ inputs, io, sink }) {
    const read = await readLogFiles(inputs.logFiles, io.cwd, undefined, sink)
    return { builds: read.builds, problems: read.problems, sources: read.files }
  }
}

/** Takes each build as soon as it is read; given, the builds are not returned. */
export type BuildSink = (build: RawBuild) => void

/**
 * Reads every file a chunk at a time (gzip by its magic bytes); with a sink, each build goes to it
 * once finished, so memory stays flat however many builds a log holds.
 */
export async function readLogFiles(patterns: readonly string[], cwd = process.cwd(), stdin?: Readable, sink?: BuildSink): Promise<LogRead> {
  const { files, problems } = await expandPatterns(patterns, cwd)
  const builds: RawBuild[] = []
  for (const file of files) {
    // `-` is standard input where the caller gives one (the CLI); elsewhere a file named `-`
    const read = file === '-' && stdin !== undefined ? await readStream(file, () => Promise.resolve(stdin), sink) : await readLogFile(file, cwd, sink)
    append(builds, read.builds)
    append(problems, read.problems)
  }
  return { builds, problems, files }
}

/** Reads one log; `file` is named as the user gave it, and opened relative to `cwd`. */
export async function readLogFile(file: string, cwd = process.cwd(), sink?: BuildSink): Promise<{ builds: RawBuild[]; problems: Problem[] }> {
  const path = resolve(cwd, file)
  let size: number
  try {
    const st = await stat(path)
    if (!st.isFile()) return { builds: [], problems: [problem('file-unreadable', 'is not a file', { file })] }
    size = st.size
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT'
    return { builds: [], problems: [problem(missing ? 'file-missing' : 'file-unreadable', missing ? 'no such file' : errorText(e), { file })] }
  }
  if (size === 0) return { builds: [], problems: [problem('file-empty', 'is empty', { file })] }
  return readStream(file, () => openStream(path), sink)
}

/** Reads progress from a stream (a file, gunzipped or not, or standard input); failing to open it is a read that stopped. */
async function readStream(
  file: string,
  open: () => Promise<AsyncIterable<Buffer | string> | Readable>,
  sink?: BuildSink
): Promise<{ builds: RawBuild[]; problems: Problem[] }> {
  const reader = new ProgressReader(file)
  let failure: Problem | undefined
  let handed = 0
  const hand = (builds: RawBuild[]) => {
    if (!sink) return
    for (const b of builds) sink(b)
    handed += builds.length
  }
  try {
    // bytes go to the parser as they are: it decodes only the lines it reads as text
    for await (const chunk of await open()) {
      if (typeof chunk === 'string') reader.push(chunk)
      else reader.write(chunk as Buffer)
      if (sink) hand(reader.take())
    }
  } catch (e) {
    // a truncated .gz or a read error half-way: keep what was read before it
    failure = problem('file-unreadable', `read stopped: ${errorText(e)}`, { file })
  }
  const result = reader.end()
  if (failure) result.problems.push(failure)
  if (sink) {
    hand(result.builds)
    result.builds = []
  }
  if (result.builds.length === 0 && handed === 0 && !failure) {
    result.problems.push(problem('no-builds', 'has no BuildKit progress (expected `--progress=plain` or `--progress=rawjson` output)', { file }))
  }
  return result
}

/** Bytes read at a time into the one buffer a plain file is read through. */
const CHUNK = 512 * 1024

async function openStream(file: string): Promise<AsyncIterable<Buffer> | Readable> {
  const fd = await open(file, 'r')
  const magic = Buffer.alloc(2)
  try {
    // at offset 0, by position: the chunks then read on from the start
    await read(fd, magic, 2, 0)
  } catch (e) {
    await close(fd)
    throw e
  }
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return chunks(fd)
  await close(fd)
  // loaded for a gzipped log only
  const { createGunzip } = await import('node:zlib')
  const stream = createReadStream(file, { highWaterMark: 1 << 20 })
  const gunzip = createGunzip()
  stream.on('error', (e) => gunzip.destroy(e))
  return stream.pipe(gunzip)
}

/**
 * A file's bytes through two buffers in turn, each filled again for the chunk after next: the next
 * read is asked for before a chunk is handed on, so the disk (or page cache) works while the
 * parser reads, and a gigabyte read this way makes no garbage (the parsers copy what they keep).
 */
async function* chunks(fd: number): AsyncGenerator<Buffer> {
  let pending: Promise<number> | undefined
  try {
    let current = Buffer.allocUnsafe(CHUNK)
    let next = Buffer.allocUnsafe(CHUNK)
    let bytes = await read(fd, current, CHUNK, null)
    while (bytes > 0) {
      // reads go one at a time, in order: this one starts where the last ended
      pending = read(fd, next, CHUNK, null)
      yield current.subarray(0, bytes)
      bytes = await pending
      pending = undefined
      ;[current, next] = [next, current]
    }
  } finally {
    // a read still out when the reader stopped early ends before the file is closed
    if (pending) await pending.catch(() => undefined)
    await close(fd)
  }
}
