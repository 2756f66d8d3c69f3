// Error codes of one part of the system (media-registry); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "media-registry" of the catalogue. */
export const mediaRegistryErrors = {
} as const satisfies Record<string, ErrorDefinition>;
