// Error codes of one part of the system (accounts); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "accounts" of the catalogue. */
export const accountsErrors = {
  ROLE_FORBIDDEN: {
    kind: 'forbidden',
    message: 'Your role in the account does not allow this',
    fix: 'Ask an owner of the account to do it, or to make you an owner',
  },
} as const satisfies Record<string, ErrorDefinition>;
