import { describeProblem, type Problem } from '../problems.js'
import { escapeText } from './escape.js'

const SHOWN = 20

/** The problems met, as a warning callout under `heading`: the first 20, and how many more the JSON report has. */
export function problemsNote(problems: readonly Problem[], heading: string): string {
  if (problems.length === 0) return ''
  const shown = problems.slice(0, SHOWN).map((p) => `> - ${escapeText(describeProblem(p), 400)}`)
  if (problems.length > SHOWN) shown.push(`> - … and ${problems.length - SHOWN} more in the JSON report`)
  return ['> [!WARNING]', `> ${heading}`, ...shown, ''].join('\n')
}
