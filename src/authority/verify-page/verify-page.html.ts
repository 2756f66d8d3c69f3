// The verification page's HTML. Everything it needs is served by the authority itself (no external
// resources): the stylesheet and the script under /verify/assets/. It works by keyboard alone, names
// every control with a <label>, and announces results through aria-live regions; the script
// (assets/verify-page.js) fills them from POST /v1/verify.
import { RULE_TITLES } from './verify-views.js';

/** What the page shows that depends on the server. */
export interface VerifyPageOptions {
  /** The authority's name, shown above the title. */
  readonly authorityName: string;
  /** Largest upload POST /v1/verify accepts, in bytes; the script checks it before sending. */
  readonly uploadLimitBytes: number;
  /** Where the stylesheet and script are served, e.g. "/verify/assets". */
  readonly assetsPath: string;
}

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A size for people, in binary units as file choosers show them: "10 MB", "1.5 MB", "4 KB", "512 bytes". */
export function formatSize(bytes: number): string {
  const KIB = 1024;
  const MIB = KIB * KIB;
  if (bytes >= MIB) {
    const mb = bytes / MIB;
    return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  }
  if (bytes >= KIB) return `${Math.round(bytes / KIB)} KB`;
  return `${bytes} bytes`;
}

/** The whole page for GET /verify. */
export function renderVerifyPage(options: VerifyPageOptions): string {
  const name = escapeHtml(options.authorityName);
  const assets = escapeHtml(options.assetsPath);
  const limit = formatSize(options.uploadLimitBytes);
  const rules = Object.entries(RULE_TITLES)
    .map(([n, title]) => `          <li value="${n}">${escapeHtml(title)}</li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Verify a stamp · ${name}</title>
    <link rel="stylesheet" href="${assets}/verify-page.css">
    <script type="module" src="${assets}/verify-page.js"></script>
  </head>
  <body>
    <a class="skip-link" href="#result-heading">Skip to the result</a>
    <header class="banner">
      <p class="authority">${name}</p>
      <h1>Verify a stamp</h1>
    </header>
    <main>
      <p class="intro">Check that the postage printed on a mail piece is genuine. Upload a photo, a PNG or the PDF of
        the piece, or paste the code of its indicium. The postal authority checks every rule of the indicium
        specification against its own records. Checking a stamp here does not mark it as used.</p>
      <form id="verify-form" method="post" action="/v1/verify" novalidate data-max-bytes="${options.uploadLimitBytes}">
        <h2>What to check</h2>
        <div class="field">
          <label for="file">Photo, PNG or PDF of the mail piece</label>
          <p class="hint" id="file-hint">A PNG or PDF of at most ${limit}. Other photos, such as JPEG, are turned into PNG in your browser before they are sent.</p>
          <input type="file" id="file" name="file" accept="image/png,application/pdf,image/*,.png,.pdf" aria-describedby="file-hint">
        </div>
        <p class="or" aria-hidden="true">or</p>
        <div class="field">
          <label for="indicium">Indicium as hexadecimal or base64 text</label>
          <p class="hint" id="indicium-hint">The 117 bytes of the indicium: 234 hexadecimal digits, spaces allowed.</p>
          <textarea id="indicium" name="indicium" rows="4" spellcheck="false" autocomplete="off" autocapitalize="off" aria-describedby="indicium-hint"></textarea>
        </div>
        <div class="actions">
          <button type="submit" id="verify-button">Verify</button>
          <span id="busy" class="busy" hidden>Checking…</span>
        </div>
      </form>
      <section class="result" aria-labelledby="result-heading">
        <h2 id="result-heading" tabindex="-1">Result</h2>
        <div id="error" class="error" role="alert" hidden></div>
        <div id="result" aria-live="polite">
          <p class="placeholder">No stamp checked yet.</p>
        </div>
      </section>
      <section class="about" aria-labelledby="rules-heading">
        <h2 id="rules-heading">How a stamp is checked</h2>
        <p>A stamp is valid only when all six rules of the specification hold. They are checked in this order, and the first that fails decides the verdict.</p>
        <ol class="rule-titles">
${rules}
        </ol>
        <p>Programs can ask the same question: <code>POST /v1/verify</code> with the PNG, the PDF or
          <code>{"indicium": "…"}</code> as JSON.</p>
      </section>
      <noscript><p class="error">This page needs JavaScript to send the file. Without it, send the file to
        <code>POST /v1/verify</code> with its own Content-Type.</p></noscript>
    </main>
  </body>
</html>
`;
}
