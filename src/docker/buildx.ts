import { ENGINE_BUILDER, engineDiskUsage, loadHttp } from './engine.js'
import { StringDecoder } from 'node:string_decoder'
import type { Exec, ExecOptions, ExecResult } from './exec.js'
import { parseBuildxVersion, parseHistoryLs, parseInspect, splitRef, versionAtLeast, type HistoryRecord, type RecordDetails } from './history.js'
import { ProgressReader } from '../progress/detect.js'
import { parseDiskUsage, type DiskUsage } from './du.js'
import type { RawBuild } from '../progress/vertex.js'
import { Deadline, DEFAULT_TIMEOUT_SECONDS } from '../deadline.js'

/** `history inspect/ls --format json` came with buildx 0.21 (logs with 0.20). */
export const HISTORY_MIN: [number, number, number] = [0, 21, 0]

export type Result<T> = { ok: true; value: T } | { ok: false; message: string }

/**
 * The `docker buildx` commands the action runs; their output is read by the pure parsers. Every
 * call is bounded by the deadline (one made when none is given): a docker that does not answer is
 * killed and the call fails with "… did not answer within Ns".
 */
export class Buildx {
  constructor(
    private readonly exec: Exec,
    private readonly builder: string | undefined,
    private readonly deadline: Deadline = new Deadline(DEFAULT_TIMEOUT_SECONDS),
    /** The Engine's socket, when the builder is surely the docker driver's (engineSocket()). */
    private readonly engine?: string
  ) {}

  get builderName(): string {
    return this.builder ?? '(current)'
  }

  private args(builder: string | undefined, ...rest: string[]): string[] {
    const b = builder ?? this.builder
    return ['buildx', ...(b === undefined || b === '' ? [] : ['--builder', b]), ...rest]
  }

  private run(args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    return this.exec('docker', args, { ...options, signal: this.deadline.signal })
  }

  /** `docker buildx du failed: <first line of stderr>`, or that it did not answer in time. */
  private failed(r: ExecResult, what: string, head = r.stderr): string {
    return r.timedOut === true ? this.deadline.message(`docker ${what}`) : `docker ${what} failed: ${firstLine(head) || `exit code ${r.exitCode}`}`
  }

  /** Says what is missing when build records cannot be read here. */
  /** Asked once per Buildx: finding this job's records and reading them both need the answer. */
  checkHistory(): Promise<Result<[number, number, number]>> {
    this.history ??= this.askHistory()
    return this.history
  }

  private history: Promise<Result<[number, number, number]>> | undefined

  private async askHistory(): Promise<Result<[number, number, number]>> {
    const r = await this.run(['buildx', 'version'])
    if (r.timedOut === true) return { ok: false, message: this.deadline.message('docker buildx version') }
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
    const r = await this.run(this.args(undefined, 'history', 'ls', '--format', 'json'))
    if (r.exitCode !== 0) return { ok: false, message: this.failed(r, 'buildx history ls') }
    return { ok: true, value: parseHistoryLs(r.stdout) }
  }

  async inspect(ref: string): Promise<Result<RecordDetails>> {
    const { builder, id } = splitRef(ref)
    const r = await this.run(this.args(builder, 'history', 'inspect', id, '--format', 'json'))
    if (r.exitCode !== 0) return { ok: false, message: this.failed(r, `buildx history inspect ${id}`) }
    const details = parseInspect(r.stdout)
    return details ? { ok: true, value: details } : { ok: false, message: `docker buildx history inspect ${id} printed no record` }
  }

  /** The builder's name as `docker buildx inspect` prints it (the current one unless chosen). */
  async name(): Promise<Result<string>> {
    if (this.engine !== undefined) return { ok: true, value: ENGINE_BUILDER }
    const r = await this.run(this.args(undefined, 'inspect'))
    const name = /^Name:\s+(\S+)/m.exec(r.stdout)?.[1]
    if (r.exitCode !== 0 || name === undefined) return { ok: false, message: this.failed(r, 'buildx inspect') }
    return { ok: true, value: name }
  }

  /** What du will need, loaded now (a build is running and the action waits on it): the Engine's HTTP client. */
  prepareDu(): void {
    // a failure is du's to report, when it is asked
    if (this.engine !== undefined) loadHttp().catch(() => undefined)
  }

  /** `docker buildx du --verbose`: records with their types, and the footer, on every buildx version. */
  async du(): Promise<Result<DiskUsage>> {
    if (this.engine !== undefined) {
      const answer = await engineDiskUsage(this.engine, this.deadline.signal)
      // an Engine that does not answer as expected is asked again through the CLI, within the same budget
      if (answer.ok || this.deadline.expired()) return answer
    }
    const r = await this.run(this.args(undefined, 'du', '--verbose'))
    if (r.exitCode !== 0) return { ok: false, message: this.failed(r, 'buildx du') }
    return { ok: true, value: parseDiskUsage(r.stdout) }
  }

  /** Replays a record's progress as rawjson (on stderr) straight into the parser, never held whole; bounded by the deadline too. */
  async logs(ref: string, label: string): Promise<Result<RawBuild[]>> {
    const { builder, id } = splitRef(ref)
    const reader = new ProgressReader(label)
    const decoder = new StringDecoder('utf8')
    let head = ''
    const r = await this.run(this.args(builder, 'history', 'logs', id, '--progress', 'rawjson'), {
      onStderr: (chunk) => {
        if (head.length < 200) head += decoder.write(chunk.subarray(0, 200))
        reader.write(chunk)
      }
    })
    if (r.exitCode !== 0) return { ok: false, message: this.failed(r, `buildx history logs ${id}`, head) }
    return { ok: true, value: reader.end().builds }
  }
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0]?.trim() ?? ''
}
