import { oneDecimal } from '../format.js'
import { noBaseline, notJudged, secs, type GateDef } from './gate.js'

const input = 'max-duration-increase'

export const maxDurationIncrease: GateDef = {
  input,
  unit: '%',
  range: { min: 0 },
  usage: 'exit 1 when the build is n percent slower than the baseline',
  unjudged: 'notice',
  judge(max, { totals, deltas }) {
    if (!deltas) return noBaseline(input, max)
    const inc = deltas.durationDeltaPercent
    if (inc === undefined) {
      return notJudged(`${input} ${max}% not evaluated: the baseline's duration was measured another way (wall clock against a sum of step times)`)
    }
    const verb = inc > max ? 'more than' : 'within'
    return {
      measured: inc,
      failed: inc > max,
      message: `build duration ${secs(totals.duration)} is ${oneDecimal(Math.abs(inc))}% ${inc >= 0 ? 'above' : 'below'} the baseline median ${secs(deltas.baselineDuration)}, ${verb} ${input} ${max}%`
    }
  }
}
