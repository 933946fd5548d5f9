// Everything that comes from a log passes through here before it reaches the job summary:
// step names and output are whatever the user's Dockerfile prints.

// eslint-disable-next-line no-control-regex
const CONTROL = /\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f]/g
// Characters that are markup inside a line (HTML, table cells, emphasis, links, code, math,
// mentions, issue and emoji references, autolinks) become numeric references, which GitHub
// renders as the character and never as syntax, inside <code> as well.
const ACTIVE = /[&<>`*_[\]|\\~@#$!]|:(?=\/\/)|\.(?<=www\.)/gi

/** Escapes text for a markdown table cell or HTML: one line, no markup, no mentions, no links. */
export function escapeText(text: string, max = 300): string {
  let s = text.replace(CONTROL, '').replace(/[\r\n\t]+/g, ' ')
  if (s.length > max) s = `${s.slice(0, max - 1)}…`
  return s.replace(ACTIVE, (c) => `&#${c.charCodeAt(0)};`)
}

/** Log text in an HTML code element. */
export function code(text: string, max = 300): string {
  return `<code>${escapeText(text, max)}</code>`
}
