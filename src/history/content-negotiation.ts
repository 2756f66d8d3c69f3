// Which form of the receipt a request asks for. JSON is the default (API clients often send no Accept or
// */*); HTML is chosen when the Accept header names text/html (or application/xhtml+xml) with a quality
// higher than any JSON it names, as a browser's does. Pure.

/** True when the Accept header prefers HTML to JSON. */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  let html = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = quality(params);
    const media = type.trim();
    if (media === 'text/html' || media === 'application/xhtml+xml') html = Math.max(html, q);
    else if (media === 'application/json') json = Math.max(json, q);
  }
  return html > 0 && html > json;
}

function quality(params: readonly string[]): number {
  for (const p of params) {
    const [name, value] = p.split('=').map((s) => s.trim());
    if (name === 'q') {
      const q = Number(value);
      return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0;
    }
  }
  return 1;
}
