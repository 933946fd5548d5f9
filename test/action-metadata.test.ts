import { describe, expect, test } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isMap, isScalar, parseDocument, Scalar, type YAMLMap } from 'yaml'
import { ROOT } from './helpers.js'

// GitHub's rules for action.yml (docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax)
// and the Marketplace's, which are only told on the release page once the publish box is ticked.

const text = readFileSync(join(ROOT, 'action.yml'), 'utf8')
const doc = parseDocument(text)
const action = doc.toJS() as {
  name: string
  description: string
  inputs: Record<string, Record<string, unknown>>
  outputs: Record<string, Record<string, unknown>>
  runs: Record<string, string>
  branding: { icon: string; color: string }
}
const ID = /^[_a-zA-Z][a-zA-Z0-9_-]*$/

/** The Feather icons GitHub supports for branding ("Exhaustive list of all currently supported icons"). */
const ICONS = new Set(
  `activity airplay alert-circle alert-octagon alert-triangle align-center align-justify align-left align-right anchor aperture archive
  arrow-down-circle arrow-down-left arrow-down-right arrow-down arrow-left-circle arrow-left arrow-right-circle arrow-right arrow-up-circle
  arrow-up-left arrow-up-right arrow-up at-sign award bar-chart-2 bar-chart battery-charging battery bell-off bell bluetooth bold book-open
  book bookmark box briefcase calendar camera-off camera cast check-circle check-square check chevron-down chevron-left chevron-right
  chevron-up chevrons-down chevrons-left chevrons-right chevrons-up circle clipboard clock cloud-drizzle cloud-lightning cloud-off
  cloud-rain cloud-snow cloud code command compass copy corner-down-left corner-down-right corner-left-down corner-left-up
  corner-right-down corner-right-up corner-up-left corner-up-right cpu credit-card crop crosshair database delete disc dollar-sign
  download-cloud download droplet edit-2 edit-3 edit external-link eye-off eye fast-forward feather file-minus file-plus file-text file
  film filter flag folder-minus folder-plus folder gift git-branch git-commit git-merge git-pull-request globe grid hard-drive hash
  headphones heart help-circle home image inbox info italic layers layout life-buoy link-2 link list loader lock log-in log-out mail
  map-pin map maximize-2 maximize menu message-circle message-square mic-off mic minimize-2 minimize minus-circle minus-square minus
  monitor moon more-horizontal more-vertical move music navigation-2 navigation octagon package paperclip pause-circle pause percent
  phone-call phone-forwarded phone-incoming phone-missed phone-off phone-outgoing phone pie-chart play-circle play plus-circle
  plus-square plus pocket power printer radio refresh-ccw refresh-cw repeat rewind rotate-ccw rotate-cw rss save scissors search send
  server settings share-2 share shield-off shield shopping-bag shopping-cart shuffle sidebar skip-back skip-forward slash sliders
  smartphone speaker square star stop-circle sun sunrise sunset table tablet tag target terminal thermometer thumbs-down thumbs-up
  toggle-left toggle-right trash-2 trash trending-down trending-up triangle truck tv type umbrella underline unlock upload-cloud upload
  user-check user-minus user-plus user-x user users video-off video voicemail volume-1 volume-2 volume-x volume watch wifi-off wifi wind
  x-circle x-square x zap-off zap zoom-in zoom-out`.split(/\s+/)
)
const COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']

/** The node of `inputs.<id>.default`, to see how it is written, not only what it parses to. */
function defaultNode(id: string): Scalar | undefined {
  const input = doc.getIn(['inputs', id], true)
  if (!isMap(input)) return undefined
  const node = input.get('default', true)
  return isScalar(node) ? node : undefined
}

describe("action.yml follows GitHub's metadata rules", () => {
  test('only the keys GitHub reads; a name, and a description under the 125 characters the Marketplace takes', () => {
    expect(Object.keys(action).filter((k) => !['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding'].includes(k))).toEqual([])
    expect(action.name).toMatch(/\S/)
    expect(action.description).toMatch(/\S/)
    expect(action.description.length).toBeLessThan(125)
    expect(action.description).not.toContain('\n')
  })

  test('every input: a valid id, described, only GitHub’s keys, and a default written as a quoted string', () => {
    for (const [id, input] of Object.entries(action.inputs)) {
      expect(id, id).toMatch(ID)
      expect(
        Object.keys(input).filter((k) => !['description', 'required', 'default', 'deprecationMessage'].includes(k)),
        id
      ).toEqual([])
      expect(input.description, id).toMatch(/\S{3}/)
      if ('required' in input) expect(typeof input.required, id).toBe('boolean')
      if ('default' in input)
        expect([Scalar.QUOTE_SINGLE, Scalar.QUOTE_DOUBLE], `${id}: default: ${String(input.default)} unquoted`).toContain(defaultNode(id)?.type)
    }
  })

  test('every output: a valid id and a description, and nothing else (value is for composite actions)', () => {
    for (const [id, output] of Object.entries(action.outputs)) {
      expect(id, id).toMatch(ID)
      expect(Object.keys(output), id).toEqual(['description'])
      expect(output.description, id).toMatch(/\S{3}/)
    }
  })

  test('runs: node24, with pre and main, files that exist', () => {
    expect(Object.keys(action.runs).filter((k) => !['using', 'main', 'pre', 'pre-if', 'post', 'post-if'].includes(k))).toEqual([])
    expect(action.runs.using).toBe('node24')
    for (const entry of ['pre', 'main'] as const) {
      expect(action.runs[entry], entry).toMatch(/^dist\/.+\.js$/)
      expect(existsSync(join(ROOT, action.runs[entry] ?? '')), action.runs[entry]).toBe(true)
    }
  })

  test('branding: an icon GitHub supports and one of its colours', () => {
    expect(ICONS.size).toBe(257)
    expect(ICONS.has(action.branding.icon)).toBe(true)
    expect(COLORS).toContain(action.branding.color)
  })

  test('the check sees an unquoted default', () => {
    const d = parseDocument('inputs:\n  a:\n    default: 60\n  b:\n    default: "60"\n')
    const type = (id: string) => ((d.getIn(['inputs', id], true) as YAMLMap).get('default', true) as Scalar).type
    expect([type('a'), type('b')]).toEqual([Scalar.PLAIN, Scalar.QUOTE_DOUBLE])
  })
})

describe('the README documents every input and output of action.yml', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  /** The rows of the table under a heading: first cell's names in backticks, and the second cell. */
  function table(heading: string): { names: string[]; second: string }[] {
    const at = readme.indexOf(`\n${heading}\n`)
    expect(at, heading).toBeGreaterThan(-1)
    const rows: { names: string[]; second: string }[] = []
    for (const line of readme.slice(at + heading.length + 2).split('\n')) {
      if (line.startsWith('#')) break
      if (!line.startsWith('| `')) continue
      const [first = '', second = ''] = line.split(' | ')
      rows.push({ names: [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''), second })
    }
    return rows
  }

  test('inputs: each one a row, with its default where action.yml gives a value', () => {
    const rows = table('### Inputs')
    expect(rows.flatMap((r) => r.names).sort()).toEqual(Object.keys(action.inputs).sort())
    for (const r of rows) {
      const def = action.inputs[r.names[0] ?? '']?.default
      if (typeof def === 'string' && def !== '' && !def.startsWith('${{')) expect(r.second, r.names[0]).toContain(`\`${def}\``)
    }
  })

  test('outputs: each one in a row', () => {
    expect(
      table('### Outputs')
        .flatMap((r) => r.names)
        .sort()
    ).toEqual(Object.keys(action.outputs).sort())
  })
})
