import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ProgressReader } from '../src/progress/detect.js'
import { modelBuilds, reportFromBuilds } from '../src/pipeline.js'
import { renderSummary } from '../src/summary/markdown.js'
import { isWideBlank, JobLogParser, lineStamp, StampBytes, type InnerFormat, type TimedParser } from '../src/progress/joblog.js'
import { STEP_FORMATS } from '../src/progress/formats.js'
import type { Build } from '../src/model/build.js'
import { expectedCounts, fixture, ROOT } from './helpers.js'
import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'

const JOBLOGS = join(ROOT, 'test', 'fixtures', 'joblogs')
const text = (rel: string): string => readFileSync(join(JOBLOGS, rel), 'utf8')

function read(content: string, chunk = content.length) {
  const r = new ProgressReader('job.log')
  for (let at = 0; at < content.length; at += chunk) r.push(content.slice(at, at + chunk))
  const { builds, problems } = r.end()
  return { raw: builds, builds: modelBuilds(builds), problems, format: r.format }
}

const tally = (b: Build) => ({ step: b.step, steps: b.steps.length, cached: b.steps.filter((s) => s.cached).length, kind: b.durationKind })

/**
 * The first and last line of BuildKit's of each step that printed any, read here apart from the
 * parser: a line whose text (after the timestamp) starts with `#<n> `.
 */
function buildkitSpans(content: string): { step: string; first: number; last: number }[] {
  const out: { step: string; first: number; last: number }[] = []
  let step = ''
  for (const line of content.split('\n')) {
    const stamp = lineStamp(line.replace(/^\uFEFF/, ''))
    if (!stamp) continue
    const rest = line.slice(stamp.rest)
    if (rest.startsWith('##[group]Run ')) step = rest.slice('##[group]'.length)
    if (!/^#\d+ /.test(rest)) continue
    const cur = out.at(-1)
    if (cur?.step === step) cur.last = stamp.at
    else out.push({ step, first: stamp.at, last: stamp.at })
  }
  return out
}

/** `gh run view --log`: the job's name, the step's name and a tab before each line of the raw log. */
function asGhRunView(content: string, job: string, stepName: (group: string) => string): string {
  let step = 'Set up job'
  return content
    .split('\n')
    .map((line) => {
      const m = /^\S+ ##\[group\](Run .*)$/.exec(line)
      if (m?.[1] !== undefined) step = stepName(m[1])
      return line === '' ? line : `${job}\t${step}\t${line}`
    })
    .join('\n')
}

describe('a real job log of three `docker build` steps (peltomaa/kubernetes-course)', () => {
  const log = text('public/kubernetes-course-three-builds.raw.log')
  const got = read(log)

  test('is read as a job log: each build in its step, counted as the plain parser counts it', () => {
    expect(got.format).toBe('joblog')
    expect(got.problems).toEqual([])
    expect(got.builds.map(tally)).toEqual([
      { step: expect.stringMatching(/^Run docker build .*crud-app:/) as unknown, steps: 2, cached: 0, kind: 'wall' },
      { step: expect.stringMatching(/^Run docker build .*crud-backend:/) as unknown, steps: 4, cached: 1, kind: 'wall' },
      { step: expect.stringMatching(/^Run docker build .*crud-backend-worker:/) as unknown, steps: 4, cached: 4, kind: 'wall' }
    ])
  })

  test("each build's wall time is the span of its lines of BuildKit's, within 1 s", () => {
    const spans = buildkitSpans(log)
    expect(spans).toHaveLength(3)
    got.builds.forEach((b, i) => {
      const s = spans[i]
      expect(b.step).toBe(s?.step)
      expect(Math.abs(b.duration - ((s?.last ?? 0) - (s?.first ?? 0)) / 1000)).toBeLessThan(1)
    })
    // 09:50:04.2322193 (`#0 building with`) to 09:50:22.5035431 (`#9 DONE 1.8s`): 18.27 s
    expect(got.builds[0]?.duration).toBeCloseTo(18.44, 1)
  })

  test('the steps get real start and end times: a stage that ran has a wall span no shorter than its longest step', () => {
    for (const b of got.builds) {
      for (const st of b.stages) {
        if (st.wall === undefined) continue
        expect(st.wall).toBeGreaterThanOrEqual(Math.max(...st.steps.map((s) => s.seconds)) - 0.001)
        expect(st.wall).toBeLessThanOrEqual(b.duration)
      }
    }
    const run = got.builds[1]?.steps.find((s) => s.text === 'RUN go mod download')
    expect(run?.span).toEqual([Date.parse('2025-01-06T09:50:22.7256564Z'), Date.parse('2025-01-06T09:50:23.0256564Z')])
  })

  test('the summary no longer says plain logs have no timestamps', () => {
    const r = reportFromBuilds(got.raw, ['job.log'], [], { thresholds: {}, now: new Date(0) })
    const md = renderSummary(r)
    expect(md).not.toMatch(/no timestamps/)
    expect(md).toMatch(/\*\*21\.5s\*\* wall clock/)
  })

  test('`gh run view --log` of the same job: the same builds, named by the step and the job', () => {
    const gh = read(asGhRunView(log, 'build', (g) => g.replace(/^Run docker build -t \S+\/(crud-[a-z-]+):.*$/, 'Build $1')))
    expect(gh.format).toBe('joblog')
    expect(gh.builds.map((b) => [b.job, b.step, b.steps.length, b.duration])).toEqual([
      ['build', 'Build crud-app', 2, got.builds[0]?.duration],
      ['build', 'Build crud-backend', 4, got.builds[1]?.duration],
      ['build', 'Build crud-backend-worker', 4, got.builds[2]?.duration]
    ])
  })

  test('in chunks of any size, the same', () => {
    for (const size of [1, 7, 64, 4096]) expect(read(log, size)).toEqual(got)
  })
})

describe('builds are handed on as they end, so that a job log of many builds is read in bounded memory', () => {
  const logs = [
    'public/kubernetes-course-three-builds.raw.log',
    'public/test-application-build-push.raw.log',
    ...[1, 2, 3, 4].map((n) => `captured/run-${n}/0_build.txt`)
  ]
  test.each(logs)('%s: taken while read, the same builds as read at once', (rel) => {
    const log = text(rel)
    const whole = read(log)
    const r = new ProgressReader('job.log')
    const taken: unknown[] = []
    for (let at = 0; at < log.length; at += 512) {
      r.push(log.slice(at, at + 512))
      taken.push(...r.take())
    }
    const end = r.end()
    expect([...taken, ...end.builds]).toEqual(whole.raw)
    expect(end.problems).toEqual(whole.problems)
    // a build is handed on once its step or the next build began: at most the last waits for the end
    expect(taken.length).toBeGreaterThanOrEqual(whole.raw.length - 1)
  })
})

describe('a real build-push-action step (BaryshnikovNV/Diploma-workshop-in-Yandex.Cloud)', () => {
  const log = text('public/test-application-build-push.raw.log')
  const got = read(log)

  test("the action's JSON (builder info, metadata) is not taken for rawjson; the build is the step's", () => {
    expect(got.problems).toEqual([])
    expect(got.builds.map(tally)).toEqual([{ step: 'Run docker/build-push-action@v5', steps: 1, cached: 0, kind: 'wall' }])
  })

  test('wall time: `#0 building with` at 10:44:19.1154086 to `#10 DONE 0.0s` at 10:44:21.4156575, within 1 s', () => {
    const [span] = buildkitSpans(log)
    expect(span).toBeDefined()
    expect(Math.abs((got.builds[0]?.duration ?? 0) - ((span?.last ?? 0) - (span?.first ?? 0)) / 1000)).toBeLessThan(1)
  })
})

describe('job logs captured here (buildx 0.29, lines timestamped as the runner does)', () => {
  const runs = [1, 2, 3, 4].map((n) => ({ n, log: text(`captured/run-${n}/0_build.txt`) }))

  test.each(runs)('run-$n: counts, steps and wall times', ({ n, log }) => {
    const got = read(log)
    expect(got.problems).toEqual([])
    const want = {
      1: [[6, 1]],
      2: [[6, 6]],
      3: [
        [6, 3],
        [3, 3]
      ],
      4: [[6, 2]]
    }[n]
    expect(got.builds.map((b) => [b.steps.length, b.steps.filter((s) => s.cached).length])).toEqual(want)
    expect(got.builds.every((b) => b.durationKind === 'wall' && b.step?.startsWith('Run docker buildx build'))).toBe(true)
    if (n === 4) {
      expect(got.builds[0]?.format).toBe('rawjson')
      // the cached FROM keeps the times of the build before (12:42:52.63, 2 s before this one's first
      // line): the wall is the lines' span, 12:42:54.4993810 to 12:43:00.7668719
      expect(got.builds[0]?.duration).toBeCloseTo(6.267, 3)
      // the steps keep BuildKit's own times
      expect(got.builds[0]?.steps.find((s) => s.text.startsWith('RUN sleep 2'))?.seconds).toBe(3.295)
      return
    }
    const spans = buildkitSpans(log)
    got.builds.forEach((b, i) => {
      const s = spans[i]
      expect(Math.abs(b.duration - ((s?.last ?? 0) - (s?.first ?? 0)) / 1000)).toBeLessThan(1)
    })
  })

  test('the cold run: the RUN steps take what their DONE lines say, and their stage no less', () => {
    const [b] = read(runs[0]?.log ?? '').builds
    const deps = b?.stages.find((s) => s.name === 'deps')
    expect(deps?.seconds).toBe(3.1)
    expect(deps?.wall).toBeGreaterThanOrEqual(3.1)
  })
})

describe('what the runner adds around the text, hand-written (malformed input)', () => {
  const lines = [
    '\uFEFF2025-01-06T09:50:00.0000000Z ##[group]Run docker build .',
    '2025-01-06T09:50:00.0000001Z docker build .',
    '2025-01-06T09:50:00.0000002Z ##[endgroup]',
    '2025-01-06T09:50:01.0000000Z #0 building with "default" instance using docker driver',
    '2025-01-06T09:50:01.0000000Z',
    '2025-01-06T09:50:01.1000000Z \x1b[36m#1 [1/2] FROM docker.io/library/alpine\x1b[0m',
    '2025-01-06T09:50:01.2000000Z #1 DONE 0.1s',
    '2025-01-06T09:50:01.3000000Z ',
    '2025-01-06T09:50:01.3000000Z #2 [2/2] RUN echo ***',
    '2025-01-06T09:50:04.3000000Z #2 DONE 3.0s',
    '2025-01-06T09:50:04.4000000Z ##[error]not BuildKit: #3 [2/2] RUN is no step here',
    '2025-01-06T09:50:05.0000000Z ##[group]Run echo done',
    '2025-01-06T09:50:05.0000001Z #9 [x 1/1] RUN printed by another program later',
    '2025-01-06T09:50:05.0000002Z #9 DONE 9.0s'
  ]

  test('BOM, ANSI codes, masked text, blank lines of a timestamp alone, CRLF, `##[error]`', () => {
    const got = read(lines.join('\r\n'))
    expect(got.problems).toEqual([])
    expect(got.builds.map((b) => [b.step, b.steps.map((s) => s.text)])).toEqual([
      ['Run docker build .', ['RUN echo ***']],
      ['Run echo done', ['RUN printed by another program later']]
    ])
    expect(got.builds[0]?.duration).toBe(3.3)
  })

  test('a job log without any BuildKit text gives no build and no problem', () => {
    const got = read(lines.slice(0, 3).join('\n'))
    expect(got).toMatchObject({ builds: [], problems: [], format: 'joblog' })
  })
})

describe("a line's runner timestamp is read as the regex and Date.parse read it", () => {
  // the reader before it read the runner's form on its characters, a second at a time
  const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d))(?: |$)/
  const reference = (line: string): { at: number; rest: number } | undefined => {
    const m = STAMP.exec(line)
    if (!m?.[1]) return undefined
    const at = Date.parse(m[1])
    return Number.isNaN(at) ? undefined : { at, rest: m[0].length }
  }
  // the byte reader, wherever it reads a stamp (any other line is left to lineStamp), reads it so too
  const stamps = new StampBytes()
  const onBytes = { n: 0 }
  const check = (line: string): void => {
    const want = reference(line)
    expect(lineStamp(line), line).toEqual(want)
    const buf = Buffer.from(line)
    if (!stamps.read(buf, 0, buf.length)) return
    onBytes.n++
    expect({ at: stamps.at, rest: stamps.rest }, `${line} on bytes`).toEqual(want)
  }
  const real = ['public/kubernetes-course-three-builds.raw.log', 'public/test-application-build-push.raw.log', 'captured/run-1/0_build.txt'].flatMap((rel) =>
    text(rel).split('\n')
  )

  test(`on every line of the real job logs (${String(real.length)} lines)`, () => {
    expect(real.length).toBeGreaterThan(300)
    onBytes.n = 0
    for (const line of real) check(line)
    expect(onBytes.n).toBeGreaterThan(300)
  })

  test('on their timestamps changed: fraction lengths, hour 24, dates that are none, offsets, what follows', () => {
    const stamp = '2025-01-06T09:50:04.2335218Z'
    const variants = [
      '2025-01-06T09:50:04.2Z x',
      '2025-01-06T09:50:04.23Z',
      '2025-01-06T09:50:04.123456789Z x',
      '2025-01-06T09:50:04.1234567890Z x',
      '2025-01-06T09:50:04.Z x',
      '2025-01-06T09:50:04Z x',
      '2025-01-06T24:00:00.000Z x',
      '2025-01-06T24:00:00.5Z x',
      '2025-13-06T09:50:04.2335218Z x',
      '2025-02-30T09:50:04.2335218Z x',
      '2025-01-06T09:60:04.2335218Z x',
      '2025-01-06T09:50:61.2335218Z x',
      '2025-01-06T09:50:04.2335218+02:00 x',
      '2025-01-06T09:50:04.2335218Zx',
      '2025-01-06T09:50:04.2335218Z\tx',
      '2025-01-06T09:50:04.2335218Z\r',
      '2025/01/06T09:50:04.2335218Z x',
      '2025-01-06 09:50:04.2335218Z x',
      '2025-01-06T09:50:04.23a5218Z x',
      '٢٠٢٥-01-06T09:50:04.2335218Z x',
      `${stamp} `,
      stamp
    ]
    // each twice: the second read of a second comes from what the first left
    onBytes.n = 0
    for (const line of [...variants, ...variants]) check(line)
    // the runner's own forms: 1 to 9 digits of fraction, Z, then a space or the end
    expect(onBytes.n).toBe(12)
  })

  test('on 5,000 generated ones, in and out of range, in an order that changes second often and seldom', () => {
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const two = (n: number) => String(n).padStart(2, '0')
    for (let k = 0; k < 5000; k++) {
      const fraction = rand(12) === 0 ? '' : `.${'0123456789'.repeat(2).slice(rand(10), rand(10) + 1 + rand(10))}`
      const line = `${String(2000 + rand(40))}-${two(rand(14))}-${two(rand(33))}T${two(rand(26))}:${two(rand(61))}:${two(rand(8) === 0 ? rand(62) : 4)}${fraction}Z${['', ' x', '  ', 'x', '\r'][rand(5)] ?? ''}`
      check(line)
    }
    expect(onBytes.n).toBeGreaterThan(1000)
  })
})

describe("a step's plain progress read on its bytes is read as its text is", () => {
  /** The step formats, the lines their parsers read on bytes counted. */
  const counted = (counter: { n: number }): InnerFormat[] =>
    STEP_FORMATS.map((f) => ({
      ...f,
      parser: (file: string): TimedParser => {
        const p = f.parser(file)
        const timedBytes = p.timedBytes?.bind(p)
        return {
          timedLine: (text, at, lineNo) => {
            p.timedLine(text, at, lineNo)
          },
          take: () => p.take(),
          end: () => p.end(),
          get problems() {
            return p.problems
          },
          ...(timedBytes
            ? {
                timedBytes: (buf: Buffer, start: number, end: number, at: number, lineNo: number) => {
                  const read = timedBytes(buf, start, end, at, lineNo)
                  if (read) counter.n++
                  return read
                }
              }
            : {})
        }
      }
    }))

  function readBoth(log: Buffer, chunk: number) {
    const counter = { n: 0 }
    // the reference reads every line as text, as before lines were read on bytes
    const run = (bytes: boolean) => {
      const parser = bytes ? new JobLogParser('job.log', counted(counter)) : new JobLogParser('job.log', STEP_FORMATS, false)
      const taken = []
      for (let at = 0; at < log.length; at += chunk) {
        parser.write(log.subarray(at, at + chunk))
        taken.push(...parser.take())
      }
      const builds = [...taken, ...parser.end()]
      return { result: { builds, problems: parser.problems }, decoded: parser.decodedLines }
    }
    const text = run(false)
    const bytes = run(true)
    // lines passed over: neither decoded nor read by a step's parser on their bytes
    const lines = log.toString('latin1').split('\n').length
    return { bytes: bytes.result, text: text.result, onBytes: counter.n, passedOver: lines - bytes.decoded - counter.n }
  }

  const realJobLogs = [
    'public/kubernetes-course-three-builds.raw.log',
    'public/test-application-build-push.raw.log',
    ...[1, 2, 3, 4].map((n) => `captured/run-${String(n)}/0_build.txt`)
  ].map((rel) => ({ rel, log: readFileSync(join(JOBLOGS, rel)) }))

  test.each(realJobLogs)('$rel, whole and in chunks of 7 bytes, raw and as `gh run view --log` prints it', ({ rel, log }) => {
    const gh = Buffer.from(asGhRunView(log.toString('utf8'), 'build', (g) => g))
    for (const [bytes, chunk] of [
      [log, log.length],
      [log, 7],
      [gh, gh.length],
      [gh, 7]
    ] as const) {
      const got = readBoth(bytes, chunk)
      expect(got.bytes).toEqual(got.text)
      expect(got.text.builds.length).toBeGreaterThan(0)
      // run-4 is rawjson: its parser reads no line on bytes
      if (rel.includes('run-4')) expect(got.onBytes).toBe(0)
      else expect(got.onBytes).toBeGreaterThan(10)
      // the runner's and other programs' lines (`shell: /usr/bin/bash -e {0}`, the command echoed)
      expect(got.passedOver).toBeGreaterThan(2)
    }
  })

  // Real plain logs stamped as the runner stamps them, one workflow step each, with the forms of
  // timestamp and text that the byte path must leave to the text path, in chunks of any size.
  const plainRels = Object.keys(expectedCounts()).filter((rel) => rel.endsWith('.plain.log') || rel.endsWith('.rawjson.log'))
  const plainTexts = plainRels.map((rel) => readFileSync(fixture(rel), 'utf8'))
  /** Another program's lines in a step of its own, and lines that open one or could be BuildKit's. */
  const otherLines = [
    '  PASS src/a.test.ts (1.2 s)',
    '{"level":"info","msg":"started"}',
    '"quoted"',
    'Post job cleanup.',
    'Post job cleanup',
    '\u00a0{"vertexes":[]}',
    '\ufeff#1 [x 1/1] RUN y',
    '\x1b[32m#1 [x 1/1] RUN y\x1b[0m',
    'plain text with a # and a {',
    '',
    '   ',
    '\t#5 CACHED',
    '{',
    '  "vertexes": [',
    '\0',
    'é#1 [x 1/1] RUN y',
    '✓ passed',
    '\u3000#1 [x 1/1] RUN y',
    '\u2028{"vertexes":[]}',
    '  Post job cleanup.',
    'Pass',
    '##[endgroup]'
  ]
  const line = fc.record({
    ms: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 900, max: 2500 })),
    digits: fc.oneof(fc.constant(7), fc.integer({ min: 1, max: 10 })),
    // mostly the runner's own form, so that the byte path's state meets the text path's often
    zone: fc.oneof({ arbitrary: fc.constant('Z'), weight: 8 }, fc.constantFrom('+00:00', '-01:30')),
    gap: fc.oneof({ arbitrary: fc.constant(' '), weight: 8 }, fc.constantFrom('', '  ', '\t')),
    before: fc.oneof({ arbitrary: fc.constant(''), weight: 12 }, fc.constantFrom('\x1b[36m', '\0', '\uFEFF', 'x')),
    after: fc.oneof({ arbitrary: fc.constant(''), weight: 6 }, fc.constantFrom(' ', '\r', '\0', '\x1b[0m', ' \t', '\u00e9')),
    step: fc.integer({ min: 0, max: 40 }),
    other: fc.array(fc.nat({ max: otherLines.length - 1 }), { maxLength: 4 })
  })
  const stamped = fc.record({
    // `gh run view --log`'s columns: as the runner's groups name the steps, or a step every so many lines, wherever that falls
    gh: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 3, max: 200 })),
    base: fc.nat({ max: plainTexts.length - 1 }),
    lines: fc.array(line, { minLength: 1, maxLength: 50 }),
    chunk: fc.integer({ min: 1, max: 4096 })
  })

  test('a line starting with a character that is not ASCII is told blank as trimStart tells it, for every code point', () => {
    let blanks = 0
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue
      const ch = String.fromCodePoint(cp)
      const bytes = Buffer.from(`${ch}x`)
      const want = ch.trimStart() === ''
      if (want) blanks++
      if (isWideBlank(bytes, 0, bytes.length) !== want) throw new Error(`U+${cp.toString(16)}`)
      // cut short by the line's end: a damaged sequence, no blank
      if (isWideBlank(bytes, 0, bytes.length - 2)) throw new Error(`U+${cp.toString(16)} cut`)
    }
    expect(blanks).toBe(19)
  })

  test("a step of another program's output is passed over, not decoded", () => {
    const out = [
      '##[group]Run npm test',
      ...Array.from({ length: 1000 }, (_, k) => ['  PASS src/a.test.ts', '✓ renders (3 ms)', 'ok 12 - adds', ''][k % 4] ?? '')
    ]
    const log = Buffer.from(out.map((l, k) => `2025-01-06T09:50:${String(10 + (k % 40))}.1234567Z ${l}`).join('\n'))
    const got = readBoth(log, 4096)
    expect(got.bytes).toEqual(got.text)
    expect(got.passedOver).toBe(1000)
  })

  test("each of another program's lines, then a real plain, rawjson or indented rawjson log, in the same step", () => {
    const logs = [
      'multistage/docker28-multistage-cold.plain.log',
      'multistage/docker28-multistage-cold.rawjson.log',
      'multistage/docker26-multistage-cold.rawjson.log'
    ]
    for (const rel of logs) {
      const lines = readFileSync(fixture(rel), 'utf8').split('\n')
      for (const other of otherLines) {
        const stamped = ['##[group]Run npm test', other, ...lines].map((l, k) => `2025-01-06T09:50:${String(10 + (k % 40))}.1234567Z ${l}`)
        const got = readBoth(Buffer.from(stamped.join('\n')), 4096)
        expect(got.bytes, `${rel} after ${JSON.stringify(other)}`).toEqual(got.text)
      }
    }
  })

  test(`${String(plainRels.length)} real plain and rawjson logs, stamped with every form of timestamp, other programs' steps among them, in chunks (600 cases)`, () => {
    let onBytes = 0
    fc.assert(
      fc.property(stamped, ({ gh, base, lines, chunk }) => {
        let t = Date.UTC(2025, 0, 6, 9, 50, 3) * 10_000
        const out: string[] = []
        const texts = (plainTexts[base] ?? '').split('\n')
        texts.forEach((text, k) => {
          const v = lines[k % lines.length]
          if (v === undefined) return
          t += v.ms * 10_000 + 1
          const ms = Math.floor(t / 10_000)
          const fraction = String(t % 10_000_000)
            .padStart(7, '0')
            .padEnd(10, '5')
            .slice(0, v.digits)
          const stamp = `${new Date(ms).toISOString().slice(0, 19)}.${fraction}${v.zone}`
          if (v.step === 0) out.push(`${stamp} ##[group]Run docker buildx build --progress=plain .`)
          if (v.step === 1) {
            out.push(`${stamp} ##[group]Run npm test`)
            for (const o of v.other) out.push(`${stamp}${v.gap}${otherLines[o] ?? ''}`)
          }
          out.push(`${stamp}${v.gap}${v.before}${text}${v.after}`)
        })
        const log = out.join('\n')
        // and now and then a BOM or NUL before the columns, a job not in ASCII, a line without them
        const columns = (l: string, k: number): string =>
          `${k % 17 === 0 ? '\uFEFF' : k % 19 === 0 ? '\0' : ''}${k % 23 === 0 ? '' : `${k % 29 === 0 ? 'bü' : 'build'}\tStep ${String(Math.floor(k / gh))}\t`}${l}`
        const printed = gh === 0 ? log : gh === 1 ? asGhRunView(log, 'build', (g) => g) : out.map(columns).join('\n')
        const got = readBoth(Buffer.from(printed), chunk)
        onBytes += got.onBytes
        return isDeepStrictEqual(got.bytes, got.text)
      }),
      { numRuns: 600, seed: Number(process.env.FC_SEED ?? 20261129) }
    )
    // the byte path was taken, and often
    expect(onBytes).toBeGreaterThan(3_000)
  })
})
