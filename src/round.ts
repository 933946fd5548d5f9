/** `n` rounded to `digits` decimals where a figure is made, so the JSON report carries `68.4`, not `68.39999999999999`; halves away from zero, no -0. */
export function round(n: number, digits: number): number {
  if (!Number.isFinite(n)) return n
  const f = 10 ** digits
  const r = (Math.sign(n) * Math.round(Math.abs(n) * f)) / f
  return r === 0 ? 0 : r
}

/** Seconds, percents and points: one decimal. */
export const tenths = (n: number): number => round(n, 1)
/** Dollars: cents. */
export const cents = (n: number): number => round(n, 2)
