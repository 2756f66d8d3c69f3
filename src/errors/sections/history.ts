// Error codes of one part of the system (history); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "history" of the catalogue. */
export const historyErrors = {
} as const satisfies Record<string, ErrorDefinition>;
