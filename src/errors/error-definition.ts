// The shape of an error catalogue entry; the entries are in src/errors/sections/, assembled by catalogue.ts.

/** What sort of failure an error is; the HTTP status follows from it. */
export type ErrorKind =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payment_required'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** One catalogue entry. */
export interface ErrorDefinition {
  readonly kind: ErrorKind;
  /** What went wrong, in general terms; an AppError may replace it with a specific detail. */
  readonly message: string;
  /** What the person who saw the error should do next. */
  readonly fix: string;
}

/** The part of the system a code belongs to, for the generated documentation. */
export interface ErrorSection {
  readonly title: string;
  readonly codes: Readonly<Record<string, ErrorDefinition>>;
}
