import { describe, expect, test } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDockerfile } from '../src/dockerfile/parse.js'
import { hygieneFindings } from '../src/dockerfile/hygiene.js'

const FIXTURES = 'test/fixtures/buildkit'
const real = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(FIXTURES, d.name))
      .filter((f) => f.startsWith('Dockerfile'))
      .map((f) => join(FIXTURES, d.name, f))
  )

// What a grep says, independent of the parser: lines that start with a keyword (none of the fixtures
// continues an instruction on a line that starts with one), and the `AS name` of each FROM.
const KEYWORD_LINE = /^(FROM|RUN|COPY|ADD|ARG|ENV|WORKDIR|CMD|ENTRYPOINT|LABEL|EXPOSE|USER|VOLUME|SHELL|HEALTHCHECK|STOPSIGNAL|ONBUILD|MAINTAINER)\s/

describe('the real Dockerfiles the daemon built', () => {
  test('there are some', () => {
    expect(real.length).toBeGreaterThanOrEqual(12)
  })

  test.each(real)('%s: stages and instructions as a grep counts them', (path) => {
    const text = readFileSync(path, 'utf8')
    const lines = text.split('\n')
    const d = parseDockerfile(text, path)
    expect(d.instructions.length).toBe(lines.filter((l) => KEYWORD_LINE.test(l)).length)
    const froms = lines.filter((l) => l.startsWith('FROM '))
    expect(d.stages.map((s) => s.name)).toEqual(froms.map((l) => /\sAS\s+(\S+)/.exec(l)?.[1]))
    expect(d.stages.map((s) => s.from.startLine)).toEqual(lines.flatMap((l, i) => (l.startsWith('FROM ') ? [i + 1] : [])))
    // Refused by the daemon for its typo: the one file with a problem
    expect(d.problems.length).toBe(path.endsWith('Dockerfile.broken') ? 1 : 0)
  })

  test('multistage: continuation lines, flags, stage of each instruction', () => {
    const d = parseDockerfile(readFileSync(join(FIXTURES, 'multistage/Dockerfile'), 'utf8'))
    const long = d.instructions.find((x) => x.args.includes('long line follows'))
    expect(long).toMatchObject({ keyword: 'RUN', startLine: 20, endLine: 21, stage: 2 })
    expect(long?.args).toContain('after long line')
    expect(d.stages[2]?.instructions.find((x) => x.keyword === 'COPY')?.flags).toEqual([{ name: 'from', value: 'deps' }])
    expect(d.stages[3]?.instructions.at(-1)).toMatchObject({ keyword: 'CMD', json: ['cat', '/app/dist/app.txt'] })
  })

  test('multiplatform: --platform, scratch, exec-form RUN', () => {
    const d = parseDockerfile(readFileSync(join(FIXTURES, 'multiplatform/Dockerfile'), 'utf8'))
    expect(d.stages.map((s) => [s.baseImage, s.platform])).toEqual([
      ['scratch', undefined],
      ['scratch', '$BUILDPLATFORM'],
      ['base', undefined]
    ])
    expect(d.stages[0]?.instructions[2]).toMatchObject({ keyword: 'RUN', json: ['/bin/busybox', '--install', '-s', '/bin'] })
  })

  test('cachemount: several --mount flags, continuation over three lines', () => {
    const d = parseDockerfile(readFileSync(join(FIXTURES, 'cachemount/Dockerfile'), 'utf8'))
    const run = d.stages[0]?.instructions[2]
    expect(run).toMatchObject({ keyword: 'RUN', startLine: 4, endLine: 6, flags: [{ name: 'mount', value: 'type=cache,target=/root/.cache' }] })
    expect(run?.args.startsWith('echo "cache before:"')).toBe(true)
  })
})

describe('syntax', () => {
  const cases: { name: string; text: string; expect: (d: ReturnType<typeof parseDockerfile>) => void }[] = [
    {
      name: 'continuation with comment and blank lines inside',
      text: 'FROM a\nRUN echo one \\\n  # a comment\n\n  two \\\n  three\nRUN next\n',
      expect: (d) => {
        expect(d.instructions.map((x) => [x.keyword, x.startLine, x.endLine])).toEqual([
          ['FROM', 1, 1],
          ['RUN', 2, 6],
          ['RUN', 7, 7]
        ])
        expect(d.instructions[1]?.text).toBe('RUN echo one two three')
      }
    },
    {
      name: 'escape directive: backtick continues, backslash does not',
      text: '# escape=`\nFROM mcr.microsoft.com/windows AS w\nRUN dir C:\\\nCOPY a `\n  b C:\\x\\\n',
      expect: (d) => {
        expect(d.escape).toBe('`')
        expect(d.directives).toEqual({ escape: '`' })
        expect(d.instructions.map((x) => [x.keyword, x.startLine, x.endLine])).toEqual([
          ['FROM', 2, 2],
          ['RUN', 3, 3],
          ['COPY', 4, 5]
        ])
        expect(d.instructions[2]?.text).toBe('COPY a b C:\\x\\')
      }
    },
    {
      name: 'directives stop at the first other line; a later one is a comment',
      text: '# syntax=docker/dockerfile:1.7\n# check=skip=all\n\n# escape=`\nFROM a\nRUN x \\\n y\n',
      expect: (d) => {
        expect(d.directives).toEqual({ syntax: 'docker/dockerfile:1.7', check: 'skip=all' })
        expect(d.escape).toBe('\\')
        expect(d.instructions[1]).toMatchObject({ startLine: 6, endLine: 7 })
      }
    },
    {
      name: 'heredocs: RUN, COPY, <<-, quoted, two in one instruction',
      text: [
        'FROM a',
        'RUN <<EOF',
        'apt-get update',
        'apt-get install -y curl',
        'EOF',
        'COPY <<-"END" /etc/x.conf',
        '\tkey=$value',
        '\tEND',
        'RUN <<A cat > /a && <<B cat > /b',
        'one',
        'A',
        'two',
        'B',
        'RUN echo $((1<<2))'
      ].join('\n'),
      expect: (d) => {
        const [, run, copy, two, arith] = d.instructions
        expect(run).toMatchObject({
          startLine: 2,
          endLine: 5,
          heredocs: [{ delimiter: 'EOF', body: 'apt-get update\napt-get install -y curl\n', startLine: 3, endLine: 5 }]
        })
        expect(copy).toMatchObject({ startLine: 6, endLine: 8, heredocs: [{ delimiter: 'END', stripTabs: true, quoted: true, body: 'key=$value\n' }] })
        expect(two?.heredocs.map((h) => [h.delimiter, h.body])).toEqual([
          ['A', 'one\n'],
          ['B', 'two\n']
        ])
        expect(arith).toMatchObject({ startLine: 14, heredocs: [] })
        expect(d.problems).toEqual([])
      }
    },
    {
      name: 'exec form; a broken JSON array is the shell form',
      text: 'FROM a\nRUN ["sh", "-c", "echo hi"]\nCMD [not json]\nENTRYPOINT ["x"]\n',
      expect: (d) => {
        expect(d.instructions.map((x) => x.json)).toEqual([undefined, ['sh', '-c', 'echo hi'], undefined, ['x']])
      }
    },
    {
      name: 'keywords in any case, global ARGs, stage names lower-cased',
      text: 'ARG BASE=alpine\nfrom ${BASE} as Builder\nrun echo\nFrom --platform=linux/arm64 scratch\n',
      expect: (d) => {
        expect(d.globalArgs.map((x) => x.args)).toEqual(['BASE=alpine'])
        expect(d.stages.map((s) => [s.name, s.baseImage, s.platform])).toEqual([
          ['builder', '${BASE}', undefined],
          [undefined, 'scratch', 'linux/arm64']
        ])
        expect(d.instructions.map((x) => [x.keyword, x.stage])).toEqual([
          ['ARG', -1],
          ['FROM', 0],
          ['RUN', 0],
          ['FROM', 1]
        ])
      }
    },
    {
      name: 'CRLF line ends and a byte-order mark',
      text: '\uFEFFFROM a\r\nRUN one \\\r\n two\r\n',
      expect: (d) => {
        expect(d.instructions.map((x) => x.text)).toEqual(['FROM a', 'RUN one two'])
        expect(d.problems).toEqual([])
      }
    }
  ]
  test.each(cases)('$name', (c) => {
    c.expect(parseDockerfile(c.text))
  })
})

describe('malformed input is problems, never a throw', () => {
  const cases: [string, string, { line?: number; message: RegExp }[]][] = [
    ['empty', '', [{ message: /no FROM/ }]],
    ['unknown instruction', 'FROM a\nRUNN x\n', [{ line: 2, message: /unknown instruction: RUNN/ }]],
    ['instruction before FROM', 'RUN x\nFROM a\n', [{ line: 1, message: /before the first FROM/ }]],
    ['FROM without image', 'FROM\n', [{ line: 1, message: /no image/ }]],
    ['FROM with junk', 'FROM a b c d\n', [{ line: 1, message: /expected FROM/ }]],
    ['unterminated heredoc', 'FROM a\nRUN <<EOF\necho\n', [{ line: 2, message: /not ended/ }]],
    ['bad escape', '# escape=x\nFROM a\n', [{ line: 1, message: /escape character/ }]],
    ['directive twice', '# syntax=a\n# syntax=b\nFROM a\n', [{ line: 2, message: /twice/ }]]
  ]
  test.each(cases)('%s', (_, text, expected) => {
    const d = parseDockerfile(text, 'x/Dockerfile')
    expect(d.problems.map((p) => ({ code: p.code, file: p.file, line: p.line }))).toEqual(
      expected.map((e) => ({ code: 'dockerfile-invalid', file: 'x/Dockerfile', line: e.line }))
    )
    d.problems.forEach((p, n) => {
      expect(p.message).toMatch(expected[n]?.message ?? /^$/)
    })
  })

  test('a trailing escape at the end of the file, odd bytes and huge lines', () => {
    expect(() => parseDockerfile('FROM a\nRUN x \\')).not.toThrow()
    expect(parseDockerfile('FROM a\nRUN x \\').instructions[1]).toMatchObject({ startLine: 2, endLine: 2, args: 'x' })
    expect(() => parseDockerfile('\0\u0001FROM\n'.repeat(1000) + 'RUN ' + 'x'.repeat(1_000_000))).not.toThrow()
  })
})

const SEED = `FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY src/ ./src/
`
const IGNORE_ALL = '.git\nnode_modules\n.venv\nvenv\n__pycache__\n.cache\n'

describe('hygiene findings', () => {
  // null: no .dockerignore
  const find = (text: string, dockerignore: string | null = IGNORE_ALL) => hygieneFindings(parseDockerfile(text, 'app/Dockerfile'), dockerignore ?? undefined)
  const codes = (text: string, dockerignore: string | null = IGNORE_ALL) => find(text, dockerignore).map((f) => [f.code, f.line])

  test("the seed's finding: COPY pyproject.toml README.md ./ before pip install", () => {
    expect(find(SEED)).toEqual([
      {
        code: 'manifest-with-other-files',
        file: 'app/Dockerfile',
        line: 3,
        instruction: 'COPY pyproject.toml README.md ./',
        change: 'Copy pyproject.toml on its own before the install on line 4 and README.md after it: a change to README.md now reinstalls every dependency.'
      }
    ])
  })

  const cases: [string, string, (string | number)[][]][] = [
    ['COPY . . before npm ci', 'FROM node:24\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n', [['copy-all-before-install', 3]]],
    ['ADD . . before go mod download', 'FROM golang\nADD . /src\nRUN go mod download\n', [['copy-all-before-install', 2]]],
    ['COPY ./ in exec form before bundle install', 'FROM ruby\nCOPY ["./", "/app/"]\nRUN bundle install\n', [['copy-all-before-install', 2]]],
    [
      'README and docs copied before pip install',
      'FROM python\nCOPY README.md docs/ /app/\nRUN pip install -r requirements.txt\n',
      [['copy-docs-before-install', 2]]
    ],
    [
      'package*.json with src before yarn install',
      'FROM node\nCOPY package*.json src ./\nRUN yarn install --frozen-lockfile\n',
      [['manifest-with-other-files', 2]]
    ],
    [
      'poetry, uv, cargo, composer, apt-get install count as installs',
      'FROM x\nCOPY poetry.lock tests/ ./\nRUN poetry install\nCOPY uv.lock CHANGELOG.md ./\nRUN uv sync\nCOPY Cargo.toml README ./\nRUN cargo fetch\nCOPY composer.json docs ./\nRUN composer install\nCOPY LICENSE /x\nRUN apt-get update && apt-get install -y curl\n',
      [
        ['manifest-with-other-files', 2],
        ['manifest-with-other-files', 4],
        ['manifest-with-other-files', 6],
        ['manifest-with-other-files', 8],
        ['copy-docs-before-install', 10]
      ]
    ],
    [
      'flags on both: COPY --chown --link . . before RUN --mount=type=cache npm ci',
      'FROM node\nCOPY --chown=node:node --link . .\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
      [['copy-all-before-install', 2]]
    ],
    ['install in a heredoc', 'FROM x\nCOPY . .\nRUN <<EOF\nset -e\npnpm install\nEOF\n', [['copy-all-before-install', 2]]],
    ['apt-get update alone', 'FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n', [['apt-update-alone', 2]]],
    ['apt update alone, continued', 'FROM debian\nRUN set -e; \\\n  apt update\n', [['apt-update-alone', 2]]],
    ['ARG GIT_SHA before the RUNs', 'FROM x\nARG GIT_SHA\nRUN make deps\nRUN make\n', [['volatile-arg-early', 2]]],
    ['ARG BUILD_DATE used by an ENV', 'FROM x\nARG BUILD_DATE\nENV BUILT=${BUILD_DATE}\nCOPY a /a\n', [['volatile-arg-early', 2]]],
    ['ENV from a commit before a COPY that names it', 'FROM x\nENV COMMIT=$GITHUB_SHA\nCOPY a /opt/$COMMIT/a\n', [['volatile-arg-early', 2]]],
    [
      'ARG CI_TIMESTAMP and BUILD_ID in one ARG',
      'FROM x\nARG BUILD_ID CI_TIMESTAMP=0\nRUN make\n',
      [
        ['volatile-arg-early', 2],
        ['volatile-arg-early', 2]
      ]
    ]
  ]
  test.each(cases)('%s', (_, text, expected) => {
    expect(codes(text)).toEqual(expected)
  })

  test('no .dockerignore: said once, at the first copy of the whole context', () => {
    expect(codes('FROM x\nCOPY . /app\nFROM y\nCOPY . /b\n', null)).toEqual([['dockerignore-missing', 2]])
  })

  test('a .dockerignore that leaves out too little: the names it lacks', () => {
    const [f] = find('FROM x\nCOPY . /app\n', '# mine\n.git\n**/node_modules\n')
    expect(f).toMatchObject({ code: 'dockerignore-incomplete', line: 2 })
    expect(f?.change).toBe('Add .venv, venv, __pycache__, .cache to .dockerignore: this copy takes the whole context, so any change in them misses the cache.')
    // Globs, folders with a slash, `**` and exceptions
    expect(codes('FROM x\nCOPY . /app\n', '/.git/\nnode_modules/**\n.*\nvenv\n**/__pycache__\n')).toEqual([])
    expect(codes('FROM x\nCOPY . /app\n', '*\n!src\n')).toEqual([])
    expect(codes('FROM x\nCOPY . /app\n', IGNORE_ALL + '!.git\n')).toEqual([['dockerignore-incomplete', 2]])
  })

  const clean: [string, string][] = [
    ['manifests first, then the rest', 'FROM node\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n'],
    ['python manifests first', 'FROM python\nCOPY requirements.txt requirements-dev.txt ./\nRUN pip install -r requirements.txt\nCOPY . .\n'],
    ['go manifests first', 'FROM golang\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build ./...\n'],
    [
      'apt-get update && apt-get install in one RUN',
      'FROM debian\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n'
    ],
    ['apt in one heredoc', 'FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n'],
    ['a copy from another stage before an install', 'FROM x AS a\nFROM y\nCOPY --from=a /README.md /\nRUN npm ci\n'],
    ['a heredoc COPY before an install', 'FROM x\nCOPY <<EOF /etc/pip.conf\n[global]\nEOF\nRUN pip install flask\n'],
    ['source copied with no install after it', 'FROM x\nRUN npm ci\nCOPY README.md src ./\n'],
    ['pinned tool versions and a checksum are not volatile', 'FROM x\nARG NODE_VERSION=24\nARG PYTHON_VERSION\nARG TOOL_SHA256=abc\nRUN make\n'],
    ['a volatile ARG used only at the end', 'FROM x\nRUN make\nARG GIT_SHA\nLABEL org.opencontainers.image.revision=$GIT_SHA\n'],
    ['a literal ENV named like a date', 'FROM x\nENV BUILD_DATE=never\nRUN make\n'],
    ['the copy in another stage than the install', 'FROM x AS src\nCOPY . .\nFROM y\nCOPY --from=src /x /x\nRUN npm ci\n'],
    ['a COPY from a URL', 'FROM x\nADD https://example.com/README.md /r\nRUN pip install x\n']
  ]
  test.each(clean)('not found: %s', (_, text) => {
    expect(find(text)).toEqual([])
  })

  test('the real fixture Dockerfiles: no install, so only the context and ARG findings apply', () => {
    for (const path of real.filter((p) => !p.includes('/rootcause/'))) {
      const d = parseDockerfile(readFileSync(path, 'utf8'), path)
      for (const f of hygieneFindings(d, undefined)) expect(['dockerignore-missing', 'volatile-arg-early']).toContain(f.code)
    }
  })

  // rootcause copies README.md with pyproject.toml before its install on purpose: its readme log
  // (README.md changed alone) shows the install run again, the cost this finding names.
  test.each(real.filter((p) => p.includes('/rootcause/')))('%s: the README copied with the manifest, and nothing else', (path) => {
    const d = parseDockerfile(readFileSync(path, 'utf8'), path)
    expect(hygieneFindings(d, undefined).map((f) => [f.code, f.line, f.instruction])).toEqual([
      ['manifest-with-other-files', 3, 'COPY pyproject.toml README.md ./']
    ])
  })
})
