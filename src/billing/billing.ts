import prices from './prices.json' with { type: 'json' }
import { cents, tenths } from '../round.js'

// What a build's minutes cost on the runner it ran on. The figures live in prices.json (one dated,
// sourced list); everything here is pure and never throws: what cannot be priced is 'unknown', $0.

export interface RunnerInfo {
  environment: 'github-hosted' | 'self-hosted' | 'unknown'
  os: string
  arch: string
  labels: string[]
  cores: number | undefined
}
export interface MinutePrice {
  usdPerMinute: number
  sku: string
  source: 'input' | 'table' | 'self-hosted' | 'unknown'
  asOf: string
}
export interface CostDeltas {
  minutesDelta: number
  costDelta: number
  runsPerMonth?: number
  monthlyMinutesDelta?: number
  monthlyCostDelta?: number
}

interface PriceRow {
  sku: string
  os: string
  arch: string
  cores: number
  usdPerMinute: number
  derived?: boolean
}

// Checked against PriceRow by the compiler, so a malformed edit of prices.json fails the build.
const ROWS: readonly PriceRow[] = prices.skus
export const PRICES_AS_OF: string = prices.asOf
export const PRICES_SOURCE: string = prices.source

const OS: Readonly<Record<string, string>> = { Linux: 'linux', Windows: 'windows', macOS: 'macos' }
const ARCH: Readonly<Record<string, string>> = { X64: 'x64', ARM64: 'arm64', ARM: 'arm', X86: 'x86' }

const positiveInt = (n: number | undefined): number | undefined => (n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined)

/** From RUNNER_ENVIRONMENT (github-hosted|self-hosted), RUNNER_OS (Linux|Windows|macOS), RUNNER_ARCH (X64|ARM64|ARM|X86), the job's labels (from the jobs API when known) and the core count. */
export function runnerFromEnv(env: Record<string, string | undefined>, labels: readonly string[], cores: number | undefined): RunnerInfo {
  const e = env.RUNNER_ENVIRONMENT
  // Runners older than RUNNER_ENVIRONMENT still carry the `self-hosted` label GitHub adds to every self-hosted runner.
  const environment = e === 'github-hosted' || e === 'self-hosted' ? e : labels.includes('self-hosted') ? 'self-hosted' : 'unknown'
  const os = OS[env.RUNNER_OS ?? ''] ?? (env.RUNNER_OS ?? '').toLowerCase()
  const arch = ARCH[env.RUNNER_ARCH ?? ''] ?? (env.RUNNER_ARCH ?? '').toLowerCase()
  return { environment, os, arch, labels: [...labels], cores: positiveInt(cores) }
}

// GitHub's standard image labels (ubuntu-latest, ubuntu-slim, ubuntu-24.04-arm, windows-11-arm, macos-15-intel, …):
// they name the 2-core runner (macOS: 3-core M1 / 4-core Intel) whatever cores the machine shows, since
// public repositories get 4 cores on the same labels, and ubuntu-slim's container may see its host's.
const STANDARD = /^(ubuntu|windows|macos)-(latest|slim|\d+(\.\d+)?)(-arm|-intel)?$/

/** A standard GitHub-hosted runner's label: free minutes in public repositories (larger runners are not). */
export function isStandardLabel(label: string): boolean {
  return STANDARD.test(label)
}
// Larger runners are named by their admins; the usual names carry the size: `ubuntu-latest-8-cores`, `linux-16core`.
const CORES_IN_LABEL = /(?:^|[-_])(\d+)[-_]?cores?(?:$|[-_])/

const standardCores = (os: string, arch: string): number => (os === 'macos' ? (arch === 'x64' ? 4 : 3) : 2)

function coresFromLabels(labels: readonly string[]): number | undefined {
  for (const l of labels) {
    const m = CORES_IN_LABEL.exec(l)
    if (m?.[1] !== undefined) return positiveInt(Number(m[1]))
  }
  return undefined
}

/** The table row for a GitHub-hosted runner, or undefined when none fits. */
function rowFor(runner: RunnerInfo): PriceRow | undefined {
  const labels = runner.labels.map((l) => l.toLowerCase())
  const bySku = (sku: string): PriceRow | undefined => ROWS.find((r) => r.sku === sku)
  if (runner.os === 'macos' && labels.some((l) => l.endsWith('-xlarge'))) return bySku('macos_xl')
  if (runner.os === 'macos' && labels.some((l) => l.endsWith('-large'))) return bySku('macos_l')
  if (labels.includes('ubuntu-slim')) return bySku('linux_slim')
  // RUNNER_ARCH is the truth; a label like `ubuntu-24.04-arm` only fills in when it is missing.
  const arch = runner.arch !== '' ? runner.arch : labels.some((l) => l.endsWith('-arm') || l.includes('arm64')) ? 'arm64' : 'x64'
  const fromLabel = coresFromLabels(labels)
  const cores = fromLabel ?? (labels.some(isStandardLabel) ? standardCores(runner.os, arch) : (runner.cores ?? standardCores(runner.os, arch)))
  return ROWS.find((r) => r.os === runner.os && r.arch === arch && r.cores === cores)
}

/** The `minute-price` input wins; self-hosted is $0; else the table by os/arch/cores (labels such as `ubuntu-latest-8-cores`, `macos-latest-xlarge`, `*-arm` tell larger/arm runners). */
export function minutePrice(runner: RunnerInfo, override: number | undefined): MinutePrice {
  // The input is the user's own figure: it has no date of ours.
  if (override !== undefined && Number.isFinite(override) && override >= 0) return { usdPerMinute: override, sku: 'minute-price', source: 'input', asOf: '' }
  if (runner.environment === 'self-hosted') return { usdPerMinute: 0, sku: 'self-hosted', source: 'self-hosted', asOf: PRICES_AS_OF }
  const row = rowFor(runner)
  if (row === undefined) return { usdPerMinute: 0, sku: 'unknown', source: 'unknown', asOf: PRICES_AS_OF }
  return { usdPerMinute: row.usdPerMinute, sku: row.sku, source: 'table', asOf: PRICES_AS_OF }
}

/** GitHub rounds each job's time UP to the whole minute: 0:59 → 1, 1:00 → 1, 1:01 → 2; 0 → 0. */
export function billableMinutes(elapsedMs: number): number {
  return Number.isFinite(elapsedMs) && elapsedMs > 0 ? Math.ceil(elapsedMs / 60_000) : 0
}

// -0 (a saving on a $0 runner) reads as "-$0.00"; it is no saving.
const plain = (n: number): number => (n === 0 ? 0 : n)

/** Runner minutes a build adds (+) or saves (−) per run against the baseline, in money, and per month. */
export function costDeltas(durationDeltaSeconds: number, price: MinutePrice, runsPerMonth: number | undefined): CostDeltas {
  // Unrounded: whether a run crosses a whole-minute boundary depends on the rest of the job, so the
  // expected saving of many runs is the exact fraction.
  const minutesDelta = plain(Number.isFinite(durationDeltaSeconds) ? durationDeltaSeconds / 60 : 0)
  const costDelta = plain(minutesDelta * price.usdPerMinute)
  if (runsPerMonth === undefined || !Number.isFinite(runsPerMonth) || runsPerMonth < 0) return { minutesDelta, costDelta }
  // per month the figures are rounded where they are made: minutes to one decimal, dollars to cents
  return {
    minutesDelta,
    costDelta,
    runsPerMonth,
    monthlyMinutesDelta: plain(tenths(minutesDelta * runsPerMonth)),
    monthlyCostDelta: plain(cents(costDelta * runsPerMonth))
  }
}
