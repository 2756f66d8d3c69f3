// Error codes of one part of the system (the browser app's shell and the operator console, src/webapp/);
// src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "webapp" of the catalogue: the browser app and the operator console. */
export const webappErrors = {
  OPERATOR_CONSOLE_DISABLED: {
    kind: 'not_found',
    message: 'The operator console is not enabled on this web server',
    fix: 'Set INDICIA_OPERATOR_TOKEN to a secret of at least 16 characters in the web server environment and restart it',
  },
  OPERATOR_TOKEN_INVALID: {
    kind: 'unauthenticated',
    message: 'The operator token is wrong',
    fix: 'Enter the operator token of this installation (INDICIA_OPERATOR_TOKEN of the web server)',
  },
  OPERATOR_SESSION_REQUIRED: {
    kind: 'unauthenticated',
    message: 'There is no valid operator session: not logged in, logged out, or the session has expired',
    fix: 'Log in again at /operator/login',
  },
  OPERATOR_CSRF_INVALID: {
    kind: 'forbidden',
    message: 'The request does not carry the CSRF token of the operator session',
    fix: 'Reload the operator page and try again; programs send the csrfToken of POST /operator/v1/session in the X-CSRF-Token header',
  },
  OPERATOR_AUTHORITY_NOT_CONFIGURED: {
    kind: 'unavailable',
    message: 'The web server does not know the postal authority URL or the vendor token',
    fix: 'Set INDICIA_AUTHORITY_URL and INDICIA_AUTHORITY_TOKEN in the web server environment and restart it',
  },
  OPERATOR_REMOTE_REFUSED: {
    // conflict, not unavailable: a 5xx body hides its message and details, and the remote code is what the operator needs.
    kind: 'conflict',
    message: 'Another server of the installation refused the operator call',
    fix: 'Read the remote code and message in the details; check that server and its tokens, then try again',
  },
  MEDIA_ISSUER_NOT_CONNECTED: {
    kind: 'unavailable',
    message: 'This web server has no media registry to issue media from',
    fix: 'Run a web server built with the media registry, or issue media with indicia media issue',
  },
  MEDIA_ISSUE_KEY_REUSED: {
    kind: 'conflict',
    message: 'The Idempotency-Key was already used to issue different media',
    fix: 'Reload the form to get a new key for a new issue; send exactly the same fields to see the earlier serials again',
  },
  PRINT_CHOICE_INVALID: {
    kind: 'invalid_input',
    message: 'The stamps cannot be printed with the layout or slot chosen',
    fix: 'Print stamps bought for a label or sheet on that medium\'s layout at their own slot, plain-paper stamps from a slot the layout has; print a mix one stamp at a time',
  },
  PRINT_STAMPS_MISSING: {
    kind: 'invalid_input',
    message: 'The print request names no stamp: give stampId or purchaseId, not both',
    fix: 'Open the print page from a purchase or from a stamp in the history, or pass ?stampId= or ?purchaseId=',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** A code of this section. */
export type WebappErrorCode = keyof typeof webappErrors;
