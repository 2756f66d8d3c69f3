// Error codes of one part of the system (accounts); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "accounts" of the catalogue. */
export const accountsErrors = {
  ROLE_FORBIDDEN: {
    kind: 'forbidden',
    message: 'Your role in the account does not allow this',
    fix: 'Ask an owner of the account to do it, or to make you an owner',
  },
  LOGIN_FAILED: {
    kind: 'unauthenticated',
    message: 'The email address or the password is wrong',
    fix: 'Check both and try again; an invited user sets a password through the invitation link first',
  },
  LOGIN_THROTTLED: {
    kind: 'rate_limited',
    message: 'Too many failed logins for this email address',
    fix: 'Wait the number of seconds given in the Retry-After header (details.retryAfterSeconds), then log in with the right password',
  },
  PASSWORD_TOO_SHORT: {
    kind: 'invalid_input',
    message: 'The password is shorter than 10 characters',
    fix: 'Choose a password of at least 10 characters, such as several unrelated words',
  },
  PASSWORD_TOO_LONG: {
    kind: 'invalid_input',
    message: 'The password is longer than 200 characters',
    fix: 'Choose a password of at most 200 characters',
  },
  EMAIL_INVALID: {
    kind: 'invalid_input',
    message: 'The email address is not of the form name@domain',
    fix: 'Give one email address of at most 254 characters, such as ada@example.com',
  },
  EMAIL_TAKEN: {
    kind: 'conflict',
    message: 'A user with this email address already exists',
    fix: 'Log in with that address, or use another address',
  },
  SESSION_INVALID: {
    kind: 'unauthenticated',
    message: 'The session cookie is not a current session',
    fix: 'Log in again with POST /v1/session',
  },
  SESSION_EXPIRED: {
    kind: 'unauthenticated',
    message: 'The session has expired',
    fix: 'Log in again with POST /v1/session; a session ends after 12 hours without use and 7 days after login',
  },
  CSRF_TOKEN_MISSING: {
    kind: 'forbidden',
    message: 'A request made with a session cookie that changes something needs the X-CSRF-Token header',
    fix: 'Send the header X-CSRF-Token with the csrfToken returned by POST /v1/session or GET /v1/me',
  },
  CSRF_TOKEN_INVALID: {
    kind: 'forbidden',
    message: 'The X-CSRF-Token header does not match the session',
    fix: 'Send the csrfToken of this session, as returned by POST /v1/session or GET /v1/me',
  },
  EMAIL_TOKEN_INVALID: {
    kind: 'invalid_input',
    message: 'The link token is not one the system sent for this purpose',
    fix: 'Copy the whole token from the most recent email, or ask for a new email',
  },
  EMAIL_TOKEN_EXPIRED: {
    kind: 'invalid_input',
    message: 'The link token has expired',
    fix: 'Ask for a new email (POST /v1/email/verification, or a new invitation from an owner of the account)',
  },
  EMAIL_TOKEN_USED: {
    kind: 'conflict',
    message: 'The link token was already used',
    fix: 'Nothing to do if it was you; otherwise ask for a new email',
  },
  EMAIL_ALREADY_VERIFIED: {
    kind: 'conflict',
    message: 'The email address is already verified',
    fix: 'Nothing to do: the address needs no further verification',
  },
  EMAIL_VERIFICATION_RATE_LIMITED: {
    kind: 'rate_limited',
    message: 'A verification email was sent a moment ago',
    fix: 'Wait the number of seconds given in the Retry-After header, and look for the email already sent first',
  },
  ADDRESS_FIELD_INVALID: {
    kind: 'invalid_input',
    message: 'A field of the postal address is empty or too long',
    fix: 'Give name, street and city of 1 to 100 characters (street up to 200), as details.field names',
  },
  ADDRESS_STATE_UNKNOWN: {
    kind: 'invalid_input',
    message: 'The state is not a USPS two-letter state, territory or military code',
    fix: 'Use the USPS code, such as CA, DC, PR, GU or AE',
  },
  ADDRESS_ZIP_UNKNOWN: {
    kind: 'invalid_input',
    message: 'No state uses the first three digits of this ZIP code',
    fix: 'Check the ZIP code of the address',
  },
  ADDRESS_ZIP_STATE_MISMATCH: {
    kind: 'invalid_input',
    message: 'The ZIP code belongs to another state than the one given',
    fix: 'Check the state and the ZIP code of the address: details.zipStates names the states of this ZIP code',
  },
  ACCOUNT_NOT_FOUND: {
    kind: 'not_found',
    message: 'No account with that id exists',
    fix: 'List the accounts (indicia accounts list) to find the right id',
  },
  ACCOUNT_SUSPENDED: {
    kind: 'forbidden',
    message: 'The account is suspended',
    fix: 'Contact the vendor to have the account reinstated',
  },
  USER_DISABLED: {
    kind: 'forbidden',
    message: 'The user has been removed from the account',
    fix: 'Ask an owner of the account to invite you again',
  },
  ACCOUNT_EMAIL_UNVERIFIED: {
    kind: 'forbidden',
    message: 'Your email address is not verified yet',
    fix: 'Open the link of the verification email (or POST /v1/email/verify with its token); POST /v1/email/verification sends it again',
  },
  ACCOUNT_ADDRESS_MISSING: {
    kind: 'forbidden',
    message: 'The account has no postal address on file',
    fix: 'An owner of the account sets it with PUT /v1/account/address',
  },
  MEMBER_NOT_FOUND: {
    kind: 'not_found',
    message: 'No user with that id belongs to your account',
    fix: 'List the members (GET /v1/account/members) to find the right id',
  },
  MEMBER_LAST_OWNER: {
    kind: 'conflict',
    message: 'The last owner of an account cannot be removed',
    fix: 'Invite another owner first, then remove this one',
  },
  API_KEY_NO_ACCOUNT: {
    kind: 'unauthenticated',
    message: 'The API key was made before accounts existed and belongs to no account',
    fix: 'Make a new API key for your account (POST /v1/api-keys or ask the vendor) and use it instead',
  },
} as const satisfies Record<string, ErrorDefinition>;
