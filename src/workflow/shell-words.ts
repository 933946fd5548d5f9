import type { Text } from './parse.js'

/** A word of a shell script with the line it starts on, or an operator that ends a command (a line break is one). */
export type Token = { word: string; line: number } | { op: string; line: number }

/**
 * A shell script's words and operators, as far as finding commands and their flags needs:
 * quotes, backslash escapes, line continuations, comments and heredoc bodies (skipped). A
 * `${{ }}` expression is part of the word it stands in: GitHub replaces it before the shell runs.
 */
export function shellTokens(script: Text, continuation: string): Token[] {
  const s = script.text
  const out: Token[] = []
  let n = 0 // line of the script, from 0
  const line = (): number => (script.literal ? script.line + n : script.line)
  let word: string | undefined
  let wordLine = 0
  const heredocs: string[] = []
  const flush = (): void => {
    if (word !== undefined) out.push({ word, line: wordLine })
    word = undefined
  }
  const add = (text: string): void => {
    if (word === undefined) wordLine = line()
    word = (word ?? '') + text
  }
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? ''
    if (c === '\n') {
      flush()
      out.push({ op: '\n', line: line() })
      n++
      // a heredoc's body starts on the next line and ends at its delimiter alone on a line
      for (const delimiter of heredocs.splice(0)) {
        while (i < s.length) {
          const next = s.indexOf('\n', i + 1)
          const text = s.slice(i + 1, next < 0 ? s.length : next)
          i = next < 0 ? s.length : next
          n++
          if (text.replace(/^\t+/, '') === delimiter) break
        }
      }
      continue
    }
    if (c === continuation && s[i + 1] === '\n') {
      i++
      n++
      continue
    }
    if (c === continuation && s[i + 1] === '\r' && s[i + 2] === '\n') {
      i += 2
      n++
      continue
    }
    if (s.startsWith('${{', i)) {
      const close = s.indexOf('}}', i + 3)
      const stop = close < 0 ? s.length : close + 2
      add(s.slice(i, stop))
      i = stop - 1
      continue
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      flush()
      continue
    }
    if (c === '#' && word === undefined) {
      while (i + 1 < s.length && s[i + 1] !== '\n') i++
      continue
    }
    if (c === "'" || c === '"') {
      // a quoted part joins the word it stands in; a line break in it stays in the word
      const start = line()
      let j = i + 1
      let text = ''
      while (j < s.length && s[j] !== c) {
        if (c === '"' && s[j] === '\\' && j + 1 < s.length) j++
        if (s[j] === '\n') n++
        text += s[j] ?? ''
        j++
      }
      if (word === undefined) wordLine = start
      word = (word ?? '') + text
      i = j
      continue
    }
    if (c === '\\' && i + 1 < s.length) {
      add(s[i + 1] ?? '')
      i++
      continue
    }
    const heredoc = /^<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(s.slice(i, i + 100))
    if (heredoc !== null) {
      flush()
      heredocs.push(heredoc[2] ?? '')
      i += heredoc[0].length - 1
      continue
    }
    // a redirection and its target (`2>&1`, `> build.log`, `&>/dev/null`) are no words of the command
    const redirect = /^(&>>?|>>|>\||[<>]&[0-9-]|[<>])/.exec(s.slice(i, i + 3))
    if (redirect !== null && !s.startsWith('&&', i)) {
      if (word !== undefined && /^[0-9]+$/.test(word)) word = undefined
      flush()
      i += redirect[0].length
      while (s[i] === ' ' || s[i] === '\t') i++
      if (!/[0-9-]$/.test(redirect[0])) while (i < s.length && !/[\s;&|()<>]/.test(s[i] ?? '')) i++
      i--
      continue
    }
    const op = /^(&&|\|\||;;|[;&|()])/.exec(s.slice(i, i + 2))
    if (op !== null) {
      flush()
      out.push({ op: op[0], line: line() })
      i += op[0].length - 1
      continue
    }
    add(c)
  }
  flush()
  return out
}
