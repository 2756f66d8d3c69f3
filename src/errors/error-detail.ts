// An AppError's message is "detail. fix."; code that re-raises an error under its own wording keeps
// the detail only, because the new AppError appends the catalogue's fix again.
import { ERRORS, type ErrorCode } from './catalogue.js';

/** The detail part of a message built for catalogue code `code`. */
export function detailOfMessage(code: ErrorCode, message: string): string {
  const suffix = `. ${ERRORS[code].fix}.`;
  if (message.endsWith(suffix)) return message.slice(0, -suffix.length);
  return message.replace(/\.$/, '');
}

/** True when `code` is a code of the catalogue. */
export function isCatalogued(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERRORS, code);
}
