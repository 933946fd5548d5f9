import type { Report } from '../report/report.js'
import { cacheCostsMore, type CacheBenefit } from '../baseline/cache-benefit.js'
import { buildName } from '../model/identity.js'
import { code, escapeText } from './escape.js'
import { row } from './table.js'
import { fine } from './timeline.js'

const STEPS_SHOWN = 10

const signed = (seconds: number): string => `${seconds < 0 ? '−' : '+'}${fine(Math.abs(seconds))}`

/** `+0.02 billable min ($0.0001)`: the net benefit in runner minutes and dollars. */
function minutes(b: CacheBenefit): string {
  if (b.netMinutes === undefined) return ''
  const m = `${b.netMinutes < 0 ? '−' : '+'}${Math.abs(b.netMinutes).toFixed(2)} runner min`
  return b.netCost === undefined ? m : `${m}, ${b.netCost < 0 ? '−' : '+'}$${Math.abs(b.netCost).toFixed(4)}`
}

/** The warning when, over the window, importing and exporting cache took longer than the cache saved; '' otherwise. */
export function cacheCostWarning(r: Report): string {
  const b = r.cacheBenefit
  if (!b?.window || !cacheCostsMore(b)) return ''
  const w = b.window
  return `Over the last ${String(w.runs)} runs the cache took ${fine(w.overhead)} to import and export and saved ${fine(w.timeSaved)} of steps: it costs more than it saves. Export less (mode=min, or only from the default branch), or use a faster cache backend.`
}

/** What the cache saved this run, what moving it cost, and the net, in time and money. */
export function cacheBenefitSection(r: Report): string {
  const b = r.cacheBenefit
  if (!b || (b.overhead === 0 && !b.timeSaved)) return ''
  const lines = ['### What the cache saved', '']
  if (b.timeSaved === undefined) {
    const saved =
      b.cachedSteps === 0
        ? 'No step was cached.'
        : `What the ${String(b.cachedSteps)} cached step${b.cachedSteps === 1 ? '' : 's'} saved is known with a baseline (each one's time when it last ran).`
    lines.push(`Importing and exporting cache took **${fine(b.overhead)}** in this run. ${saved}`, '')
    return lines.join('\n')
  }
  const unknown = b.cachedSteps - b.knownSteps
  lines.push(
    `The ${String(b.knownSteps)} cached step${b.knownSteps === 1 ? '' : 's'} that ran in the baseline runs took **${fine(b.timeSaved)}** when they last ran; importing and exporting cache took **${fine(b.overhead)}**: the cache's net benefit this run is **${signed(b.net ?? 0)}** (${minutes(b)}).` +
      (unknown > 0
        ? ` ${String(unknown)} more cached step${unknown === 1 ? '' : 's'} never ran in the baseline window: ${unknown === 1 ? 'its' : 'their'} time is not known.`
        : ''),
    ''
  )
  const w = b.window
  if (w && w.runs > 1)
    lines.push(
      `Over the window's last ${String(w.runs)} runs (this one included): saved ${fine(w.timeSaved)}, spent ${fine(w.overhead)} on import and export, net ${signed(w.net)}.`,
      ''
    )
  const warning = cacheCostWarning(r)
  if (warning !== '') lines.push('> [!WARNING]', `> ${escapeText(warning, 600)}`, '')
  if (b.steps.length > 0) {
    const several = r.builds.length > 1
    lines.push(
      row(['Step', 'Instruction', 'Time when it last ran']),
      row(['---', '---', '--:']),
      ...b.steps.slice(0, STEPS_SHOWN).map((s) => {
        const build = r.builds[s.build - 1]
        const name = several && build ? `${escapeText(buildName(build), 120)} · ` : ''
        const plat = s.platform === '' ? '' : ` (${escapeText(s.platform)})`
        return row([`${name}stage ${code(s.stage, 100)}${plat}, step ${String(s.index)}/${String(s.count)}`, code(s.text, 200), fine(s.seconds)])
      }),
      ''
    )
  }
  return lines.join('\n')
}
