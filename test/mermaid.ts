// mermaid's own parser, for the charts this project writes. Its sanitizer (DOMPurify) needs a window
// even to parse: happy-dom gives it one (as test/mermaid.test.ts does with its environment) before
// mermaid is loaded, set by hand here so that the rest of a test file keeps Node's fetch and servers.
import { Window } from 'happy-dom'

let parse: ((text: string) => Promise<unknown>) | undefined

export async function mermaidParse(text: string): Promise<unknown> {
  if (parse === undefined) {
    const window = new Window()
    Object.assign(globalThis, { window, document: window.document })
    const { default: mermaid } = await import('mermaid')
    parse = (t) => mermaid.parse(t)
  }
  return parse(text)
}
