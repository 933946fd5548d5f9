import type { CountedBuilds, Report } from '../report/report.js'
import { hitRate } from '../analysis/analyse.js'
import { buildName } from '../model/identity.js'
import { formatDuration, formatPercent } from '../format.js'
import { escapeText } from './escape.js'
import { row } from './table.js'

const SHOWN = 50

/** One row per build, named by what it built, before the stages: only when the log holds more than one. */
export function buildsSection(r: Report): string {
  if (r.totals.builds < 2) return ''
  const result = { success: '✅ success', failed: '❌ failed', canceled: 'canceled' } as const
  const rows = r.builds.slice(0, SHOWN).map((b) => {
    const cached = b.steps.filter((s) => s.cached).length
    return row([
      // a job log's build is told by the workflow step that ran it
      escapeText(b.step === undefined ? buildName(b) : `${buildName(b)} · ${b.job === undefined ? '' : `${b.job} / `}${b.step}`, 200),
      String(b.steps.length),
      String(cached),
      `${formatPercent(hitRate(cached, b.steps.length))}%`,
      `${formatDuration(b.duration)}${b.durationKind === 'wall' ? '' : ' (sum)'}`,
      result[b.status]
    ])
  })
  return [
    '### Builds',
    '',
    row(['Build', 'Steps', 'Cached', 'Hit rate', 'Time', 'Result']),
    row(['---', '--:', '--:', '--:', '--:', '---']),
    ...rows,
    ...(r.builds.length > SHOWN ? ['', `… and ${r.builds.length - SHOWN} more builds in the JSON report.`] : []),
    ...(r.counted ? ['', countedNote(r.counted)] : []),
    ''
  ].join('\n')
}

/** What a report of many builds leaves out, and what it still counts. */
export function countedNote(c: CountedBuilds): string {
  const breaks = c.breaksLeftOut > 0 ? ` (their cache breaks past the first few, ${String(c.breaksLeftOut)}, are left out)` : ''
  return `Builds ${String(c.first)} to ${String(c.first + c.builds - 1)} are counted in every total, stage, platform and slowest step${breaks}, but not kept one by one: their root causes, phases, cache transfers and steps are not in this report, so that a log of any number of builds makes a report of bounded size.`
}
