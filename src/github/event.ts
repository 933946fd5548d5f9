import { parseJson, isRecord } from '../json.js'

/** The `repository` object of an event payload's text, when there is one. */
export function eventRepository(payload: string): Record<string, unknown> | undefined {
  const event = parseJson(payload)
  return isRecord(event) && isRecord(event.repository) ? event.repository : undefined
}
