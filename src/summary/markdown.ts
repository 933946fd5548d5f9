import type { Report } from '../report/report.js'
import type { Build } from '../model/build.js'
import { hitRate, type StepRef } from '../analysis/analyse.js'
import { bar, formatDuration, formatDurationDelta, formatPercent, formatPointsDelta, sparkline } from '../format.js'
import { code, escapeText } from './escape.js'
import { row } from './table.js'
import { buildCacheSection } from './build-cache.js'
import { actionsCacheSection } from './actions-cache.js'
import { problemsNote } from './problems.js'
import { maxOf } from '../arrays.js'
import { buildName } from '../model/identity.js'
import { buildsSection } from './builds.js'
import { findingsSection, rootCausesSection } from './causes.js'
import { cacheTransferSection } from './cache-transfer.js'
import { trendSection } from './trend.js'
import { pushAndCacheExport, timelineSection } from './timeline.js'
import { cacheBenefitSection } from './cache-benefit.js'

/** GitHub rejects a step's job summary over 1 MiB; stay under it with room for other steps' text. */
export const SUMMARY_LIMIT = 1000 * 1024

const STATUS: Record<StepRef['status'], string> = {
  cached: 'cached',
  done: 'ran',
  error: '❌ failed',
  canceled: 'canceled',
  running: 'unfinished'
}

/** The job summary as one markdown string, within `limit` bytes: detail is dropped first, then the text is cut with a notice. */
export function renderSummary(report: Report, limit = SUMMARY_LIMIT): string {
  const head = [
    headline(report),
    rootCausesSection(report),
    problemsNote(report.problems, 'Some input could not be read:'),
    buildsSection(report),
    stages(report),
    timelineSection(report),
    trendSection(report),
    newMisses(report),
    breaks(report),
    findingsSection(report),
    cacheTransferSection(report),
    cacheBenefitSection(report),
    slowest(report),
    baseImages(report),
    buildCacheSection(report),
    actionsCacheSection(report)
  ]
    .filter((s) => s !== '')
    .join('\n')
  const full = `${head}\n${allSteps(report)}`
  if (bytes(full) <= limit) return full
  const notice = '\n> [!NOTE]\n> The list of every step was left out: the job summary is limited to 1 MiB. The JSON report (`report` output) has it.\n'
  if (bytes(head) + bytes(notice) <= limit) return head + notice
  const cut = "\n\n> [!WARNING]\n> This summary was cut at GitHub's 1 MiB limit. The JSON report (`report` output) has everything.\n"
  return truncateBytes(head, limit - bytes(cut)) + cut
}

function headline(r: Report): string {
  const t = r.totals
  const lines = ['## Docker build insights', '']
  if (t.steps === 0) {
    lines.push(`**No Dockerfile step found** in ${r.files.length} log file${r.files.length === 1 ? '' : 's'}.`)
    // a build that failed before its first step is the news here, not the empty count
    const failed = r.builds.filter((b) => b.status !== 'success')
    const first = failed.find((b) => b.error !== undefined)
    if (first?.error !== undefined) {
      const more = failed.length > 1 ? ` (and ${failed.length - 1} more failed build${failed.length > 2 ? 's' : ''})` : ''
      lines.push('', `❌ The build failed before its first step${more}: ${code(first.error, 500)}`)
    }
  } else {
    const kind =
      t.durationKind === 'wall'
        ? 'wall clock'
        : t.durationKind === 'sum'
          ? 'sum of vertex times (plain logs have no timestamps)'
          : 'wall clock where known, else sum of vertex times'
    const d = r.deltas
    const rateDelta = d?.hitRateDelta === null || d?.hitRateDelta === undefined ? '' : ` (${formatPointsDelta(d.hitRateDelta)})`
    const timeDelta =
      d?.durationDelta === undefined
        ? ''
        : ` (${formatDurationDelta(d.durationDelta)}${d.durationDeltaPercent === undefined ? '' : `, ${d.durationDeltaPercent >= 0 ? '+' : '−'}${Math.abs(d.durationDeltaPercent).toFixed(1)}%`})`
    const parts = [
      `**Cache hit rate ${formatPercent(t.hitRate)}%**${rateDelta}`,
      `${t.cached} of ${t.steps} steps cached`,
      `${t.builds} build${t.builds === 1 ? '' : 's'}${t.failed > 0 ? ` (${t.failed} failed)` : ''}`,
      `**${formatDuration(t.duration)}**${timeDelta} ${kind}`
    ]
    lines.push(parts.join(' · '))
    const around = pushAndCacheExport(r)
    if (around !== '') lines.push('', around)
    if (d) {
      const base = `baseline: the median of ${d.runs} run${d.runs === 1 ? '' : 's'} (${formatPercent(d.baselineHitRate)}%, ${formatDuration(d.baselineDuration)})`
      lines.push(
        '',
        `${base} · duration ${sparkline(d.history.map((h) => h.duration))} · hit rate ${sparkline(d.history.map((h) => h.hitRate ?? 0))} (oldest → this run)`
      )
    }
  }
  const billing = billingLine(r)
  if (billing !== '') lines.push('', billing)
  for (const c of r.gate.checks) {
    const icon = c.verdict === 'pass' ? '✅' : c.verdict === 'fail' ? '❌' : 'ℹ️'
    lines.push('', `${icon} Gate: ${escapeText(c.message, 500)}`)
  }
  return `${lines.join('\n')}\n`
}

function billingLine(r: Report): string {
  const b = r.billing
  if (!b) return ''
  const p = b.price
  const priced =
    p.source === 'unknown'
      ? 'price unknown (set minute-price)'
      : `${escapeText(p.sku)} at $${p.usdPerMinute.toFixed(3)}/min${p.source === 'input' ? ' (minute-price)' : p.asOf === '' ? '' : ` (prices of ${escapeText(p.asOf)})`}`
  const parts = [`Runner minutes: ${priced}`]
  if (b.billableMinutes !== undefined)
    parts.push(`this job so far **${b.billableMinutes} billable min**${b.cost === undefined ? '' : ` ($${b.cost.toFixed(2)})`}`)
  if (b.monthlyMinutes !== undefined && b.runsPerMonth !== undefined) {
    parts.push(
      `**${b.monthlyMinutes} min/month**${b.monthlyCost === undefined ? '' : ` ($${b.monthlyCost.toFixed(2)})`} at ${b.runsPerMonth} runs/month${b.runsPerMonthFrom === 'api' ? ' (last 30 days)' : ''}`
    )
  }
  const d = b.deltas
  if (d) {
    const sign = (n: number, digits: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(digits)}`
    parts.push(`this build vs baseline **${sign(d.minutesDelta, 2)} min/run** (${sign(d.costDelta, 4)} USD)`)
    if (d.monthlyMinutesDelta !== undefined && d.monthlyCostDelta !== undefined && d.runsPerMonth !== undefined) {
      parts.push(`**${sign(d.monthlyMinutesDelta, 0)} min/month** (${sign(d.monthlyCostDelta, 2)} USD at ${d.runsPerMonth} runs/month)`)
    }
  }
  return parts.join(' · ')
}

// asked once per build section: remembered per report, or it is quadratic in builds × stages
const platformsOf = new WeakMap<Report, boolean>()

function hasPlatforms(r: Report): boolean {
  let has = platformsOf.get(r)
  if (has === undefined) {
    has = r.stages.some((s) => s.platform !== '')
    platformsOf.set(r, has)
  }
  return has
}

function stages(r: Report): string {
  if (r.stages.length === 0) return ''
  const plat = hasPlatforms(r)
  const several = r.builds.length > 1
  // per build, in the Dockerfile's order (model/build.ts), never merged across builds
  const list = r.builds.flatMap((b, i) =>
    b.stages.map((st) => ({
      build: i + 1,
      platform: st.platform,
      name: st.name,
      steps: st.steps.length,
      cached: st.cached,
      seconds: st.seconds,
      wall: st.wall
    }))
  )
  const max = maxOf(
    list.map((s) => s.seconds),
    0
  )
  const wall = list.some((s) => s.wall !== undefined)
  const deltas = r.deltas?.stages
  // by key, not by search: a report can hold 200,000 stages
  const byStage = new Map(deltas?.map((x) => [`${x.platform}\u0000${x.name}`, x]))
  const deltaOf = (s: { platform: string; name: string }) => {
    const d = byStage.get(`${s.platform}\u0000${s.name}`)
    return d?.secondsDelta === undefined ? 'new' : formatDurationDelta(d.secondsDelta)
  }
  const names = several ? r.builds.map((b) => escapeText(buildName(b), 120)) : []
  const rows = list.map((s) =>
    row([
      ...(several ? [names[s.build - 1] ?? ''] : []),
      escapeText(s.name),
      ...(plat ? [escapeText(s.platform || '–')] : []),
      String(s.steps),
      String(s.cached),
      `${formatPercent(hitRate(s.cached, s.steps))}%`,
      formatDuration(s.seconds),
      ...(wall ? [s.wall === undefined ? '' : formatDuration(s.wall)] : []),
      ...(deltas ? [deltaOf(s)] : []),
      bar(s.seconds, max)
    ])
  )
  return [
    '### Stages',
    '',
    ...(several ? ["Per build, each in its Dockerfile's order.", ''] : []),
    row([
      ...(several ? ['Build'] : []),
      'Stage',
      ...(plat ? ['Platform'] : []),
      'Steps',
      'Cached',
      'Hit rate',
      'Step time',
      ...(wall ? ['Wall span'] : []),
      ...(deltas ? ['vs baseline'] : []),
      ''
    ]),
    row([
      ...(several ? ['---'] : []),
      '---',
      ...(plat ? ['---'] : []),
      '--:',
      '--:',
      '--:',
      '--:',
      ...(wall ? ['--:'] : []),
      ...(deltas ? ['--:'] : []),
      '---'
    ]),
    ...rows,
    ...(plat && r.stages.some((s) => s.platform === '')
      ? ['', "–: BuildKit prints no platform for a step whose name is the same on every platform; each platform's run is still its own step."]
      : []),
    ...(wall && list.some((s) => s.wall === undefined && s.steps > 0 && s.cached === s.steps)
      ? ['', 'A stage whose every step was cached did not run: it has no wall span.']
      : []),
    ...(plat
      ? ['', `By platform: ${r.platforms.map((p) => `${escapeText(p.platform || '–')} ${formatPercent(p.hitRate)}% (${p.cached}/${p.steps})`).join(' · ')}`]
      : []),
    ''
  ].join('\n')
}

/** `acme/api:ci · stage <code>build</code>, step 7/12`: never `build 7`, which reads like "Build 2". */
function stepLabel(s: StepRef, r: Report): string {
  const b = r.builds[s.build - 1]
  // a build past those kept whole is named by its number
  const build = b ? (r.builds.length > 1 ? `${escapeText(buildName(b), 120)} · ` : '') : r.totals.builds > 1 ? `build ${String(s.build)} · ` : ''
  return `${build}${stageStep(s.platform, s.stage, s.index, s.count, hasPlatforms(r))}`
}

function stageStep(platform: string, stage: string, index: number, count: number | undefined, plat: boolean): string {
  const where = plat && platform !== '' ? ` (${escapeText(platform)})` : ''
  return `stage ${code(stage, 100)}${where}, step ${index}${count === undefined ? '' : `/${count}`}`
}

function newMisses(r: Report): string {
  const misses = r.deltas?.newMisses ?? []
  if (misses.length === 0) return ''
  return [
    '### New cache misses',
    '',
    'Steps cached in most baseline runs and not in this one.',
    '',
    row(['Stage', 'Step', 'Time']),
    row(['---', '---', '--:']),
    ...misses
      .slice(0, 20)
      .map((m) => row([stageStep(m.platform, m.stage, m.index, undefined, m.platform !== ''), code(m.text, 200), formatDuration(m.seconds)])),
    ''
  ].join('\n')
}

function breaks(r: Report): string {
  if (r.breaks.length === 0) return ''
  return [
    '### Cache breaks',
    '',
    'The first step in each stage that ran after cached steps, and the time spent in it and every later step of its stage.',
    '',
    row(['Stage', 'Step', 'Cached before', 'Ran from here', 'Time from here']),
    row(['---', '---', '--:', '--:', '--:']),
    ...r.breaks
      .slice(0, 20)
      .map((b) => row([stepLabel(b.step, r), code(b.step.text, 200), String(b.cachedBefore), String(b.stepsAfter), formatDuration(b.seconds)])),
    ''
  ].join('\n')
}

function slowest(r: Report): string {
  if (r.slowest.length === 0) return ''
  return [
    '### Slowest steps',
    '',
    row(['Stage', 'Step', 'Status', 'Time']),
    row(['---', '---', '---', '--:']),
    ...r.slowest.map((s) => row([stepLabel(s, r), code(s.text, 200), STATUS[s.status], formatDuration(s.seconds)])),
    ''
  ].join('\n')
}

function baseImages(r: Report): string {
  // each image once, with every build (and stage) using it
  const several = r.builds.length > 1
  const byImage = new Map<string, { platform: string; image: string; users: Set<string>; pulled: boolean; seconds: number }>()
  for (const b of r.builds) {
    const name = buildName(b)
    for (const i of b.baseImages) {
      const key = `${i.platform}\u0000${i.image}`
      const seen = byImage.get(key) ?? { platform: i.platform, image: i.image, users: new Set<string>(), pulled: false, seconds: 0 }
      const user = several ? `${name} (${i.stage})` : i.stage
      seen.users.add(user)
      seen.pulled ||= i.pulled
      seen.seconds += i.seconds
      byImage.set(key, seen)
    }
  }
  if (byImage.size === 0) return ''
  const plat = hasPlatforms(r)
  return [
    '### Base images',
    '',
    'FROM is never reported as cached by BuildKit, so it is left out of the hit rate.',
    '',
    row(['Image', ...(plat ? ['Platform'] : []), several ? 'Used by (stage)' : 'Stage', 'Source', 'Time']),
    row(['---', ...(plat ? ['---'] : []), '---', '---', '--:']),
    ...[...byImage.values()]
      .slice(0, 30)
      .map((i) =>
        row([
          code(i.image, 200),
          ...(plat ? [escapeText(i.platform || '–')] : []),
          escapeText([...i.users].slice(0, 10).join(', ') + (i.users.size > 10 ? ` +${i.users.size - 10}` : ''), 600),
          i.pulled ? 'pulled' : 'present',
          formatDuration(i.seconds)
        ])
      ),
    ''
  ].join('\n')
}

function allSteps(r: Report): string {
  const total = r.builds.reduce((n, b) => n + b.steps.length, 0)
  if (total === 0 && r.builds.every((b) => b.error === undefined)) return ''
  const sections = r.builds.map((b, i) => buildSection(b, i + 1, r))
  return ['<details><summary>Every step (' + String(total) + ')</summary>', '', ...sections, '</details>', ''].join('\n')
}

function buildSection(b: Build, n: number, r: Report): string {
  const plat = hasPlatforms(r)
  const status = b.status === 'success' ? '' : ` · **${b.status}**`
  const lines = [
    `#### Build ${n}: ${escapeText(buildName(b), 200)}`,
    '',
    `${escapeText(b.file)}${r.totals.builds > 1 ? ` (#${b.index} in file)` : ''}${b.dockerfile === undefined ? '' : ` · ${code(b.dockerfile, 200)}`}`,
    '',
    `${b.steps.filter((s) => s.cached).length} of ${b.steps.length} steps cached · ${formatDuration(b.duration)} ${b.durationKind === 'wall' ? 'wall clock' : 'sum of vertex times'}${status}`,
    ''
  ]
  if (b.error !== undefined) lines.push(`Error: ${code(b.error, 500)}`, '')
  lines.push(row(['Stage', ...(plat ? ['Platform'] : []), '#', 'Step', 'Status', 'Time']), row(['---', ...(plat ? ['---'] : []), '--:', '---', '---', '--:']))
  for (const st of b.stages) {
    for (const s of st.steps) {
      lines.push(
        row([
          escapeText(s.stage),
          ...(plat ? [escapeText(s.platform || '–')] : []),
          `${s.index}/${s.count}`,
          code(s.text, 160),
          s.pullSeconds === undefined ? STATUS[s.status] : `cached (layers pulled in ${formatDuration(s.pullSeconds)})`,
          s.pullSeconds === undefined ? formatDuration(s.seconds) : ''
        ])
      )
    }
  }
  return `${lines.join('\n')}\n`
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** Cuts at a line boundary within max bytes, never inside a UTF-8 sequence. */
function truncateBytes(s: string, max: number): string {
  const buf = Buffer.from(s, 'utf8').subarray(0, Math.max(0, max))
  const text = buf.toString('utf8').replace(/\uFFFD$/, '')
  const nl = text.lastIndexOf('\n')
  return nl > 0 ? text.slice(0, nl) : text
}
