import { ERRORS, type ErrorCode, type ErrorKind } from './catalogue.js';

/**
 * The error every part of the system throws for a condition a user or operator can cause.
 * Its code is catalogued; its message is the specific detail (or the catalogue's message) followed by
 * the catalogue's fix, so that whoever reads it knows what to do.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  /** Machine-readable particulars (field names, limits), safe to show the caller. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, detail?: string, details?: Record<string, unknown>, options?: { cause?: unknown; complete?: boolean }) {
    const def = ERRORS[code];
    // `complete`: the detail is a whole message already (one relayed from another server), fix included.
    super(options?.complete ? (detail ?? def.message) : `${detail ?? def.message}. ${def.fix}.`, options);
    this.name = 'AppError';
    this.code = code;
    this.kind = def.kind;
    this.details = details;
  }
}

/** True when `err` is an AppError, optionally with the given code. */
export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
