import { hitRate } from '../analysis/analyse.js'
import { formatDuration, formatPercent, formatPointsDelta } from '../format.js'
import { problemsNote } from '../summary/problems.js'
import { escapeText } from '../summary/escape.js'
import { row } from '../summary/table.js'
import type { Leg } from './leg.js'
import type { MergedReport } from './merge.js'

// The job summary of a merge: the whole matrix in one headline and one gate, then a row per leg,
// worst first, so that a leg at 30% is the first thing read and not hidden by one at 95%.

const VERDICT = { pass: '✅ pass', fail: '❌ fail', none: '–' } as const

const minutes = (l: Leg): string => (l.billing?.billableMinutes === undefined ? '' : String(l.billing.billableMinutes))
const dollars = (n: number | undefined): string => (n === undefined ? '' : `$${n.toFixed(2)}`)

/** `Linux ARM64`, as RUNNER_OS and RUNNER_ARCH say it. */
function runner(l: Leg): string {
  const r = l.job?.runner
  return escapeText([r?.os, r?.arch].filter((s) => s !== undefined).join(' '), 80)
}

function headline(r: MergedReport): string {
  const t = r.totals
  const legs = `${r.legs.length} leg${r.legs.length === 1 ? '' : 's'}`
  const lines = [`## Docker build insights: ${legs}`, '']
  if (t.steps === 0) lines.push(`**No Dockerfile step found** in ${r.files.length} report${r.files.length === 1 ? '' : 's'}.`)
  else {
    const d = r.deltas
    const rateDelta = d?.hitRateDelta === null || d?.hitRateDelta === undefined ? '' : ` (${formatPointsDelta(d.hitRateDelta)})`
    lines.push(
      [
        `**Cache hit rate ${formatPercent(t.hitRate)}%**${rateDelta}`,
        `${t.cached} of ${t.steps} steps cached`,
        `${t.builds} build${t.builds === 1 ? '' : 's'}${t.failed > 0 ? ` (${t.failed} failed)` : ''} in ${legs}`,
        `**${formatDuration(t.duration)}** of build time summed over the legs`
      ].join(' · ')
    )
  }
  const b = r.billing
  if (r.legs.length > 0 && b.minutesUnknown < r.legs.length) {
    const unknown = b.minutesUnknown === 0 ? '' : ` (${b.minutesUnknown} leg${b.minutesUnknown === 1 ? '' : 's'} unknown)`
    const cost =
      b.costUnknown < r.legs.length
        ? ` ($${b.cost.toFixed(2)}${b.costUnknown === 0 || b.costUnknown === b.minutesUnknown ? '' : `, price unknown for ${b.costUnknown}`})`
        : ''
    const monthly = b.monthlyMinutes === undefined ? '' : ` · **${b.monthlyMinutes} min/month** ($${(b.monthlyCost ?? 0).toFixed(2)})`
    lines.push('', `Runner minutes of the legs: **${b.billableMinutes} billable min**${cost}${unknown}${monthly}`)
  }
  for (const c of r.gate.checks) {
    const icon = c.verdict === 'pass' ? '✅' : c.verdict === 'fail' ? '❌' : 'ℹ️'
    lines.push('', `${icon} Gate: ${escapeText(c.message, 500)}`)
  }
  return `${lines.join('\n')}\n`
}

function legsTable(r: MergedReport): string {
  if (r.legs.length === 0) return ''
  const baseline = r.legs.some((l) => l.deltas !== undefined)
  // a single-platform build prints no platform: the matrix values in the leg's name say it then
  const plat = r.legs.some((l) => l.platforms.length > 0)
  const t = r.totals
  const cells = (l: Leg): string[] => [
    ...(plat ? [escapeText(l.platforms.join(', ') || '–', 120)] : []),
    runner(l),
    String(l.totals.builds),
    String(l.totals.steps),
    String(l.totals.cached),
    l.totals.hitRate === null ? '–' : `${formatPercent(l.totals.hitRate)}%`,
    ...(baseline ? [l.deltas?.hitRateDelta === null || l.deltas?.hitRateDelta === undefined ? '' : formatPointsDelta(l.deltas.hitRateDelta)] : []),
    `${formatDuration(l.totals.duration)}${l.totals.durationKind === 'wall' ? '' : ' (sum)'}`,
    minutes(l),
    dollars(l.billing?.cost),
    l.totals.failed > 0 ? `❌ ${l.totals.failed} failed` : VERDICT[l.gate]
  ]
  const platforms = [...new Set(r.legs.flatMap((l) => l.platforms))].sort()
  return [
    '### Legs',
    '',
    'Worst first: the lowest cache hit rate, then the longest build time. Gate: as judged in the leg.',
    '',
    row([
      'Leg',
      ...(plat ? ['Platforms'] : []),
      'Runner',
      'Builds',
      'Steps',
      'Cached',
      'Hit rate',
      ...(baseline ? ['vs baseline'] : []),
      'Build time',
      'Billable min',
      'Cost',
      'Gate'
    ]),
    row(['---', ...(plat ? ['---'] : []), '---', '--:', '--:', '--:', '--:', ...(baseline ? ['--:'] : []), '--:', '--:', '--:', '---']),
    ...r.legs.map((l) => row([escapeText(l.name, 160), ...cells(l)])),
    row([
      `**All ${r.legs.length} legs**`,
      ...(plat ? [escapeText(platforms.join(', ') || '–', 200)] : []),
      '',
      String(t.builds),
      String(t.steps),
      String(t.cached),
      t.hitRate === null ? '–' : `**${formatPercent(t.hitRate)}%**`,
      ...(baseline ? [r.deltas?.hitRateDelta === null || r.deltas?.hitRateDelta === undefined ? '' : formatPointsDelta(r.deltas.hitRateDelta)] : []),
      formatDuration(t.duration),
      r.billing.minutesUnknown === r.legs.length ? '' : String(r.billing.billableMinutes),
      r.billing.costUnknown === r.legs.length ? '' : dollars(r.billing.cost),
      VERDICT[r.gate.verdict]
    ]),
    ''
  ].join('\n')
}

const STAGE_ROWS = 300

/** Each leg's stages, the worst leg first: where in the Dockerfile a leg's cache broke. */
function stagesTable(r: MergedReport): string {
  const rows = r.legs.flatMap((l) => l.stages.map((s) => ({ leg: l.name, ...s })))
  if (rows.length === 0) return ''
  const plat = rows.some((s) => s.platform !== '')
  return [
    '### Stages',
    '',
    "Per leg, worst leg first; each leg's stages in the order its report lists them.",
    '',
    row(['Leg', 'Stage', ...(plat ? ['Platform'] : []), 'Steps', 'Cached', 'Hit rate', 'Step time']),
    row(['---', '---', ...(plat ? ['---'] : []), '--:', '--:', '--:', '--:']),
    ...rows
      .slice(0, STAGE_ROWS)
      .map((s) =>
        row([
          escapeText(s.leg, 160),
          escapeText(s.name),
          ...(plat ? [escapeText(s.platform || '–')] : []),
          String(s.steps),
          String(s.cached),
          `${formatPercent(hitRate(s.cached, s.steps))}%`,
          formatDuration(s.seconds)
        ])
      ),
    ...(rows.length > STAGE_ROWS ? ['', `… and ${rows.length - STAGE_ROWS} more stages in the JSON report.`] : []),
    ...(plat
      ? [
          '',
          `By platform over every leg: ${r.platforms.map((p) => `${escapeText(p.platform || '–')} ${formatPercent(p.hitRate)}% (${p.cached}/${p.steps})`).join(' · ')}`
        ]
      : []),
    ''
  ].join('\n')
}

/** The merged job summary as one markdown string. */
export function renderMergedSummary(r: MergedReport): string {
  return [headline(r), problemsNote(r.problems, 'Some reports could not be read:'), legsTable(r), stagesTable(r)].filter((s) => s !== '').join('\n')
}
