// mermaid's own parser, for the charts this project writes. mermaid sanitizes titles with DOMPurify,
// which needs a window: jsdom gives it one before mermaid is loaded (once per test file).
let parse: ((text: string) => Promise<unknown>) | undefined

interface JsdomModule {
  JSDOM: new (html: string) => { window: { document: unknown } }
}

export async function mermaidParse(text: string): Promise<unknown> {
  if (parse === undefined) {
    // jsdom ships no types of its own: only its constructor and window are used
    const jsdom = 'jsdom'
    const { JSDOM } = (await import(jsdom)) as JsdomModule
    const dom = new JSDOM('')
    Object.assign(globalThis, { window: dom.window, document: dom.window.document })
    const { default: mermaid } = await import('mermaid')
    parse = (t) => mermaid.parse(t)
  }
  return parse(text)
}
