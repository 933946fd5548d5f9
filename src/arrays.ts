// Spreading an array into a call (`push(...xs)`, `Math.max(...xs)`) passes every element as an
// argument, and V8 overflows its stack past about 120,000 of them: these loop instead.

/** Appends every item to target, in order. */
export function append<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item)
}

/** The largest value, or `empty` when there is none. */
export function maxOf(values: Iterable<number>, empty: number): number {
  let max: number | undefined
  for (const v of values) if (max === undefined || v > max) max = v
  return max ?? empty
}

/** The smallest value, or `empty` when there is none. */
export function minOf(values: Iterable<number>, empty: number): number {
  let min: number | undefined
  for (const v of values) if (min === undefined || v < min) min = v
  return min ?? empty
}
