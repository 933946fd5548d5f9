import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'buildkit')

export function fixture(rel: string): string {
  return join(FIXTURES, rel)
}

export interface Expected {
  builds: number
  steps: number
  cached: number
  exitCode: number
}

/** Counts taken from each captured log independently of the parsers (see test/fixtures/README.md). */
export function expectedCounts(): Record<string, Expected> {
  return JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expected>
}
