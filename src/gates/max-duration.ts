import { secs, type GateDef } from './gate.js'

const input = 'max-duration'

export const maxDuration: GateDef = {
  input,
  unit: 's',
  range: { min: 0 },
  usage: 'exit 1 when the build took longer than s seconds',
  unjudged: 'notice',
  judge(max, { totals }) {
    const d = totals.duration
    return { measured: d, failed: d > max, message: `build duration ${secs(d)} ${d > max ? 'is above' : 'is within'} ${input} ${max}s` }
  }
}
