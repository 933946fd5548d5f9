import { StringDecoder } from 'node:string_decoder'
import type { Exec } from './exec.js'
import { parseBuildxVersion, parseHistoryLs, parseInspect, splitRef, versionAtLeast, type HistoryRecord, type RecordDetails } from './history.js'
import { ProgressReader } from '../progress/detect.js'
import { parseDiskUsage, type DiskUsage } from './du.js'
import type { RawBuild } from '../progress/vertex.js'

/** `history inspect/ls --format json` came with buildx 0.21 (logs with 0.20). */
export const HISTORY_MIN: [number, number, number] = [0, 21, 0]

/** How long a query (version, inspect, du, history ls/inspect) may take. */
const QUERY_TIMEOUT_MS = 30_000

export type Result<T> = { ok: true; value: T } | { ok: false; message: string }

/** The `docker buildx` commands the action runs; their output is read by the pure parsers. */
export class Buildx {
  constructor(
    private readonly exec: Exec,
    private readonly builder: string | undefined
  ) {}

  get builderName(): string {
    return this.builder ?? '(current)'
  }

  private args(builder: string | undefined, ...rest: string[]): string[] {
    const b = builder ?? this.builder
    return ['buildx', ...(b === undefined || b === '' ? [] : ['--builder', b]), ...rest]
  }

  /** Says what is missing when build records cannot be read here. */
  async checkHistory(): Promise<Result<[number, number, number]>> {
    const r = await this.exec('docker', ['buildx', 'version'], { timeoutMs: QUERY_TIMEOUT_MS })
    if (r.exitCode !== 0) {
      return { ok: false, message: `docker buildx is not available (${firstLine(r.stderr) || `exit code ${r.exitCode}`})` }
    }
    const v = parseBuildxVersion(r.stdout)
    if (!v) return { ok: false, message: `could not read the buildx version from "${firstLine(r.stdout)}"` }
    if (!versionAtLeast(v, HISTORY_MIN)) {
      return { ok: false, message: `buildx ${v.join('.')} has no \`docker buildx history\` with JSON output (needs ${HISTORY_MIN.join('.')} or later)` }
    }
    return { ok: true, value: v }
  }

  async historyLs(): Promise<Result<{ records: HistoryRecord[]; skipped: number }>> {
    const r = await this.exec('docker', this.args(undefined, 'history', 'ls', '--format', 'json'), { timeoutMs: QUERY_TIMEOUT_MS })
    if (r.exitCode !== 0) return { ok: false, message: `docker buildx history ls failed: ${firstLine(r.stderr) || `exit code ${r.exitCode}`}` }
    return { ok: true, value: parseHistoryLs(r.stdout) }
  }

  async inspect(ref: string): Promise<Result<RecordDetails>> {
    const { builder, id } = splitRef(ref)
    const r = await this.exec('docker', this.args(builder, 'history', 'inspect', id, '--format', 'json'), { timeoutMs: QUERY_TIMEOUT_MS })
    if (r.exitCode !== 0) return { ok: false, message: `docker buildx history inspect ${id} failed: ${firstLine(r.stderr) || `exit code ${r.exitCode}`}` }
    const details = parseInspect(r.stdout)
    return details ? { ok: true, value: details } : { ok: false, message: `docker buildx history inspect ${id} printed no record` }
  }

  /** The builder's name as `docker buildx inspect` prints it (the current one unless chosen). */
  async name(): Promise<Result<string>> {
    const r = await this.exec('docker', this.args(undefined, 'inspect'), { timeoutMs: QUERY_TIMEOUT_MS })
    const name = /^Name:\s+(\S+)/m.exec(r.stdout)?.[1]
    if (r.exitCode !== 0 || name === undefined)
      return { ok: false, message: `docker buildx inspect failed: ${firstLine(r.stderr) || `exit code ${r.exitCode}`}` }
    return { ok: true, value: name }
  }

  /** `docker buildx du --verbose`: records with their types, and the footer, on every buildx version. */
  async du(): Promise<Result<DiskUsage>> {
    const r = await this.exec('docker', this.args(undefined, 'du', '--verbose'), { timeoutMs: QUERY_TIMEOUT_MS })
    if (r.exitCode !== 0) return { ok: false, message: `docker buildx du failed: ${firstLine(r.stderr) || `exit code ${r.exitCode}`}` }
    return { ok: true, value: parseDiskUsage(r.stdout) }
  }

  /** Replays a record's progress as rawjson (on stderr) straight into the parser, never held whole. */
  async logs(ref: string, label: string): Promise<Result<RawBuild[]>> {
    const { builder, id } = splitRef(ref)
    const reader = new ProgressReader(label)
    const decoder = new StringDecoder('utf8')
    let head = ''
    const r = await this.exec('docker', this.args(builder, 'history', 'logs', id, '--progress', 'rawjson'), {
      onStderr: (chunk) => {
        const text = decoder.write(chunk)
        if (head.length < 200) head += text.slice(0, 200)
        reader.push(text)
      }
    })
    reader.push(decoder.end())
    if (r.exitCode !== 0) return { ok: false, message: `docker buildx history logs ${id} failed: ${firstLine(head) || `exit code ${r.exitCode}`}` }
    return { ok: true, value: reader.end().builds }
  }
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0]?.trim() ?? ''
}
