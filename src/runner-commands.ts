import { appendFileSync, existsSync } from 'node:fs'
import { access, appendFile } from './fs-async.js'
import { constants } from 'node:fs'
import { EOL } from 'node:os'
import { writeOut } from './stdout.js'

// The runner's contract as @actions/core 3 speaks it (workflow commands on stdout, GITHUB_OUTPUT,
// GITHUB_STATE and the job summary file), written out here: @actions/core loads its OIDC HTTP
// client (undici, http, https, http2) as it is imported, a third of the action's start-up, for
// nothing the action uses. Each function is that package's, to the byte.

/** Where an annotation points, as core.AnnotationProperties. */
export interface AnnotationProperties {
  title?: string | undefined
  file?: string | undefined
  startLine?: number | undefined
}

export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? ''
}

export function setOutput(name: string, value: string): void {
  if (process.env.GITHUB_OUTPUT) {
    fileCommand('OUTPUT', keyValue(name, value))
    return
  }
  writeOut(EOL)
  command('set-output', { name }, value)
}

export function saveState(name: string, value: string): void {
  if (process.env.GITHUB_STATE) {
    fileCommand('STATE', keyValue(name, value))
    return
  }
  command('save-state', { name }, value)
}

export function setSecret(secret: string): void {
  command('add-mask', {}, secret)
}

export function debug(message: string): void {
  command('debug', {}, message)
}

export function info(message: string): void {
  writeOut(message + EOL)
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  command('warning', annotation(properties), message)
}

export function notice(message: string, properties: AnnotationProperties = {}): void {
  command('notice', annotation(properties), message)
}

export function error(message: string): void {
  command('error', {}, message)
}

export function setFailed(message: string): void {
  process.exitCode = 1
  error(message)
}

export function startGroup(name: string): void {
  command('group', {}, name)
}

export function endGroup(): void {
  command('endgroup', {}, '')
}

/** Appends to the job summary as core.summary.addRaw(text, true).write() does. */
export async function appendSummary(text: string): Promise<void> {
  const path = process.env.GITHUB_STEP_SUMMARY
  if (!path) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.')
  try {
    await access(path, constants.R_OK | constants.W_OK)
  } catch {
    throw new Error(`Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`)
  }
  await appendFile(path, text + EOL)
}

function annotation(p: AnnotationProperties): Record<string, string | number | undefined> {
  if (Object.keys(p).length === 0) return {}
  return { title: p.title, file: p.file, line: p.startLine }
}

function command(name: string, properties: Record<string, string | number | undefined>, message: string): void {
  let s = `::${name}`
  // as core writes it: a space once there are properties at all, then those with a value
  if (Object.keys(properties).length > 0) {
    const props = Object.entries(properties).filter(([, v]) => v !== undefined && v !== '' && v !== 0)
    s += ` ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}`
  }
  writeOut(`${s}::${escapeData(message)}${EOL}`)
}

function fileCommand(name: string, message: string): void {
  const path = process.env[`GITHUB_${name}`]
  if (!path) throw new Error(`Unable to find environment variable for file command ${name}`)
  if (!existsSync(path)) throw new Error(`Missing file at path: ${path}`)
  appendFileSync(path, `${message}${EOL}`, { encoding: 'utf8' })
}

/**
 * A UUID-shaped delimiter from Math.random, where @actions/core uses crypto's: the checks below
 * keep a value from ending the heredoc whatever the delimiter, and node:crypto costs every run's
 * start-up a few milliseconds for nothing else.
 */
function randomId(): string {
  const hex = (n: number): string =>
    Math.floor(Math.random() * 16 ** n)
      .toString(16)
      .padStart(n, '0')
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(Math.random() * 4)).toString(16)}${hex(3)}-${hex(12)}`
}

function keyValue(key: string, value: string): string {
  const delimiter = `ghadelimiter_${randomId()}`
  if (key.includes(delimiter)) throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  if (value.includes(delimiter)) throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  return `${key}<<${delimiter}${EOL}${value}${EOL}${delimiter}`
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
