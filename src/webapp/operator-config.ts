// The operator console's settings, read from the web server's environment: the operator token that
// logs an operator in, and where the postal authority is with the vendor's token for it (the deposit
// page). Kept apart from WebConfig so that a web server without an operator token simply has no console.
import { AppError } from '../errors/app-error.js';

/** Shortest operator token accepted: it guards draining servers and issuing media. */
export const MIN_OPERATOR_TOKEN_LENGTH = 16;
/** How long an operator session lasts unless configured: a working day. */
export const DEFAULT_OPERATOR_SESSION_MS = 8 * 60 * 60 * 1000;

/** The operator console's configuration. */
export interface OperatorConfig {
  /** The secret an operator types to log in (INDICIA_OPERATOR_TOKEN). */
  readonly token: string;
  /** How long a session cookie is valid, in milliseconds (INDICIA_OPERATOR_SESSION_MINUTES). */
  readonly sessionMs: number;
  /** The postal authority's base URL (INDICIA_AUTHORITY_URL); null when not configured. */
  readonly authorityUrl: string | null;
  /** The vendor's bearer token at the authority (INDICIA_AUTHORITY_TOKEN); null when not configured. */
  readonly authorityToken: string | null;
}

/** The environment variables read. */
export type OperatorEnv = Readonly<Record<string, string | undefined>>;

/**
 * The operator console's configuration from `env`, or null when INDICIA_OPERATOR_TOKEN is not set (the
 * console is then disabled). Throws CONFIG_INVALID naming every problem found.
 */
export function readOperatorConfig(env: OperatorEnv): OperatorConfig | null {
  const token = env.INDICIA_OPERATOR_TOKEN?.trim() ?? '';
  const authorityUrl = env.INDICIA_AUTHORITY_URL?.trim() || null;
  const authorityToken = env.INDICIA_AUTHORITY_TOKEN?.trim() || null;
  const minutes = env.INDICIA_OPERATOR_SESSION_MINUTES?.trim() || null;
  if (token === '') return null;
  const problems: string[] = [];
  if (token.length < MIN_OPERATOR_TOKEN_LENGTH) problems.push(`INDICIA_OPERATOR_TOKEN must be at least ${MIN_OPERATOR_TOKEN_LENGTH} characters`);
  // The token goes into an HTTP header and a form field: printable ASCII keeps both unambiguous.
  if (!/^[\x21-\x7e]+$/.test(token)) problems.push('INDICIA_OPERATOR_TOKEN must be printable ASCII without spaces');
  if (authorityUrl !== null && !isHttpUrl(authorityUrl)) problems.push(`INDICIA_AUTHORITY_URL must be an http or https URL, not ${JSON.stringify(authorityUrl)}`);
  if ((authorityUrl === null) !== (authorityToken === null)) problems.push('INDICIA_AUTHORITY_URL and INDICIA_AUTHORITY_TOKEN must be set together');
  let sessionMs = DEFAULT_OPERATOR_SESSION_MS;
  if (minutes !== null) {
    const n = /^\d+$/.test(minutes) ? Number(minutes) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > 7 * 24 * 60) problems.push(`INDICIA_OPERATOR_SESSION_MINUTES must be an integer from 1 to 10080, not ${JSON.stringify(minutes)}`);
    else sessionMs = n * 60_000;
  }
  if (problems.length > 0) throw new AppError('CONFIG_INVALID', `The operator console configuration is invalid: ${problems.join('; ')}`, { problems });
  return Object.freeze({ token, sessionMs, authorityUrl: authorityUrl?.replace(/\/+$/, '') ?? null, authorityToken });
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
