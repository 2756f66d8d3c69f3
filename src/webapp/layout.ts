// The one page layout of the browser app: a skip link, a header with the vendor's name and the
// navigation, one main landmark, the stylesheet and the page's scripts (ES modules from this server).
// Customer pages and operator pages both use it; only the navigation differs.
import { escapeHtml } from './html.js';

/** Where the app's stylesheet and scripts are served. */
export const APP_ASSETS_PATH = '/app/assets';

/** One link of the navigation. */
export interface NavLink {
  readonly href: string;
  readonly label: string;
}

/** What a page puts into the layout. */
export interface LayoutOptions {
  /** The page's own title; the document title is "title · vendorName". */
  readonly title: string;
  readonly vendorName: string;
  /** A line under the vendor's name, e.g. "Operator console". */
  readonly area?: string;
  readonly nav: readonly NavLink[];
  /** The path of this page: its link is marked aria-current="page". */
  readonly currentPath: string;
  /** The inside of <main>, already HTML (the page escaped its values). */
  readonly main: string;
  /** Script asset names, loaded as modules (api.js and once-form.js load themselves as imports). */
  readonly scripts?: readonly string[];
  /** The session's CSRF token, put where the scripts read it (a meta tag), when there is a session. */
  readonly csrfToken?: string;
  /** A form in the header after the navigation (the logout button), already HTML. */
  readonly headerEnd?: string;
  /** Further stylesheets after app.css, as same-site paths (the print preview's page size). */
  readonly stylesheets?: readonly string[];
}

/** The whole HTML document of a page. */
export function renderLayout(o: LayoutOptions): string {
  const vendor = escapeHtml(o.vendorName);
  const links = o.nav
    .map((l) => {
      const current = l.href === o.currentPath ? ' aria-current="page"' : '';
      return `<li><a href="${escapeHtml(l.href)}"${current}>${escapeHtml(l.label)}</a></li>`;
    })
    .join('');
  const scripts = (o.scripts ?? []).map((s) => `\n    <script type="module" src="${APP_ASSETS_PATH}/${escapeHtml(s)}"></script>`).join('');
  const csrf = o.csrfToken === undefined ? '' : `\n    <meta name="csrf-token" content="${escapeHtml(o.csrfToken)}">`;
  const sheets = (o.stylesheets ?? []).map((href) => `\n    <link rel="stylesheet" href="${escapeHtml(href)}">`).join('');
  const area = o.area === undefined ? '' : `<span class="area">${escapeHtml(o.area)}</span>`;
  const nav = o.nav.length === 0 ? '' : `\n        <nav aria-label="Main"><ul class="nav">${links}</ul></nav>`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(o.title)} · ${vendor}</title>${csrf}
    <link rel="stylesheet" href="${APP_ASSETS_PATH}/app.css">${sheets}${scripts}
  </head>
  <body>
    <a class="skip-link" href="#main">Skip to the content</a>
    <header class="site-header">
      <div class="site-header-inner">
        <p class="brand"><span class="vendor">${vendor}</span>${area}</p>${nav}${o.headerEnd ?? ''}
      </div>
    </header>
    <main id="main" tabindex="-1">
      <h1>${escapeHtml(o.title)}</h1>
${o.main}
    </main>
  </body>
</html>
`;
}
