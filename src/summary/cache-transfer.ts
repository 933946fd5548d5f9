import type { Report } from '../report/report.js'
import { buildName } from '../model/identity.js'
import { formatDuration } from '../format.js'
import { code, escapeText } from './escape.js'
import { row } from './table.js'

const RESULT = { ok: '✅ ok', empty: '⚠️ empty', failed: '❌ failed' } as const

/** Each build's cache imports and exports: backend, time, result, and what a failure meant. */
export function cacheTransferSection(r: Report): string {
  const rows: string[] = []
  const several = r.builds.length > 1
  for (const b of r.builds) {
    const t = b.cacheTransfer
    if (!t) continue
    const name = several ? `${escapeText(buildName(b), 120)} · ` : ''
    for (const i of t.imports)
      rows.push(
        row([
          `${name}import`,
          escapeText(i.backend),
          i.ref === undefined ? '' : code(i.ref, 200),
          formatDuration(i.seconds),
          RESULT[i.result],
          escapeText(i.explanation ?? i.error ?? '', 400)
        ])
      )
    for (const e of t.exports)
      rows.push(
        row([
          `${name}export`,
          escapeText(e.backend + (e.mode === undefined ? '' : `, mode=${e.mode}`)),
          e.ref === undefined ? '' : code(e.ref, 200),
          formatDuration(e.seconds),
          RESULT[e.result],
          escapeText(e.explanation ?? e.error ?? '', 400)
        ])
      )
  }
  if (rows.length === 0) return ''
  return [
    '### Cache import and export',
    '',
    row(['', 'Backend', 'Source', 'Time', 'Result', 'What it means']),
    row(['---', '---', '---', '--:', '---', '---']),
    ...rows,
    ''
  ].join('\n')
}

/** A cache export that failed, in words: the next run will miss. */
export function failedExports(r: Report): string[] {
  return r.builds.flatMap((b) =>
    (b.cacheTransfer?.exports ?? [])
      .filter((e) => e.result === 'failed')
      .map((e) => `${buildName(b)}: ${e.explanation ?? `the ${e.backend} cache export failed: ${e.error ?? ''}`}`)
  )
}
