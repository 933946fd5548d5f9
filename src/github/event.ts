import { readFileSync } from 'node:fs'
import { isRecord } from '../json.js'

/** The `repository` object of the event payload at GITHUB_EVENT_PATH, when there is one. */
export function eventRepository(env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
  const path = env.GITHUB_EVENT_PATH
  if (path === undefined || path === '') return undefined
  try {
    const event: unknown = JSON.parse(readFileSync(path, 'utf8'))
    return isRecord(event) && isRecord(event.repository) ? event.repository : undefined
  } catch {
    return undefined
  }
}
