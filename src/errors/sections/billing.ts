// Error codes of one part of the system (billing); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "billing" of the catalogue. */
export const billingErrors = {
} as const satisfies Record<string, ErrorDefinition>;
