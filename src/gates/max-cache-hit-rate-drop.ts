import { noBaseline, notJudged, pct, pts, type GateDef } from './gate.js'

const input = 'max-cache-hit-rate-drop'

export const maxCacheHitRateDrop: GateDef = {
  input,
  range: { min: 0, max: 100 },
  usage: 'exit 1 when the hit rate is n points below the baseline',
  unjudged: 'notice',
  judge(max, { totals, deltas }) {
    if (!deltas) return noBaseline(input, max)
    const delta = deltas.hitRateDelta
    if (delta === null || totals.hitRate === null || deltas.baselineHitRate === null) return notJudged(`${input} ${max} not evaluated: no hit rate to compare`)
    const drop = -delta
    return {
      measured: drop,
      failed: drop > max,
      message: `cache hit rate ${pct(totals.hitRate)} is ${pts(Math.abs(drop))} ${drop >= 0 ? 'below' : 'above'} the baseline median ${pct(deltas.baselineHitRate)}, ${drop > max ? 'more than' : 'within'} ${input} ${max}`
    }
  }
}
