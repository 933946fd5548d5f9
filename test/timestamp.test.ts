import { expect, test } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { timestamp } from '../src/json.js'
import { expectedCounts, fixture } from './helpers.js'

// timestamp() reads BuildKit's UTC form on its own and must give what Date.parse gives, always.
const parse = (s: string): number | undefined => {
  const t = Date.parse(s)
  return Number.isNaN(t) ? undefined : t
}

test('every timestamp of every rawjson fixture reads as Date.parse reads it', () => {
  let n = 0
  for (const rel of Object.keys(expectedCounts()).filter((f) => f.endsWith('.rawjson.log'))) {
    for (const m of readFileSync(fixture(rel), 'utf8').matchAll(/"(\d{4}-\d\d-\d\dT[^"]*)"/g)) {
      const s = m[1] ?? ''
      expect(timestamp(s), s).toBe(parse(s))
      n++
    }
  }
  expect(n).toBeGreaterThan(5000)
})

test('hour 24, which Date.parse takes only without a fraction', () => {
  for (const s of ['2026-11-29T24:00:00.500Z', '2026-11-29T24:00:00.000Z', '2026-11-29T24:00:00Z', '2026-11-29T23:59:60.5Z', '2026-11-29T10:60:00.5Z'])
    expect(timestamp(s), s).toBe(parse(s))
})

test('near-misses of the form read as Date.parse reads them', () => {
  const digit = fc.integer({ min: 0, max: 9 }).map(String)
  const part = (len: number) => fc.array(digit, { minLength: len, maxLength: len }).map((d) => d.join(''))
  const fraction = fc.array(fc.oneof(digit, fc.constantFrom('.', 'x', '+', ' ')), { minLength: 0, maxLength: 12 }).map((d) => d.join(''))
  const stamp = fc
    .tuple(part(4), part(2), part(2), part(2), part(2), part(2), fraction, fc.constantFrom('Z', 'z', '+00:00', ''), fc.constantFrom('T', ' ', 't'))
    .map(([y, mo, d, h, mi, s, f, z, t]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}.${f}${z}`)
  // real dates, each second with a fraction of any length
  const real = fc
    .tuple(fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }), fc.array(digit, { minLength: 1, maxLength: 12 }))
    .map(([d, f]) => `${d.toISOString().slice(0, 19)}.${f.join('')}Z`)
  fc.assert(
    fc.property(fc.oneof(stamp, real), (s) => {
      // the same second read again, from the cache, and after another second
      expect(timestamp(s), s).toBe(parse(s))
      expect(timestamp(s), s).toBe(parse(s))
      expect(timestamp('2026-11-29T09:58:57.917265293Z')).toBe(parse('2026-11-29T09:58:57.917265293Z'))
    }),
    { numRuns: 5000 }
  )
})
