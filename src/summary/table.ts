/** One markdown table row; cells are escaped by the caller. */
export function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}
