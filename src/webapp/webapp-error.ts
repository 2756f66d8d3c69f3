// Builds the AppErrors of this part from its own section of the catalogue (src/errors/sections/webapp.ts).
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/catalogue.js';
import type { WebappErrorCode } from '../errors/sections/webapp.js';

/** An AppError with a code of the webapp section; `detail` replaces the catalogue's message. */
export function webappError(code: WebappErrorCode, detail?: string, details?: Record<string, unknown>): AppError {
  // The widening cast is needed only until src/errors/catalogue.ts spreads webappErrors into ERRORS
  // (then WebappErrorCode is part of ErrorCode and the cast changes nothing).
  return new AppError(code as unknown as ErrorCode, detail, details);
}
