// A self-contained HTML page at /docs rendered from the OpenAPI document: no scripts, no assets from
// the network, readable in any browser and by curl.

interface Operation {
  readonly summary?: string;
  readonly description?: string;
  readonly parameters?: readonly { name: string; in: string; required: boolean; description?: string }[];
  readonly requestBody?: { content: Record<string, { schema: unknown }> };
  readonly responses?: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
  readonly security?: readonly unknown[];
}

/** Renders the OpenAPI document as one HTML page. */
export function renderDocsPage(doc: { info: { title: string; description?: string; version: string }; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } }): string {
  const sections = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => renderOperation(method, path, op)));
  const schemas = Object.entries(doc.components.schemas).map(([name, schema]) => `<h3 id="schema-${esc(name)}">${esc(name)}</h3>${json(schema)}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
pre{background:#f4f4f4;padding:.6rem;overflow:auto;font-size:.85rem}code.m{font-weight:bold;text-transform:uppercase}
section{border-top:1px solid #ccc;padding-top:.5rem}</style></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Authenticated routes take <code>Authorization: Bearer ik_…</code>.</p>
${sections.join('\n')}
<h2>Schemas</h2>
${schemas.join('\n')}
</body></html>
`;
}

function renderOperation(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? []).map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''}) ${esc(p.description ?? '')}</li>`);
  const body = op.requestBody === undefined ? '' : `<h4>Request body</h4>${json(op.requestBody.content['application/json']?.schema)}`;
  const responses = Object.entries(op.responses ?? {}).map(([status, r]) => `<li><b>${esc(status)}</b> ${esc(r.description)} — ${esc(Object.keys(r.content ?? {}).join(', '))}</li>`);
  return `<section><h2><code class="m">${esc(method)}</code> <code>${esc(path)}</code></h2>
<p><b>${esc(op.summary ?? '')}</b>${(op.security ?? []).length > 0 ? ' (API key)' : ''}</p><p>${esc(op.description ?? '')}</p>
${params.length > 0 ? `<h4>Parameters</h4><ul>${params.join('')}</ul>` : ''}${body}
<h4>Responses</h4><ul>${responses.join('')}</ul></section>`;
}

function json(value: unknown): string {
  return `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
