// Renders golden summaries (test/golden/*.md) to PNG as GitHub shows a job summary: cmark-gfm with
// GitHub's extensions, GitHub's markdown styles (github-markdown-css), headless Chromium.
// `npm run pictures` renders those the README shows (docs/pictures/<golden>.png), `npm run pictures --
// <golden.md>...` others, and `npm run pictures -- --check` only says which of the README's pictures
// are older than their golden (each PNG keeps its golden's sha256), without Chromium.
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { crc32 } from 'node:zlib'

const GOLDEN = 'test/golden'
const OUT = 'docs/pictures'
/** GitHub's job summary pane on a laptop screen. */
const WIDTH = 960
/** Sharp on a high-density screen, at about half the bytes of 2x. */
const SCALE = 1.5
const KEY = 'build-insights-golden'

const named = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const shown = [...readFileSync('README.md', 'utf8').matchAll(/docs\/pictures\/([\w.-]+)\.png/g)].map((m) => `${m[1]}.md`)
const goldens = [...new Set(named.length > 0 ? named.map((f) => basename(f)) : shown)]
const missing = goldens.filter((g) => !existsSync(join(GOLDEN, g)))
if (goldens.length === 0 || missing.length > 0) {
  console.error(`no golden summary ${missing.join(', ')} in ${GOLDEN} (${readdirSync(GOLDEN).join(', ')})`)
  process.exit(2)
}
const sha = (file) => createHash('sha256').update(readFileSync(file)).digest('hex')
const pictureOf = (golden) => join(OUT, `${basename(golden, '.md')}.png`)

if (process.argv.includes('--check')) {
  const stale = goldens.filter((g) => readStamp(pictureOf(g)) !== `${g} ${sha(join(GOLDEN, g))}`)
  if (stale.length > 0) {
    console.error(`pictures older than their golden summary (run npm run pictures): ${stale.join(', ')}`)
    process.exit(1)
  }
  console.log(`${goldens.length} pictures are of their golden summaries`)
  process.exit(0)
}

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((c) => spawnSync(c, ['--version']).status === 0)
if (chromium === undefined) {
  console.error('no Chromium here: apt-get install -y chromium')
  process.exit(2)
}
const css = readFileSync(resolve('node_modules/github-markdown-css/github-markdown-light.css'), 'utf8')
const tmp = mkdtempSync(join(tmpdir(), 'build-insights-pictures-'))
mkdirSync(OUT, { recursive: true })
try {
  for (const g of goldens) {
    const file = join(GOLDEN, g)
    const html = execFileSync('cmark-gfm', ['--unsafe', '-e', 'table', '-e', 'strikethrough', '-e', 'autolink', '-e', 'tagfilter', file], { encoding: 'utf8' })
    const page = join(tmp, `${basename(g, '.md')}.html`)
    writeFileSync(page, document(html))
    // the page's height at this width first, then a window exactly that tall
    const dom = chrome(['--dump-dom', `file://${page}`])
    const height = Number(/<title>(\d+)<\/title>/.exec(dom)?.[1])
    if (!(height > 0)) throw new Error(`${g}: no page height in Chromium's DOM`)
    const png = join(tmp, 'shot.png')
    chrome([`--screenshot=${png}`, `--window-size=${WIDTH},${height}`, `file://${page}`])
    writeFileSync(pictureOf(g), stamp(readFileSync(png), `${g} ${sha(file)}`))
    console.log(`${pictureOf(g)}: ${WIDTH}x${height} at ${SCALE}x`)
  }
} finally {
  rmSync(tmp, { recursive: true, force: true })
}

function chrome(args) {
  const common = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--force-device-scale-factor=${SCALE}`, `--window-size=${WIDTH},600`]
  const r = spawnSync(chromium, [...common, `--user-data-dir=${join(tmp, 'profile')}`, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.status !== 0) throw new Error(`${chromium} ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

/** The summary as GitHub frames a step's summary: a bordered pane, its title, the markdown body. */
function document(body) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>0</title><style>${css}
html, body { margin: 0; background: #f6f8fa; }
body { padding: 16px; display: flow-root; }
.pane { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
.pane > h1 { margin: 0; padding: 12px 16px; font: 600 14px -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; border-bottom: 1px solid #d1d9e0; }
.markdown-body { padding: 16px 24px 8px; font-size: 14px; }
</style></head><body><div class="pane"><h1>build summary</h1><article class="markdown-body">${body}</article></div>
<script>document.title = String(document.documentElement.scrollHeight)</script></body></html>`
}

/** The PNG with a tEXt chunk before IEND naming the golden and its sha256, so that --check can tell a stale picture. */
function stamp(png, text) {
  const data = Buffer.from(`${KEY}\0${text}`, 'latin1')
  const type = Buffer.from('tEXt')
  const chunk = Buffer.alloc(12 + data.length)
  chunk.writeUInt32BE(data.length, 0)
  type.copy(chunk, 4)
  data.copy(chunk, 8)
  chunk.writeUInt32BE(crc32(Buffer.concat([type, data])), 8 + data.length)
  const iend = png.length - 12
  return Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)])
}

function readStamp(file) {
  if (!existsSync(file)) return undefined
  const png = readFileSync(file)
  for (let at = 8; at + 12 <= png.length;) {
    const length = png.readUInt32BE(at)
    if (png.toString('latin1', at + 4, at + 8) === 'tEXt') {
      const [key, text] = png.toString('latin1', at + 8, at + 8 + length).split('\0')
      if (key === KEY) return text
    }
    at += 12 + length
  }
  return undefined
}
