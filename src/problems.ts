/** A problem found while reading input: reported, never thrown, so the rest of the report still stands. */
export interface Problem {
  code: ProblemCode
  message: string
  /** The file the problem is in, when it comes from one. */
  file?: string
  /** 1-based line (plain) or byte offset of the object (rawjson), when known. */
  line?: number
}

export type ProblemCode =
  | 'file-missing'
  | 'file-unreadable'
  | 'file-empty'
  | 'format-unknown'
  | 'json-invalid'
  | 'json-unexpected'
  | 'json-too-large'
  | 'line-too-long'
  | 'lines-unreadable'
  | 'no-builds'
  | 'input-invalid'
  | 'record-unreadable'
  | 'docker-unavailable'
  | 'build-failed'

export function problem(code: ProblemCode, message: string, where: { file?: string | undefined; line?: number | undefined } = {}): Problem {
  const p: Problem = { code, message }
  if (where.file !== undefined) p.file = where.file
  if (where.line !== undefined) p.line = where.line
  return p
}

export function describeProblem(p: Problem): string {
  const where = p.file === undefined ? '' : p.line === undefined ? `${p.file}: ` : `${p.file}:${p.line}: `
  return `${where}${p.message}`
}

/** The message of anything thrown, for a warning or a problem: never a stack. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
