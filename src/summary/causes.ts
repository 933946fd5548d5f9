import type { Report } from '../report/report.js'
import type { RootCause, RootCauseCode } from '../analysis/root-causes.js'
import { buildName } from '../model/identity.js'
import { formatDuration } from '../format.js'
import { code, escapeText } from './escape.js'
import { row } from './table.js'

const SHOWN = 15

export const CAUSE_LABEL: Record<RootCauseCode, string> = {
  'instruction-changed': 'instruction changed',
  'files-changed': 'files changed',
  'build-arg-changed': 'build arg changed',
  'platform-changed': 'platform changed',
  'cache-not-available': 'cache not available',
  'never-cached': 'never cached',
  unexplained: 'not known'
}

/** `Dockerfile:12`, or the stage and step when the Dockerfile was not read. */
function where(c: RootCause, r: Report): string {
  const b = r.builds[c.build - 1]
  const build = r.builds.length > 1 && b ? `${escapeText(buildName(b), 120)} · ` : ''
  const plat = c.step.platform === '' ? '' : ` (${escapeText(c.step.platform)})`
  const line = c.file !== undefined && c.line !== undefined ? `${escapeText(c.file, 200)}:${String(c.line)} · ` : ''
  return `${build}${line}stage ${code(c.step.stage, 100)}${plat}, step ${String(c.step.index)}/${String(c.step.count)}`
}

/** The root cause of every miss, the costliest first: at the top of the summary, where the hit rate is. */
export function rootCausesSection(r: Report): string {
  const causes = r.rootCauses
  if (causes.length === 0) return ''
  const total = causes.reduce((t, c) => t + c.seconds, 0)
  const lines = [
    '### Why the cache missed',
    '',
    `${String(causes.length)} root cause${causes.length === 1 ? '' : 's'} for ${String(causes.reduce((t, c) => t + 1 + c.cascade.length, 0))} steps that ran (${formatDuration(total)}). A step that ran because an earlier step of its chain ran is counted under that step.`,
    '',
    row(['Cause', 'Step', 'Instruction', 'Why', 'Steps dragged along', 'Time']),
    row(['---', '---', '---', '---', '--:', '--:']),
    ...causes
      .slice(0, SHOWN)
      .map((c) =>
        row([
          `**${CAUSE_LABEL[c.code]}**`,
          where(c, r),
          code(c.step.text, 160),
          escapeText(`${c.detail}${c.ref === undefined ? '' : ` (${c.backend ?? ''} ${c.ref})`}${c.change === undefined ? '' : `. ${c.change}`}`, 400),
          String(c.cascade.length),
          formatDuration(c.seconds)
        ])
      )
  ]
  if (causes.length > SHOWN) lines.push('', `… and ${String(causes.length - SHOWN)} more in the JSON report (\`rootCauses\`).`)
  return `${lines.join('\n')}\n`
}

/** Dockerfile, `.dockerignore` and workflow findings, those that cost this run the most first. */
export function findingsSection(r: Report): string {
  const findings = r.findings
  if (findings.length === 0) return ''
  const lines = [
    '### Cache hygiene',
    '',
    row(['Where', 'About', 'What to change', 'Cost in this run']),
    row(['---', '---', '---', '--:']),
    ...findings
      .slice(0, SHOWN)
      .map((f) =>
        row([
          `${escapeText(f.file, 200)}:${String(f.line)}`,
          code(f.subject, 160),
          escapeText(f.change, 500),
          f.causes.length === 0 ? '—' : `${formatDuration(f.seconds)} (${String(f.causes.length)} cause${f.causes.length === 1 ? '' : 's'})`
        ])
      )
  ]
  if (findings.length > SHOWN) lines.push('', `… and ${String(findings.length - SHOWN)} more in the JSON report (\`findings\`).`)
  return `${lines.join('\n')}\n`
}
