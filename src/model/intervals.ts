/** Length of the union of [start, end] intervals: a vertex that ran twice, overlapping or not. */
export function unionLength(intervals: readonly (readonly [number, number])[]): number {
  if (intervals.length === 0) return 0
  if (intervals.length === 1) {
    const [a, b] = intervals[0] ?? [0, 0]
    return Math.max(0, b - a)
  }
  const sorted = [...intervals].sort((x, y) => x[0] - y[0])
  let total = 0
  let [curStart, curEnd] = sorted[0] ?? [0, 0]
  for (const [a, b] of sorted.slice(1)) {
    if (a > curEnd) {
      total += curEnd - curStart
      curStart = a
      curEnd = b
    } else if (b > curEnd) {
      curEnd = b
    }
  }
  return total + (curEnd - curStart)
}

/** Earliest start and latest end, or undefined when nothing has both; an undefined entry is passed over. */
export function span(intervals: Iterable<readonly [number, number] | undefined>): [number, number] | undefined {
  let lo = Infinity
  let hi = -Infinity
  for (const iv of intervals) {
    if (iv === undefined) continue
    const [a, b] = iv
    if (a < lo) lo = a
    if (b > hi) hi = b
  }
  return lo <= hi ? [lo, hi] : undefined
}
