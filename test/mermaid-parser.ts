// The real mermaid parser, run in Node: mermaid sanitizes labels with DOMPurify, which needs a window (jsdom).
import { JSDOM } from 'jsdom';

type Mermaid = { parse(text: string): Promise<{ diagramType: string } | false> };
let loading: Promise<Mermaid> | undefined;

/** Parses a diagram with mermaid itself; rejects with mermaid's syntax error. */
export async function parseMermaid(text: string): Promise<string> {
  loading ??= (async () => {
    const { window } = new JSDOM('<!doctype html><html><body></body></html>');
    Object.assign(globalThis, { window, document: window.document });
    return (await import('mermaid')).default as unknown as Mermaid;
  })();
  const result = await (await loading).parse(text);
  if (!result) throw new Error('mermaid did not recognise the diagram');
  return result.diagramType;
}
