// The customer pages, rendered on the server: structure, labels, the forms' idempotency keys and empty
// regions. assets/customer.js fills the regions from the public API (/v1/...) with the session cookie
// and sends the customer's actions with the session's CSRF token. The print preview is the exception:
// its sheets are drawn here by src/print (SVG at true size), so that printing needs no script.
import { RATE_CATEGORIES } from '../core/rate-category.js';
import { escapeHtml } from './html.js';
import { renderLayout, type NavLink } from './layout.js';

/** The customer pages: path, navigation label (public pages have none) and title. */
export const CUSTOMER_PAGES = {
  login: { path: '/login', title: 'Log in', session: false },
  signup: { path: '/signup', title: 'Open an account', session: false },
  verifyEmail: { path: '/verify-email', title: 'Verify your email address', session: false },
  buy: { path: '/buy', title: 'Buy postage', session: true },
  account: { path: '/account', title: 'Account and payment', session: true },
  print: { path: '/print', title: 'Print stamps', session: true },
  history: { path: '/history', title: 'Orders and refunds', session: true },
  keys: { path: '/keys', title: 'API keys', session: true },
} as const;

/** A customer page. */
export type CustomerPage = keyof typeof CUSTOMER_PAGES;

/** The navigation of a signed-in customer. */
export const CUSTOMER_NAV: readonly NavLink[] = [
  { href: CUSTOMER_PAGES.buy.path, label: 'Buy' },
  { href: CUSTOMER_PAGES.history.path, label: 'History' },
  { href: CUSTOMER_PAGES.account.path, label: 'Account' },
  { href: CUSTOMER_PAGES.keys.path, label: 'API keys' },
];

const PUBLIC_NAV: readonly NavLink[] = [
  { href: CUSTOMER_PAGES.login.path, label: 'Log in' },
  { href: CUSTOMER_PAGES.signup.path, label: 'Open an account' },
];

/** What a customer page is rendered with. */
export interface CustomerPageContext {
  readonly vendorName: string;
  /** The session's CSRF token; absent on the public pages. */
  readonly csrfToken?: string;
  /** Fresh idempotency keys, one per once-form of the page (made by the server for each rendering). */
  readonly newKey: () => string;
  /** Where to go after logging in (a same-site path), for the login page. */
  readonly next?: string;
  /** The print layouts (buy and print pages) with their sheet pictures, as JSON for the script. */
  readonly layoutsJson?: string;
  readonly layoutNames?: readonly string[];
}

const ERROR_BOX = '      <div id="error" class="error" role="alert" tabindex="-1" hidden></div>';
const NOSCRIPT = '      <noscript><p class="error">This page needs JavaScript: it talks to the postage API from your browser.</p></noscript>';

const field = (id: string, label: string, input: string, hint?: string): string =>
  `        <div class="field">
          <label for="${id}">${label}</label>${hint === undefined ? '' : `\n          <p class="hint" id="${id}-hint">${hint}</p>`}
          ${input}
        </div>`;

const once = (name: string, key: string): string => `data-once="${name}" novalidate>
        <input type="hidden" name="idempotencyKey" value="${escapeHtml(key)}">`;

const submit = (id: string, text: string, busy: string): string =>
  `        <div class="actions"><button type="submit" id="${id}">${text}</button><span class="busy" data-busy hidden>${busy}</span></div>`;

/** One page, in the shell: the navigation of a session or of a visitor, the logout button, customer.js. */
export function renderCustomerPage(page: CustomerPage, c: CustomerPageContext, main?: string, stylesheets: readonly string[] = []): string {
  const meta = CUSTOMER_PAGES[page];
  const signedIn = c.csrfToken !== undefined;
  const logout = `
        <form id="logout-form" class="logout" method="post" action="/v1/session"><button type="submit" class="secondary">Log out</button></form>`;
  return renderLayout({
    title: meta.title,
    vendorName: c.vendorName,
    nav: signedIn ? CUSTOMER_NAV : PUBLIC_NAV,
    currentPath: meta.path,
    main: `${main ?? BODIES[page](c)}\n${NOSCRIPT}`,
    scripts: ['customer.js'],
    stylesheets,
    ...(signedIn ? { csrfToken: c.csrfToken, headerEnd: logout } : {}),
  }).replace('<body>', `<body data-page="${page}">`);
}

const addressFields = (prefix: string): string =>
  [
    field(`${prefix}name`, 'Name', `<input type="text" id="${prefix}name" name="name" required autocomplete="name" maxlength="100">`),
    field(`${prefix}street`, 'Street address', `<input type="text" id="${prefix}street" name="street" required autocomplete="street-address" maxlength="200">`),
    field(`${prefix}city`, 'City', `<input type="text" id="${prefix}city" name="city" required autocomplete="address-level2" maxlength="100">`),
    field(`${prefix}state`, 'State', `<input type="text" id="${prefix}state" name="state" required autocomplete="address-level1" maxlength="2" aria-describedby="${prefix}state-hint">`, 'Two letters, such as CA.'),
    field(`${prefix}zip`, 'ZIP code', `<input type="text" id="${prefix}zip" name="zip" required autocomplete="postal-code" inputmode="numeric" maxlength="10">`),
  ].join('\n');

const categoryOptions = (): string =>
  RATE_CATEGORIES.map((c) => `            <option value="${c.code}"${c.code === 1 ? ' selected' : ''}>${escapeHtml(c.name)}</option>`).join('\n');

const BODIES: Record<CustomerPage, (c: CustomerPageContext) => string> = {
  login: (c) => `      <p class="lede">Log in to buy and print postage. No account yet? <a href="${CUSTOMER_PAGES.signup.path}">Open one</a>.</p>
${ERROR_BOX}
      <form id="login-form" class="panel" data-next="${escapeHtml(c.next ?? CUSTOMER_PAGES.buy.path)}" novalidate>
${field('email', 'Email', '<input type="email" id="email" name="email" required autocomplete="username" spellcheck="false">')}
${field('password', 'Password', '<input type="password" id="password" name="password" required autocomplete="current-password">')}
        <div class="actions"><button type="submit" id="login-button">Log in</button></div>
      </form>`,
  signup: () => `      <p class="lede">Open an account to buy postage and print it on labels, sheets or envelopes. We send a link to verify your email.</p>
${ERROR_BOX}
      <form id="signup-form" class="panel" novalidate>
${field('account-name', 'Account name', '<input type="text" id="account-name" name="accountName" required autocomplete="organization" maxlength="200">', 'Your name or your business’s.')}
${field('email', 'Email', '<input type="email" id="email" name="email" required autocomplete="email" spellcheck="false">')}
${field('password', 'Password', '<input type="password" id="password" name="password" required autocomplete="new-password" aria-describedby="password-hint">', '10 to 200 characters.')}
        <div class="actions"><button type="submit" id="signup-button">Open the account</button></div>
      </form>
      <p>Already have an account? <a href="${CUSTOMER_PAGES.login.path}">Log in</a>.</p>`,
  verifyEmail: () => `      <p class="lede">Verifying the address of the link you opened…</p>
${ERROR_BOX}
      <div id="verify-result" role="status" aria-live="polite"></div>
      <p><a href="${CUSTOMER_PAGES.account.path}">Go to your account</a></p>`,
  buy: (c) => `      <p class="lede">Choose what you send and where; the price shows before you buy.</p>
${ERROR_BOX}
      <div id="readiness" aria-live="polite"></div>
      <div id="low-balance" class="warn-box" role="status" aria-live="polite" hidden></div>
      <form id="buy-form" class="panel wide" data-layouts="${escapeHtml(c.layoutsJson ?? '{}')}" ${once('buy', c.newKey())}
        <fieldset>
          <legend>The piece</legend>
${field('category', 'Rate category', `<select id="category" name="rateCategory" required>\n${categoryOptions()}\n          </select>`)}
${field('weight', 'Weight (ounces)', '<input type="number" id="weight" name="weightOz" required min="0.1" max="1120" step="0.1" value="1" inputmode="decimal">')}
${field('origin-zip', 'From ZIP code', '<input type="text" id="origin-zip" name="originZip" required autocomplete="postal-code" inputmode="numeric" maxlength="10" aria-describedby="origin-zip-hint">', 'Where you mail it; your address’s ZIP code by default.')}
${field('destination-zip', 'To ZIP code', '<input type="text" id="destination-zip" name="destinationZip" inputmode="numeric" maxlength="10" aria-describedby="destination-zip-hint">', 'Needed for Ground Advantage, Priority Mail and Priority Mail Express.')}
          <div class="field" id="country-field" hidden>
            <label for="country">Destination country</label>
            <p class="hint" id="country-hint">Two letters, such as CA for Canada.</p>
            <input type="text" id="country" name="destinationCountry" maxlength="2" autocomplete="country" aria-describedby="country-hint">
          </div>
        </fieldset>
        <div id="price" class="price" role="status" aria-live="polite" aria-atomic="true"><p>Fill in the piece to see the price.</p></div>
        <fieldset>
          <legend>Print on</legend>
${field('medium', 'Label or sheet', '<select id="medium" name="medium" aria-describedby="medium-hint"><option value="">Plain paper or an envelope</option></select>', 'Labels and sheets the vendor issued to your account; each slot takes one stamp.')}
          <div id="sheet" class="sheet-picker" hidden>
            <p id="sheet-caption" class="hint"></p>
            <div id="sheet-grid" class="sheet-grid" role="group" aria-labelledby="sheet-caption"></div>
            <p id="slot-choice" role="status" aria-live="polite"></p>
          </div>
        </fieldset>
${submit('buy-button', 'Buy', 'Buying…')}
      </form>
      <section aria-labelledby="bought-heading">
        <h2 id="bought-heading" tabindex="-1">Bought</h2>
        <div id="bought" aria-live="polite"><p class="placeholder">Nothing bought on this page yet.</p></div>
      </section>`,
  account: (c) => `      <p class="lede">Your address, cards, prepaid balance and automatic refills.</p>
${ERROR_BOX}
      <div id="notice" class="notice" role="status" aria-live="polite"></div>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">Account</h2>
        <dl id="profile" class="facts"><dt>Loading</dt><dd>…</dd></dl>
        <p id="resend-wrap" hidden><button type="button" id="resend-button" class="secondary">Send the verification email again</button></p>
      </section>
      <section aria-labelledby="balance-heading">
        <h2 id="balance-heading">Balance</h2>
        <div id="low-balance" class="warn-box" role="status" aria-live="polite" hidden></div>
        <p id="balance" class="balance" aria-live="polite">Loading…</p>
        <form id="topup-form" class="panel" ${once('topup', c.newKey())}
${field('topup-amount', 'Top up by (US dollars)', '<input type="text" id="topup-amount" name="amountDollars" required inputmode="decimal" value="25.00" aria-describedby="topup-amount-hint">', '$5.00 to $2,000.00, charged to your default card.')}
${submit('topup-button', 'Top up', 'Charging the card…')}
        </form>
      </section>
      <section aria-labelledby="address-heading">
        <h2 id="address-heading">Postal address</h2>
        <p class="hint">Needed before buying: the sender of your mail.</p>
        <form id="address-form" class="panel" novalidate>
${addressFields('address-')}
          <div class="actions"><button type="submit" id="address-button">Save the address</button></div>
        </form>
      </section>
      <section aria-labelledby="cards-heading">
        <h2 id="cards-heading">Cards</h2>
        <div id="cards" aria-live="polite"><p class="placeholder">Loading the cards…</p></div>
        <form id="card-form" class="panel" method="post" action="/v1/cards" novalidate autocomplete="on">
          <p class="hint">The number and security code go to the payment processor; we keep only the brand, the last four digits and the expiry.</p>
${field('card-name', 'Name on the card', '<input type="text" id="card-name" name="holderName" autocomplete="cc-name" maxlength="200">')}
${field('card-number', 'Card number', '<input type="text" id="card-number" name="number" required autocomplete="cc-number" inputmode="numeric" maxlength="23" spellcheck="false">')}
          <div class="field-row">
${field('card-exp-month', 'Expiry month', '<input type="text" id="card-exp-month" name="expMonth" required autocomplete="cc-exp-month" inputmode="numeric" maxlength="2" placeholder="MM">')}
${field('card-exp-year', 'Expiry year', '<input type="text" id="card-exp-year" name="expYear" required autocomplete="cc-exp-year" inputmode="numeric" maxlength="4" placeholder="YYYY">')}
${field('card-cvc', 'Security code', '<input type="password" id="card-cvc" name="cvc" required autocomplete="cc-csc" inputmode="numeric" maxlength="4">')}
          </div>
          <div class="actions"><button type="submit" id="card-button">Add the card</button></div>
        </form>
      </section>
      <section aria-labelledby="refill-heading">
        <h2 id="refill-heading">Automatic refill and warning</h2>
        <form id="billing-form" class="panel" novalidate>
          <div class="field checkbox">
            <input type="checkbox" id="refill-enabled" name="enabled">
            <label for="refill-enabled">Refill the balance from the default card when it runs low</label>
          </div>
${field('refill-threshold', 'Refill when the balance falls under (US dollars)', '<input type="text" id="refill-threshold" name="threshold" inputmode="decimal">')}
${field('refill-amount', 'Refill by (US dollars)', '<input type="text" id="refill-amount" name="amount" inputmode="decimal">')}
${field('refill-cap', 'At most this much a month (US dollars)', '<input type="text" id="refill-cap" name="cap" inputmode="decimal">')}
${field('warning-level', 'Warn me under (US dollars)', '<input type="text" id="warning-level" name="warning" inputmode="decimal" aria-describedby="warning-level-hint">', '0 turns the warning off.')}
          <div class="actions"><button type="submit" id="billing-button">Save the settings</button></div>
        </form>
      </section>`,
  print: () => '',
  history: () => `      <p class="lede">Your orders with their receipts and stamps, refunds of unused stamps, and exports.</p>
${ERROR_BOX}
      <form id="orders-filter" class="panel filters" novalidate>
        <div class="field-row">
${field('filter-from', 'From', '<input type="date" id="filter-from" name="from">')}
${field('filter-to', 'To', '<input type="date" id="filter-to" name="to">')}
${field('filter-state', 'State', '<select id="filter-state" name="state"><option value="">Any</option><option value="completed">Completed</option><option value="pending">Pending</option><option value="failed">Failed</option></select>')}
        </div>
        <div class="actions"><button type="submit" id="filter-button">Show orders</button></div>
      </form>
      <p class="exports">Export: <a id="orders-csv" href="/v1/orders.csv" download>orders (CSV)</a> · <a id="stamps-csv" href="/v1/stamps.csv" download>stamps (CSV)</a></p>
      <div id="orders" aria-live="polite"><p class="placeholder">Loading the orders…</p></div>
      <p><button type="button" id="more-orders" class="secondary" hidden>Show more orders</button></p>
      <section aria-labelledby="order-heading">
        <h2 id="order-heading" tabindex="-1">Stamps of the order</h2>
        <div id="order" aria-live="polite"><p class="placeholder">Choose an order above to see its stamps and request refunds.</p></div>
      </section>
      <section aria-labelledby="refunds-heading">
        <h2 id="refunds-heading">Refund requests</h2>
        <div id="refunds" aria-live="polite"><p class="placeholder">Loading the refund requests…</p></div>
      </section>`,
  keys: (c) => `      <p class="lede">Keys let programs buy and print for this account. A key's secret is shown once, when it is made.</p>
${ERROR_BOX}
      <form id="key-form" class="panel" ${once('api-key', c.newKey())}
${field('key-name', 'Name of the key', '<input type="text" id="key-name" name="name" required maxlength="200" autocomplete="off" aria-describedby="key-name-hint">', 'Where it is used, such as “warehouse printer”.')}
${submit('key-button', 'Make a key', 'Making…')}
      </form>
      <div id="secret" class="secret-box" role="status" aria-live="polite" hidden></div>
      <div id="keys" aria-live="polite"><p class="placeholder">Loading the keys…</p></div>`,
};

/** One sheet of a print preview: the SVG of src/print, and the human-readable block as text. */
export interface PreviewSheet {
  readonly svg: string;
  readonly label: string;
}

/** The print page's main: layout and slot choice, the sheets at true size, Print and Download PDF. */
export function renderPrintMain(o: {
  readonly sheets: readonly PreviewSheet[];
  readonly layoutNames: readonly string[];
  readonly layout: string;
  readonly layoutDescription: string;
  readonly startSlot: number | null;
  readonly registered: boolean;
  readonly query: { readonly stampId?: string; readonly purchaseId?: string };
  readonly pdfHref: string;
  readonly stamps: readonly { readonly id: string; readonly lines: readonly string[]; readonly medium: string | null }[];
}): string {
  const hidden = Object.entries(o.query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(String(v))}">`)
    .join('');
  const options = o.layoutNames.map((n) => `<option value="${escapeHtml(n)}"${n === o.layout ? ' selected' : ''}>${escapeHtml(n)}</option>`).join('');
  const slotField = o.registered
    ? '<p class="hint">These stamps were bought for a label or sheet: each prints at its own slot.</p>'
    : field('start-slot', 'First slot', `<input type="number" id="start-slot" name="startSlot" min="0" max="100" value="${o.startSlot ?? ''}" inputmode="numeric" aria-describedby="start-slot-hint">`, 'On a sheet: the first free label, 1 is the top left. Leave empty for the first.');
  const stamps = o.stamps
    .map(
      (s) => `          <li><p class="stamp-id">Stamp <code>${escapeHtml(s.id)}</code>${s.medium === null ? '' : `, for ${escapeHtml(s.medium)}`}</p>
            <ul class="human-readable">${s.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul></li>`,
    )
    .join('\n');
  const sheets = o.sheets
    .map((s, i) => `        <figure class="print-sheet" aria-label="${escapeHtml(s.label)}" data-sheet="${i}">${s.svg}</figure>`)
    .join('\n');
  return `      <div class="no-print">
      <p class="lede">The preview is at true size on ${escapeHtml(o.layoutDescription)}. Print at 100 % (no “fit to page”) so the symbol lands on its slot.</p>
${ERROR_BOX}
      <form id="print-form" class="panel" method="get" action="/print">
        ${hidden}
${field('layout', 'Layout', `<select id="layout" name="layout">${options}</select>`)}
${slotField}
        <div class="actions"><button type="submit" class="secondary" id="relayout-button">Show this layout</button></div>
      </form>
      <p class="actions"><button type="button" id="print-button">Print</button> <a id="pdf-link" class="button-link" href="${escapeHtml(o.pdfHref)}">Download PDF</a></p>
      <section aria-labelledby="readable-heading">
        <h2 id="readable-heading">What is printed beside each symbol</h2>
        <ol class="stamp-list">
${stamps}
        </ol>
      </section>
      <h2>Preview</h2>
      </div>
      <div class="preview-wrap">
${sheets}
      </div>`;
}
