import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { ProgressReader } from '../src/progress/detect.js'
import { parseInspect } from '../src/docker/history.js'
import { isSecretName, MASK, redact, redactBuilds, secretValues } from '../src/redact.js'
import type { RawBuild } from '../src/progress/vertex.js'
import { modelBuilds } from '../src/pipeline.js'
import { analyse } from '../src/analysis/analyse.js'
import { fixture } from './helpers.js'

// FAKE values, as passed by test/fixtures/buildkit/secrets/capture.sh: the shapes of real ones only
const TOKEN = 'ghp_FAKEtokenFORbuildINSIGHTStestsONLYxx'
const PASSWORD = 'FakePassw0rd-not-real'

function read(rel: string): RawBuild[] {
  const reader = new ProgressReader(rel)
  reader.push(readFileSync(fixture(rel), 'utf8'))
  const { builds, problems } = reader.end()
  expect(problems).toEqual([])
  return builds
}

/** Every string anywhere in a value, however deep. */
function strings(x: unknown): string[] {
  if (typeof x === 'string') return [x]
  if (Array.isArray(x)) return x.flatMap(strings)
  if (x !== null && typeof x === 'object') return Object.values(x).flatMap(strings)
  return []
}

describe('a real build with a token and a password in build args (docker 28.5 / buildx 0.29)', () => {
  const inspect = parseInspect(readFileSync(fixture('../buildx/docker28-secrets.inspect.json'), 'utf8'))

  test('history inspect keeps the build args in clear', () => {
    expect(inspect?.buildArgs).toEqual([
      { name: 'API_TOKEN', value: TOKEN },
      { name: 'PIP_INDEX_URL', value: `https://ci-user:${PASSWORD}@pypi.example.invalid/simple` }
    ])
    // only the name says secret; the URL's password is caught by its shape
    expect(secretValues(inspect?.buildArgs ?? [])).toEqual([TOKEN])
  })

  test.each(['secrets/docker28-secrets-cold.plain.log', 'secrets/docker28-secrets-cold.rawjson.log'])('%s: the log carries them in step names', (rel) => {
    const names = read(rel).flatMap((b) => b.vertexes.map((v) => v.name))
    expect(names).toContain(`[2/3] RUN echo "Authorization: Bearer ${TOKEN}" > /x`)
    expect(names.some((n) => n.includes(PASSWORD))).toBe(true)
  })

  test.each([
    ['secrets/docker28-secrets-cold.plain.log', 'by shape alone (a log file, no args known)', []],
    ['secrets/docker28-secrets-cold.rawjson.log', 'by shape alone', []],
    ['secrets/docker28-secrets-cold.plain.log', 'with the record’s secret args', [TOKEN]]
  ])('%s: redacted %s, nothing carries them and the steps still count', (rel, _how, secrets) => {
    const raw = read(rel)
    const { builds, found } = redactBuilds(raw, secrets)
    const all = strings(builds)
    expect(all.filter((s) => s.includes(TOKEN) || s.includes(PASSWORD))).toEqual([])
    expect(JSON.stringify(builds)).not.toMatch(/ghp_|FakePassw0rd/)
    // rawjson may announce the steps in another order
    expect([...found].sort()).toEqual([PASSWORD, TOKEN])
    const names = builds.flatMap((b) => b.vertexes.map((v) => v.name))
    expect(names).toContain('[2/3] RUN echo "Authorization: Bearer ***" > /x')
    expect(names).toContain('[3/3] RUN echo "https://ci-user:***@pypi.example.invalid/simple" > /y')
    // the model reads the redacted copy as it read the original
    expect(analyse(modelBuilds(builds)).totals).toMatchObject({ steps: 2, cached: 0 })
    expect(analyse(modelBuilds(builds)).totals).toEqual(analyse(modelBuilds(raw)).totals)
    // a copy: the parsed builds are left as they were
    expect(raw[0]?.vertexes.some((v) => v.name.includes(TOKEN))).toBe(true)
  })
})

describe('redact: well-known credential shapes', () => {
  const gh = (prefix: string) => `${prefix}_${'a1B2'.repeat(9)}`
  test.each<[string, string, string[]]>([
    // GitHub tokens, each prefix, and fine-grained PATs
    ...['ghp', 'gho', 'ghu', 'ghs', 'ghr'].map((p): [string, string, string[]] => [
      `RUN git clone https://x:${gh(p)}@github.com/o/r`,
      'RUN git clone https://x:***@github.com/o/r',
      [gh(p)]
    ]),
    [`GH=${gh('ghp')}`, 'GH=***', [gh('ghp')]],
    [`token ${gh('ghs')}x9 end`, 'token *** end', [`${gh('ghs')}x9`]],
    [
      'use github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ01 here',
      'use *** here',
      ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ01']
    ],
    // Bearer and Basic: the scheme word stays
    ['RUN curl -H "Authorization: Bearer abc123.def-456_xyz" https://api', 'RUN curl -H "Authorization: Bearer ***" https://api', ['abc123.def-456_xyz']],
    ['authorization: bearer QWxhZGRpbjpvcGVu==', 'authorization: bearer ***', ['QWxhZGRpbjpvcGVu==']],
    ['-H "Authorization: Basic dXNlcjpzM2NyM3Q="', '-H "Authorization: Basic ***"', ['dXNlcjpzM2NyM3Q=']],
    ['Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'Basic ***', ['YWxhZGRpbjpvcGVuc2VzYW1l']],
    // passwords in URLs: the user stays
    ['git clone https://oauth2:s3cr3t@gitlab.example.com/g/p.git', 'git clone https://oauth2:***@gitlab.example.com/g/p.git', ['s3cr3t']],
    [
      'pip install --index-url https://user:p%40ss:w0rd@pypi.example/simple x',
      'pip install --index-url https://user:***@pypi.example/simple x',
      ['p%40ss:w0rd']
    ],
    ['postgres://app:hunter2@db:5432/app', 'postgres://app:***@db:5432/app', ['hunter2']],
    ['https://:onlypass@host/x', 'https://:***@host/x', ['onlypass']],
    // AWS
    ['AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE aws s3 ls', 'AWS_ACCESS_KEY_ID=*** aws s3 ls', ['AKIAIOSFODNN7EXAMPLE']],
    ['key ASIAY34FZKBOKMUTVV7A', 'key ***', ['ASIAY34FZKBOKMUTVV7A']],
    ['aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret_access_key=***', ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']],
    ['AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'AWS_SECRET_ACCESS_KEY: "***"', ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']],
    // JWT (signed, and unsigned with an empty signature)
    [
      'X-Token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok',
      'X-Token: *** ok',
      ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U']
    ],
    ['t=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 't=***', ['eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']],
    // --password, not --password-stdin
    ['docker login --password s3cretpass -u me', 'docker login --password *** -u me', ['s3cretpass']],
    ['mysql --password="s3cr3t!" db', 'mysql --password="***" db', ['s3cr3t!']],
    // NAME=value where the name is secret and the value long enough
    ['RUN NPM_TOKEN=npm_abcdef0123456789 npm ci', 'RUN NPM_TOKEN=*** npm ci', ['npm_abcdef0123456789']],
    [
      'RUN echo "//registry.npmjs.org/:_authToken=npm_abcdef0123456789" > .npmrc',
      'RUN echo "//registry.npmjs.org/:_authToken=***" > .npmrc',
      ['npm_abcdef0123456789']
    ],
    ['RUN API_KEY=0123456789abcdef ./deploy', 'RUN API_KEY=*** ./deploy', ['0123456789abcdef']],
    // several in one text, and the same one twice: found once
    [`Bearer ${gh('ghp')} and ${gh('ghp')} and https://u:pw12@h`, 'Bearer *** and *** and https://u:***@h', [gh('ghp'), 'pw12']]
  ])('%s', (text, want, found) => {
    expect(redact(text, [])).toEqual({ text: want, found })
  })

  test.each([
    ['a sha256 digest', 'FROM docker.io/library/node:20@sha256:4ac2d3969b2d5b267a4d00f702d482e3e254ffe7c6cf31a44234f2f49478a223'],
    ['an image ref', 'docker.io/library/node:20'],
    ['a URL with a port and a path', 'RUN curl -fsSL http://host:8080/path/file?x=1'],
    ['a URL with a user and no password', 'git clone https://git@github.com/o/r.git'],
    ['scp-like git', 'git clone git@github.com:o/r.git'],
    ['a plain step', 'RUN npm ci'],
    ['a mount of a secret', 'RUN --mount=type=secret,id=npm_token,target=/root/.npmrc npm ci'],
    ['an unexpanded variable', 'RUN curl -H "Authorization: Bearer $TOKEN" https://api && docker login --password $PW'],
    ['prose about bearer and basic auth', 'RUN echo "Bearer authentication and Basic auth are configured" > /doc'],
    ['a short Bearer value', 'Bearer abc'],
    ['base64 that is not user:password', 'Basic aGVsbG8gd29ybGQ='],
    ['--password-stdin', 'RUN echo x | docker login --password-stdin -u me'],
    ['-p flags', 'RUN mkdir -p /app && docker run -p 8080:80 -p 443:443 x'],
    ['a short value of a secret name', 'ENV KEY=abc'],
    ['a non-secret name', 'ARG NODE_VERSION=20.11.1-bookworm-slim'],
    ['KEYBOARD_LAYOUT', 'RUN KEYBOARD_LAYOUT=us-international setup'],
    ['a git sha', 'RUN git checkout 2c4ae9a4c46e2b445134005c5f0b8e21ce5b3b9e'],
    ['almost a GitHub token', 'ghp_tooShort0123456789'],
    ['almost an AWS key id', 'AKIAIOSFODNN7EXAMPL'],
    ['a dotted version', 'eyJ is how base64 JSON starts; v1.2.3'],
    ['already hidden', 'https://u:***@h Bearer *** --password ***']
  ])('leaves alone %s', (_what, text) => {
    expect(redact(text, [])).toEqual({ text, found: [] })
  })
})

describe('redact: exact secret values', () => {
  test('every occurrence, longest first, short ones ignored, found only when present', () => {
    const r = redact('pass=longsecret1 short=longsecret tiny=abc other', ['longsecret', 'longsecret1', 'abc', 'absent-secret', 'longsecret'])
    expect(r).toEqual({ text: 'pass=*** short=*** tiny=abc other', found: ['longsecret1', 'longsecret'] })
  })

  test('a value hidden exactly is not found again by shape', () => {
    expect(redact('Bearer tok-0123456789', ['tok-0123456789'])).toEqual({ text: `Bearer ${MASK}`, found: ['tok-0123456789'] })
  })

  test('redactBuilds hides errors, warnings, names and refs too', () => {
    const build: RawBuild = {
      file: 'build record default/default/x',
      name: 'app s3cr3t-value',
      ref: 'default/default/x',
      format: 'rawjson',
      vertexes: [
        {
          key: 'sha256:1',
          name: '[1/1] RUN use s3cr3t-value',
          started: true,
          cached: false,
          done: false,
          error: 'process "/bin/sh -c use s3cr3t-value" did not complete',
          canceled: false,
          seconds: undefined,
          intervals: [[1, 2]],
          pulled: false,
          order: 0
        }
      ],
      errors: ['ERROR: failed: s3cr3t-value'],
      warnings: ['WARN: https://u:pw-1234@host']
    }
    const before = structuredClone(build)
    const { builds, found } = redactBuilds([build], ['s3cr3t-value'])
    expect(found).toEqual(['s3cr3t-value', 'pw-1234'])
    expect(strings(builds).filter((s) => s.includes('s3cr3t') || s.includes('pw-1234'))).toEqual([])
    expect(builds[0]?.vertexes[0]).toMatchObject({ name: '[1/1] RUN use ***', error: 'process "/bin/sh -c use ***" did not complete', intervals: [[1, 2]] })
    expect(builds[0]?.ref).toBe('default/default/x')
    expect(build).toEqual(before)
  })
})

describe('isSecretName', () => {
  test.each([
    ['API_TOKEN', true],
    ['npm_token', true],
    ['_authToken', true],
    ['GITHUB_TOKEN', true],
    ['DB_PASSWORD', true],
    ['MYSQL_ROOT_PASSWD', true],
    ['client_secret', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['API_KEY', true],
    ['APIKEY', true],
    ['apiKey', true],
    ['apiKeyId', true],
    ['SSH_KEYS', true],
    ['KEY', true],
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    ['Credential', true],
    // documented false positive: hiding it costs little
    ['MONKEY', true],
    ['KEYBOARD_LAYOUT', false],
    ['keyboardLayout', false],
    ['KEYCLOAK_URL', false],
    ['NODE_VERSION', false],
    ['PIP_INDEX_URL', false],
    ['PATH', false],
    ['AUTHOR', false],
    ['GH_PAT', false]
  ])('%s → %s', (name, want) => {
    expect(isSecretName(name)).toBe(want)
  })
})
