// Until the lead spreads webappErrors into ERRORS (src/errors/catalogue.ts), AppError cannot build the
// webapp section's codes; this adds them to the catalogue object for the tests of this part only. Once
// the section is wired it does nothing.
import { ERRORS } from '../../../src/errors/catalogue.js';
import { webappErrors } from '../../../src/errors/sections/webapp.js';

/** Makes sure the webapp section's codes are in the catalogue at run time. */
export function ensureWebappErrors(): void {
  const catalogue = ERRORS as Record<string, unknown>;
  for (const [code, def] of Object.entries(webappErrors)) if (!(code in catalogue)) catalogue[code] = def;
}
