import * as fs from 'node:fs'

// The file calls a run makes, as promises over node:fs's callbacks: node:fs/promises loads ten
// more of Node's modules (readline, watchers, REPL history) at start, 3 ms of every run.

function done<T>(resolve: (v: T) => void, reject: (e: Error) => void): (e: NodeJS.ErrnoException | null, v: T) => void {
  return (e, v) => {
    if (e) reject(e)
    else resolve(v)
  }
}

/** done() for the calls whose callback carries no value. */
function settled(resolve: () => void, reject: (e: Error) => void): (e: NodeJS.ErrnoException | null) => void {
  return (e) => {
    if (e) reject(e)
    else resolve()
  }
}

export const stat = (path: string): Promise<fs.Stats> =>
  new Promise((resolve, reject) => {
    fs.stat(path, done(resolve, reject))
  })

export const fstat = (fd: number): Promise<fs.Stats> =>
  new Promise((resolve, reject) => {
    fs.fstat(fd, done(resolve, reject))
  })

export const open = (path: string, flags: number | string): Promise<number> =>
  new Promise((resolve, reject) => {
    fs.open(path, flags, done(resolve, reject))
  })

export const close = (fd: number): Promise<void> =>
  new Promise((resolve, reject) => {
    fs.close(fd, settled(resolve, reject))
  })

/** Bytes read into buf from its start; position null: where the last read ended. */
export const read = (fd: number, buf: Buffer, length: number, position: number | null): Promise<number> =>
  new Promise((resolve, reject) => {
    fs.read(fd, buf, 0, length, position, done(resolve, reject))
  })

export const readText = (fd: number): Promise<string> =>
  new Promise((resolve, reject) => {
    fs.readFile(fd, 'utf8', done(resolve, reject))
  })

export const ftruncate = (fd: number, length: number): Promise<void> =>
  new Promise((resolve, reject) => {
    fs.ftruncate(fd, length, settled(resolve, reject))
  })

const writeFrom = (fd: number, bytes: Buffer, from: number): Promise<number> =>
  new Promise((resolve, reject) => {
    fs.write(fd, bytes, from, bytes.length - from, null, done(resolve, reject))
  })

/** All of text, however many writes it takes. */
export async function writeAll(fd: number, text: string): Promise<void> {
  const bytes = Buffer.from(text)
  let at = 0
  while (at < bytes.length) at += await writeFrom(fd, bytes, at)
}

export const appendFile = (path: string, text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    fs.appendFile(path, text, { encoding: 'utf8' }, settled(resolve, reject))
  })

export const access = (path: string, mode: number): Promise<void> =>
  new Promise((resolve, reject) => {
    fs.access(path, mode, settled(resolve, reject))
  })

export const mkdirs = (path: string): Promise<void> =>
  new Promise((resolve, reject) => {
    fs.mkdir(path, { recursive: true }, settled(resolve, reject))
  })
