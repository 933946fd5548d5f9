import { expect, test } from 'vitest'
import { jsonPieces, jsonText } from '../src/report/json-stream.js'
import { reportFromLogs } from '../src/pipeline.js'
import { expectedCounts, fixture } from './helpers.js'

// The report is written in pieces so that one of any size is written; the pieces must read as
// the one string JSON.stringify made before.
test('every fixture report in pieces is JSON.stringify(report, null, 2) to the character', async () => {
  for (const rel of Object.keys(expectedCounts())) {
    const report = await reportFromLogs([fixture(rel)], { thresholds: { minCacheHitRate: 80 }, now: new Date(0) })
    expect([...jsonText(report)].join(''), rel).toBe(`${JSON.stringify(report, null, 2)}\n`)
  }
})

test.each([
  ['empty containers', { a: [], b: {}, c: [[]], d: [{}] }],
  ['what JSON leaves out or writes as null', { a: undefined, b: [undefined, () => 1, Number.NaN, Infinity], c: () => 1, d: null }],
  ['toJSON', { at: new Date(0), deep: { deeper: { deepest: [{ at: new Date(1) }] } } }],
  ['text with newlines and quotes', { 'k"ey': 'a\nb "c" \u2028', n: [1, 2.5, -0] }],
  ['a bare value', 'text'],
  ['an array at the top', [1, { a: [1, { b: 2 }] }]]
])('%s: the same text at every depth', (_name, value) => {
  for (const depth of [0, 1, 2, 3, 8]) expect([...jsonPieces(value, depth)].join('')).toBe(JSON.stringify(value, null, 2))
})
