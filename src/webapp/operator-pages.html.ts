// The operator console's pages, rendered on the server: the structure, labels and empty regions. The
// data comes from the operator API through assets/operator.js, which fills the regions; every region a
// result or error appears in is an aria-live region or role="alert".
import { escapeHtml } from './html.js';
import { renderLayout, type NavLink } from './layout.js';

/** The console's pages: path, navigation label and title. */
export const OPERATOR_PAGES = {
  servers: { path: '/operator', label: 'Servers', title: 'Processing servers' },
  psds: { path: '/operator/psds', label: 'PSDs', title: 'Postal security devices' },
  audit: { path: '/operator/audit', label: 'Audit', title: 'Ledger audit' },
  deposit: { path: '/operator/deposit', label: 'Deposit', title: 'Deposit at the postal authority' },
  media: { path: '/operator/media', label: 'Media', title: 'Issue media' },
} as const;

/** A page of the console. */
export type OperatorPage = keyof typeof OPERATOR_PAGES;

/** The login page's path. */
export const OPERATOR_LOGIN_PATH = '/operator/login';

const AREA = 'Operator console';
const NAV: readonly NavLink[] = Object.values(OPERATOR_PAGES).map((p) => ({ href: p.path, label: p.label }));

/** What every page of a session needs. */
export interface OperatorPageContext {
  readonly vendorName: string;
  readonly csrfToken: string;
  /** The print layouts media can be issued in (the media page's choices). */
  readonly layouts: readonly string[];
  /** The idempotency key of the media form, made when the page is rendered. */
  readonly idempotencyKey: string;
}

const ERROR_BOX = '      <div id="error" class="error" role="alert" tabindex="-1" hidden></div>';
const NOSCRIPT = '      <noscript><p class="error">The operator console needs JavaScript: it loads and changes everything through the operator API.</p></noscript>';

/** The login page. */
export function renderLoginPage(o: { readonly vendorName: string; readonly loginCsrfToken: string }): string {
  const main = `      <p class="lede">Enter the operator token of this installation to manage processing servers, PSDs, the deposit and media.</p>
${ERROR_BOX}
      <form id="login-form" class="panel" method="post" action="/operator/v1/session" data-csrf="${escapeHtml(o.loginCsrfToken)}" novalidate>
        <div class="field">
          <label for="token">Operator token</label>
          <p class="hint" id="token-hint">The value of INDICIA_OPERATOR_TOKEN on the web server.</p>
          <input type="password" id="token" name="token" required autocomplete="current-password" spellcheck="false" aria-describedby="token-hint">
        </div>
        <div class="actions"><button type="submit" id="login-button">Log in</button></div>
      </form>
${NOSCRIPT}`;
  return renderLayout({ title: 'Operator login', vendorName: o.vendorName, area: AREA, nav: [], currentPath: OPERATOR_LOGIN_PATH, main, scripts: ['operator-login.js'] });
}

/** One page of the console for a logged-in operator. */
export function renderOperatorPage(page: OperatorPage, c: OperatorPageContext): string {
  const meta = OPERATOR_PAGES[page];
  const logout = `
        <form id="logout-form" class="logout" method="post" action="/operator/v1/logout"><button type="submit" class="secondary">Log out</button></form>`;
  return renderLayout({
    title: meta.title,
    vendorName: c.vendorName,
    area: AREA,
    nav: NAV,
    currentPath: meta.path,
    main: `${BODIES[page](c)}\n${NOSCRIPT}`,
    scripts: ['operator.js'],
    csrfToken: c.csrfToken,
    headerEnd: logout,
  }).replace('<body>', `<body data-page="${page}">`);
}

const BODIES: Record<OperatorPage, (c: OperatorPageContext) => string> = {
  servers: () => `      <p class="lede">New purchases go round-robin to the healthy, enabled servers. Draining a server sends it no new
        purchases; it still answers for the purchases it holds.</p>
${ERROR_BOX}
      <p id="next-server" class="next" role="status" aria-live="polite">Loading the servers…</p>
      <div class="table-wrap">
        <table id="servers-table" class="cards">
          <caption>Processing servers in round-robin order</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">State</th><th scope="col">Health</th><th scope="col">Last check</th><th scope="col">Next</th><th scope="col">Action</th></tr></thead>
          <tbody id="servers-body"></tbody>
        </table>
      </div>
      <p><button type="button" id="refresh-button" class="secondary">Refresh</button></p>`,
  psds: () => `      <p class="lede">Registers, resets and inspections of every PSD, as each processing server reports them.</p>
${ERROR_BOX}
      <div id="psds" aria-live="polite"><p class="placeholder">Loading the PSDs…</p></div>
      <p><button type="button" id="refresh-button" class="secondary">Refresh</button></p>`,
  audit: () => `      <p class="lede">The audit recomputes every PSD's audit hash chain and register invariants and counts its indicium records.</p>
${ERROR_BOX}
      <form id="audit-form" class="panel" novalidate>
        <div class="field checkbox">
          <input type="checkbox" id="signatures" name="signatures">
          <label for="signatures">Also verify every indicium signature (slower)</label>
        </div>
        <div class="actions"><button type="submit" id="audit-button">Run the audit</button><span class="busy" data-busy hidden>Auditing…</span></div>
      </form>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading" tabindex="-1">Result</h2>
        <div id="audit-result" aria-live="polite"><p class="placeholder">No audit run yet.</p></div>
      </section>`,
  deposit: () => `      <p class="lede">The vendor's deposit at the postal authority pays for PSD resets; the authority debits it for each reset.</p>
${ERROR_BOX}
      <div id="deposit" aria-live="polite"><p class="placeholder">Loading the deposit…</p></div>
      <p><button type="button" id="refresh-button" class="secondary">Refresh</button></p>`,
  media: (c) => `      <p class="lede">Issue labels or sheets to an account. Each medium gets a serial the account's stamps carry.</p>
${ERROR_BOX}
      <form id="media-form" class="panel" data-once="media-issue" novalidate>
        <input type="hidden" name="idempotencyKey" value="${escapeHtml(c.idempotencyKey)}">
        <div class="field">
          <label for="account-id">Account id</label>
          <input type="text" id="account-id" name="accountId" required autocomplete="off" spellcheck="false">
        </div>
        <div class="field">
          <label for="layout">Layout</label>
          <select id="layout" name="layout" required>
${c.layouts.map((l) => `            <option value="${escapeHtml(l)}">${escapeHtml(l)}</option>`).join('\n')}
          </select>
        </div>
        <div class="field">
          <label for="count">How many</label>
          <input type="number" id="count" name="count" required min="1" max="1000" value="1" inputmode="numeric">
        </div>
        <div class="actions"><button type="submit" id="issue-button">Issue media</button><span class="busy" data-busy hidden>Issuing…</span></div>
      </form>
      <section aria-labelledby="issued-heading">
        <h2 id="issued-heading" tabindex="-1">Issued</h2>
        <div id="issued" aria-live="polite"><p class="placeholder">Nothing issued yet.</p></div>
      </section>`,
};

/** A page that only shows a catalogued error (the console disabled). */
export function renderErrorPage(o: { readonly vendorName: string; readonly code: string; readonly message: string }): string {
  const main = `      <div class="error" role="alert"><p>${escapeHtml(o.message)}</p><p class="code">Error code: <code>${escapeHtml(o.code)}</code></p></div>`;
  return renderLayout({ title: 'Operator console unavailable', vendorName: o.vendorName, area: AREA, nav: [], currentPath: '', main });
}
