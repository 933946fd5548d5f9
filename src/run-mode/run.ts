import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'
import type { Exec } from '../docker/exec.js'
import { refFromMetadata } from '../docker/history.js'
import { parseJson } from '../json.js'
import { ProgressReader } from '../progress/detect.js'
import { LineSplitter } from '../progress/lines.js'
import { RawJsonPrinter } from '../progress/printer.js'
import type { RawBuild } from '../progress/vertex.js'
import { problem, type Problem } from '../problems.js'
import type { RunCommand } from './command.js'

export interface RunOutcome {
  builds: RawBuild[]
  problems: Problem[]
  exitCode: number
  /** Wall time of the whole command, seconds. */
  seconds: number
  /** The build's progress as it printed it, kept for upload. */
  logFile: string
  /** `buildx.build.ref` from the metadata file (none for a failed build). */
  ref: string | undefined
  /** The client's last words when the build failed. */
  error: string | undefined
}

export interface RunDeps {
  exec: Exec
  /** One line of the job log; the caller has stopped workflow commands around the build. */
  writeLine: (line: string) => void
  now: () => number
  /** Called once, when the build first prints: work the action has to do anyway can be done while it runs. */
  whileRunning?: (() => void) | undefined
}

/** Runs the build, printing readable progress as it goes and parsing it on the way, never held whole. */
export async function runBuild(command: RunCommand, logFile: string, deps: RunDeps): Promise<RunOutcome> {
  const log = createWriteStream(logFile)
  const printer = new RawJsonPrinter((line) => {
    deps.writeLine(line)
  })
  const reader = new ProgressReader(
    logFile,
    command.progress === 'rawjson'
      ? (s) => {
          printer.status(s)
        }
      : undefined
  )
  const clientLines: string[] = []
  // stderr split into lines once: echoed (plain progress is readable as it is; rawjson is printed
  // by the printer), and the client's own lines kept for the error of a failed build
  const stderr = new LineSplitter((line) => {
    if (command.progress !== 'rawjson') deps.writeLine(line)
    if (!line.startsWith('{') && !line.startsWith('#') && line.trim() !== '') clientLines.push(line)
    if (clientLines.length > 50) clientLines.shift()
  })
  const decoder = new StringDecoder('utf8')
  const stdout = new LineSplitter((line) => {
    deps.writeLine(line)
  })
  const started = deps.now()
  let running = deps.whileRunning
  const r = await deps.exec(command.file, command.args, {
    onStderr: (chunk) => {
      if (running) {
        running()
        running = undefined
      }
      log.write(chunk)
      reader.write(chunk)
      stderr.push(decoder.write(chunk))
    },
    onStdout: (chunk) => {
      stdout.push(chunk.toString('utf8'))
    }
  })
  const seconds = (deps.now() - started) / 1000
  stderr.push(decoder.end())
  stderr.end()
  stdout.end()
  printer.end()
  await new Promise<void>((resolve) => log.end(resolve))

  const { builds, problems } = reader.end()
  const error = r.exitCode === 0 ? undefined : (clientLines.filter((l) => /ERROR|error/.test(l)).at(-1) ?? clientLines.at(-1))
  if (r.exitCode !== 0 && builds.length === 0) {
    problems.push(problem('build-failed', `the build command failed before any step ran (exit code ${r.exitCode})${error === undefined ? '' : `: ${error}`}`))
  }
  if (command.progress === 'unreadable') {
    problems.push(
      problem(
        'format-unknown',
        'run: the command asks for a progress format that cannot be read (tty, auto, quiet); leave --progress out or use plain or rawjson'
      )
    )
  }
  let ref: string | undefined
  if (r.exitCode === 0) {
    // an older buildx or a driver that writes no ref: the report stands without it
    ref = refFromMetadata(parseJson(await readFile(command.metadataFile, 'utf8').catch(() => '')))
  }
  for (const b of builds) if (ref !== undefined) b.ref = ref
  return { builds, problems, exitCode: r.exitCode, seconds, logFile, ref, error }
}
