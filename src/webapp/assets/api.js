// Calling the server's JSON API from the app's pages, and showing its catalogued errors. Every error
// answer has the body { statusCode, code, message, ... }; the page shows the message and the code. Nodes
// are built with textContent, never from HTML strings, so no answer can inject markup.
/* global document, fetch, Node */

/** A failed call: the server's catalogued error, or (status 0, code null) no answer at all. */
export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }

  /** True when the server may have acted on the request: no answer, or a 5xx. A retry must reuse its idempotency key. */
  get outcomeUnknown() {
    return this.status === 0 || this.status >= 500;
  }
}

/** The CSRF token of the page's session (from <meta name="csrf-token">), or null. */
export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute('content') : null;
}

/**
 * Calls the API: `method` and `path`, an optional JSON `body` and extra `headers`. Unsafe methods carry
 * the page's CSRF token. Resolves with the parsed JSON answer (null for 204); rejects with an ApiError.
 */
export async function callApi(method, path, options = {}) {
  const headers = { accept: 'application/json', ...(options.headers || {}) };
  const token = options.csrfToken !== undefined ? options.csrfToken : csrfToken();
  if (method !== 'GET' && method !== 'HEAD' && token) headers['x-csrf-token'] = token;
  const init = { method, headers, credentials: 'same-origin' };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, null, 'The server could not be reached. Check the connection and try again.', null);
  }
  if (response.status === 204) return null;
  const body = await response.json().catch(() => null);
  if (response.ok) return body;
  if (body && typeof body.code === 'string' && typeof body.message === 'string') throw new ApiError(response.status, body.code, body.message, body);
  throw new ApiError(response.status, null, `The server answered HTTP ${response.status} without an explanation. Try again.`, body);
}

/**
 * Shows `error` in `box` (a role="alert" element): its message and, when catalogued, its code. Session
 * errors add a link to log in again. Focus moves to the box, so keyboard and screen reader users land on it.
 */
export function showError(box, error, options = {}) {
  const message = error instanceof ApiError ? error.message : 'Something went wrong in this page. Reload it and try again.';
  const parts = [paragraph(message)];
  if (error instanceof ApiError && error.code) {
    const code = paragraph('Error code: ');
    code.className = 'code';
    const c = document.createElement('code');
    c.textContent = error.code;
    code.append(c);
    parts.push(code);
  }
  if (options.loginPath && error instanceof ApiError && error.status === 401) {
    const p = paragraph('');
    const a = document.createElement('a');
    a.href = options.loginPath;
    a.textContent = 'Log in again';
    p.append(a);
    parts.push(p);
  }
  box.replaceChildren(...parts);
  box.hidden = false;
  if (options.focus !== false) box.focus();
}

/** Hides the error box. */
export function clearError(box) {
  box.hidden = true;
  box.replaceChildren();
}

/** A <p> with `text`. */
export function paragraph(text) {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

/** An element `tag` with optional class and text. */
export function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

/** A captioned table with column headers, in a scrolling wrapper so that it never widens a phone screen. */
export function table(caption, headers, rows, id) {
  const t = element('table', 'cards');
  if (id) t.id = id;
  t.append(element('caption', null, caption));
  const head = element('thead');
  const tr = element('tr');
  for (const h of headers) {
    const th = element('th', null, h);
    th.scope = 'col';
    tr.append(th);
  }
  head.append(tr);
  const body = element('tbody');
  body.append(...rows);
  t.append(head, body);
  const wrap = element('div', 'table-wrap');
  wrap.append(t);
  return wrap;
}

/** Mills (a decimal string) as dollars: $1,234.56, or three decimals when a fraction of a cent is there. */
export function dollars(millsText) {
  const mills = BigInt(millsText);
  const sign = mills < 0n ? '-' : '';
  const abs = mills < 0n ? -mills : mills;
  const whole = (abs / 1000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (abs % 1000n).toString().padStart(3, '0');
  return `${sign}$${whole}.${frac.endsWith('0') ? frac.slice(0, 2) : frac}`;
}

/** An ISO time as "YYYY-MM-DD HH:MM UTC", or `fallback` when there is none. */
export function when(iso, fallback = '–') {
  if (!iso) return fallback;
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A table cell labelled for the narrow-screen layout (data-label), holding text or a node. */
export function cell(label, content, className) {
  const td = element('td', className);
  td.dataset.label = label;
  if (content instanceof Node) td.append(content);
  else td.textContent = content;
  return td;
}
