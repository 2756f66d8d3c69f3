// Turning a processing server's refusal into the error the user sees. A catalogued code of a kind the
// user can act on passes through with its own status and message; anything else (an uncatalogued body,
// or a refusal of our own credentials) is the vendor's fault and shows as INTERNAL.
import { AppError } from '../errors/app-error.js';
import { detailOfMessage } from '../errors/error-detail.js';
import { ERRORS, type ErrorCode, type ErrorKind } from '../errors/catalogue.js';

/** Kinds that say something about the vendor's set-up, not about the user's request. */
const NOT_PASSED_THROUGH: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['unauthenticated', 'forbidden', 'internal']);

/** The AppError to show for a processing server's 4xx answer. */
export function passThroughError(status: number, remote: { readonly code: string; readonly message: string } | null, serverName: string): AppError {
  if (remote !== null && Object.hasOwn(ERRORS, remote.code)) {
    const code = remote.code as ErrorCode;
    const def = ERRORS[code];
    if (!NOT_PASSED_THROUGH.has(def.kind)) {
      // The remote message already ends with the catalogue's fix, which AppError adds again.
      return new AppError(code, detailOfMessage(code, remote.message));
    }
  }
  return new AppError('INTERNAL', `Processing server ${serverName} refused the purchase with HTTP ${status}${remote === null ? '' : ` ${remote.code}`}`, {
    processingServer: serverName,
  });
}
