// Error codes of one part of the system (refunds); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "refunds" of the catalogue. */
export const refundsErrors = {
} as const satisfies Record<string, ErrorDefinition>;
