// BuildKit prints a step with its build args substituted, so `RUN curl -H "Authorization: Bearer
// $TOKEN"` carries the token in the vertex name, and from there into the job summary, the JSON
// report, the outputs and the saved baseline. Everything read from a build goes through here
// before it is modelled. Pure: no `core.setSecret` here; the caller registers what is found.

import type { RawBuild } from './progress/vertex.js'

export const MASK = '***'

/** Exact values shorter than this are not hidden: `1` or `yes` would mask half the report. */
export const MIN_SECRET_LENGTH = 4

export interface Redacted {
  text: string
  /** The distinct credentials hidden, in the order found: for `core.setSecret`. */
  found: string[]
}

interface Shape {
  /** Flags `dg`; the named group `secret` is what is hidden, the rest of the match stays. */
  pattern: RegExp
  /** A second look where the pattern alone would hide ordinary words. */
  accept?: (secret: string, groups: Record<string, string | undefined>) => boolean
}

// a plain word after `Bearer` (`Bearer authentication`) is prose, not a token
const WORD = /^[A-Z]?[a-z]+$/

// `Basic` is followed by base64("user:password"): it decodes to printable text with a colon
function isBasicCredential(b64: string): boolean {
  const decoded = Buffer.from(b64, 'base64').toString('latin1')
  return decoded.includes(':') && /^[\x20-\x7e]+$/.test(decoded)
}

// Order matters: the specific shapes run first, so `Bearer ghp_…` is hidden as a GitHub token
// and the Bearer rule then sees `***`, which it never matches.
/** A text that none of these matches cannot hold any of the shapes below. */
const ANCHORS = /gh[pousr]_|github_pat_|eyJ|AKIA|ASIA|aws_secret_access_key|:\/\/|bearer|basic|--password|=/i

const SHAPES: Shape[] = [
  // GitHub: classic tokens (ghp_ personal, gho_ OAuth, ghu_ user-to-server, ghs_ server, ghr_ refresh), fine-grained PATs
  { pattern: /\b(?<secret>gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/dg },
  // JWT: base64url header and payload, both JSON objects (`{"` → `eyJ`), and a signature (empty when unsigned)
  { pattern: /\b(?<secret>eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)/dg },
  // AWS access key ids (long-term AKIA, temporary ASIA) and the secret key after its usual name
  { pattern: /\b(?<secret>(?:AKIA|ASIA)[A-Z0-9]{16})\b/dg },
  { pattern: /\baws_secret_access_key["']?[ \t]*[=:][ \t]*["']?(?<secret>[A-Za-z0-9/+=]{16,})/dgi },
  // scheme://user:password@host: the user stays, so the report still says which account
  { pattern: /\b[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/[^\s:@/]*:(?<secret>[^\s@/]+)@/dg },
  { pattern: /\b(?:Bearer|bearer|BEARER)[ \t]+(?<secret>[A-Za-z0-9\-._~+/]+=*)/dg, accept: (s) => s.length >= 8 && !WORD.test(s) },
  { pattern: /\b(?:Basic|basic|BASIC)[ \t]+(?<secret>[A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/dg, accept: isBasicCredential },
  // `--password x` / `--password=x` (not `--password-stdin`); `-p` is left alone: `mkdir -p`, `docker run -p 80:80`
  { pattern: /(?<![\w-])--password(?:=|[ \t]+)["']?(?<secret>[^\s"'`]+)/dg, accept: (s) => !s.startsWith('-') },
  // NAME=value where the name says it is secret (`NPM_TOKEN=…`, `.npmrc`'s `_authToken=…`); short values are left
  {
    pattern: /\b(?<name>[A-Za-z_][A-Za-z0-9_]*)=["']?(?<secret>[^\s"'`;&|]+)/dg,
    accept: (s, groups) => s.length >= 8 && isSecretName(groups.name ?? '')
  }
]

/**
 * Build-arg names that hold secrets: TOKEN, SECRET, PASSWORD, PASSWD, CREDENTIAL anywhere, and
 * KEY where a word ends (API_KEY, APIKEY, apiKey, SSH_KEYS, KEY_ID) but not inside one (KEYBOARD_LAYOUT,
 * keyboard). Case-insensitive in effect. Known false positives, accepted because hiding a harmless
 * value costs less than printing a secret: MONKEY, TURKEY, KEY_VERSION, GPG_KEY (a fingerprint).
 * Not matched: AUTH (AUTHOR, OAUTH_CLIENT_ID) and PAT (PATH): their values, `ghp_…` and the like,
 * are caught by shape instead.
 */
export function isSecretName(name: string): boolean {
  return /TOKEN|SECRET|PASSW(?:OR)?D|CREDENTIAL/i.test(name) || /KEYS?(?![A-Z])|[Kk]eys?(?![a-z])/.test(name)
}

/** The values of the secret-named build args, as `redact` wants them. */
export function secretValues(args: readonly { name: string; value: string }[]): string[] {
  return args.filter((a) => isSecretName(a.name) && a.value.length >= MIN_SECRET_LENGTH).map((a) => a.value)
}

/** Hides secrets in many strings with one sorted list, and remembers what it hid. */
export class Redactor {
  private readonly secrets: string[]
  private readonly seen = new Set<string>()

  constructor(secrets: readonly string[]) {
    // longest first, so a secret that contains a shorter one is hidden whole
    this.secrets = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length)
  }

  get found(): string[] {
    return [...this.seen]
  }

  text(text: string): string {
    let out = text
    for (const s of this.secrets) {
      if (!out.includes(s)) continue
      this.seen.add(s)
      out = out.split(s).join(MASK)
    }
    // most step names hold none of the shapes' anchors: one cheap test spares eight scans
    if (ANCHORS.test(out)) for (const shape of SHAPES) out = this.shape(out, shape)
    return out
  }

  private shape(text: string, { pattern, accept }: Shape): string {
    let out = ''
    let last = 0
    for (const m of text.matchAll(pattern)) {
      const secret = m.groups?.secret
      const at = m.indices?.groups?.secret
      if (secret === undefined || at === undefined) continue
      // already hidden, or a shell variable the step reads at run time, not a value
      if (/^\**$/.test(secret) || secret.startsWith('$')) continue
      if (accept !== undefined && !accept(secret, m.groups ?? {})) continue
      this.seen.add(secret)
      out += text.slice(last, at[0]) + MASK
      last = at[1]
    }
    return last === 0 ? text : out + text.slice(last)
  }
}

/** `text` with every exact secret (longest first) and every known credential shape replaced by `***`. */
export function redact(text: string, secrets: readonly string[] = []): Redacted {
  const r = new Redactor(secrets)
  return { text: r.text(text), found: r.found }
}

/** A copy of the build with every string it carries redacted: names, errors, warnings, its name, ref and file. */
export function redactBuild(build: RawBuild, redactor: Redactor): RawBuild {
  const t = (s: string) => redactor.text(s)
  const copy: RawBuild = {
    file: t(build.file),
    format: build.format,
    vertexes: build.vertexes.map((v) => ({
      ...v,
      name: t(v.name),
      error: v.error === undefined ? undefined : t(v.error),
      intervals: v.intervals.map(([a, b]): [number, number] => [a, b])
    })),
    errors: build.errors.map(t),
    warnings: build.warnings.map(t)
  }
  if (build.name !== undefined) copy.name = t(build.name)
  if (build.ref !== undefined) copy.ref = t(build.ref)
  if (build.step !== undefined) copy.step = t(build.step)
  if (build.job !== undefined) copy.job = t(build.job)
  if (build.span !== undefined) copy.span = [build.span[0], build.span[1]]
  if (build.errorsLeftOut !== undefined) copy.errorsLeftOut = build.errorsLeftOut
  if (build.warningsLeftOut !== undefined) copy.warningsLeftOut = build.warningsLeftOut
  return copy
}

/** Every build redacted (copies), and the distinct credentials hidden across them all. */
export function redactBuilds(builds: readonly RawBuild[], secrets: readonly string[] = []): { builds: RawBuild[]; found: string[] } {
  const r = new Redactor(secrets)
  const out = builds.map((b) => redactBuild(b, r))
  return { builds: out, found: r.found }
}
