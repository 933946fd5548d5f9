import { notJudged, pct, type GateDef } from './gate.js'

const input = 'min-cache-hit-rate'

export const minCacheHitRate: GateDef = {
  input,
  unit: '%',
  range: { min: 0, max: 100 },
  usage: 'exit 1 when the cache hit rate (percent) is below n',
  unjudged: 'warning',
  judge(min, { totals }) {
    const rate = totals.hitRate
    if (rate === null) return notJudged(`${input} ${min}% not evaluated: no Dockerfile step was found in the logs`)
    return { measured: rate, failed: rate < min, message: `cache hit rate ${pct(rate)} ${rate < min ? 'is below' : 'meets'} ${input} ${min}%` }
  }
}
