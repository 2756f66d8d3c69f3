// JSON Schemas of the accounts routes; /openapi.json is built from them.

const ref = { $ref: 'Error#' } as const;
/** Errors of a route that authenticates. */
export const authedErrors = { 400: ref, 401: ref, 403: ref, 500: ref } as const;

const iso = { type: 'string', format: 'date-time' } as const;

/** A postal address as sent and shown. */
export const addressSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'street', 'city', 'state', 'zip'],
  properties: {
    name: { type: 'string', maxLength: 1000, description: 'Name of the sender, 1 to 100 characters', examples: ['Ada Lovelace'] },
    street: { type: 'string', maxLength: 1000, description: 'Street address, 1 to 200 characters', examples: ['1 Market St'] },
    city: { type: 'string', maxLength: 1000, description: '1 to 100 characters', examples: ['San Francisco'] },
    state: { type: 'string', maxLength: 10, description: 'USPS code: a state, DC, PR, VI, GU, AS, MP, AA, AE or AP', examples: ['CA'] },
    zip: { type: 'string', maxLength: 20, description: 'ZIP or ZIP+4 in that state', examples: ['94105', '94105-1234'] },
  },
} as const;

/** A user as the API shows it. */
export const userSchema = {
  type: 'object',
  required: ['id', 'email', 'role', 'status', 'emailVerified', 'createdAt'],
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', enum: ['owner', 'member'] },
    status: { type: 'string', enum: ['active', 'invited', 'removed'], description: 'invited: has not chosen a password yet' },
    emailVerified: { type: 'boolean' },
    createdAt: iso,
  },
} as const;

/** An account as the API shows it. */
export const accountSchema = {
  type: 'object',
  required: ['id', 'name', 'status', 'address', 'createdAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    status: { type: 'string', enum: ['active', 'suspended'] },
    address: { anyOf: [{ type: 'null' }, { type: 'object', properties: addressSchema.properties }] },
    createdAt: iso,
  },
} as const;

/** The answer of sign-up, login and accepting an invitation. */
export const loggedInSchema = {
  type: 'object',
  required: ['user', 'account', 'csrfToken'],
  properties: {
    user: userSchema,
    account: accountSchema,
    csrfToken: { type: 'string', description: 'Send as X-CSRF-Token with every POST, PUT, PATCH and DELETE of this session' },
  },
} as const;

/** What checkReadyToBuy finds. */
export const readinessSchema = {
  type: 'object',
  required: ['ready', 'missing'],
  properties: {
    ready: { type: 'boolean' },
    missing: { type: 'array', items: { type: 'string' }, description: 'Error codes of what is missing: ACCOUNT_SUSPENDED, USER_DISABLED, ACCOUNT_EMAIL_UNVERIFIED, ACCOUNT_ADDRESS_MISSING' },
  },
} as const;

/** An API key as the API shows it (never the secret). */
export const apiKeySchema = {
  type: 'object',
  required: ['id', 'name', 'prefix', 'userId', 'createdAt', 'revokedAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'The first characters of the key, to tell keys apart' },
    userId: { type: 'string', description: 'The user who made the key' },
    createdAt: iso,
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const email = { type: 'string', maxLength: 1000, examples: ['ada@example.com'] } as const;
// Lengths are checked by the service so that they get their own codes (PASSWORD_TOO_SHORT, _TOO_LONG).
const password = { type: 'string', maxLength: 10_000, description: '10 to 200 characters' } as const;
const token = { type: 'string', maxLength: 200, description: 'The token of the emailed link' } as const;

/** POST /v1/signup. */
export const signupBody = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password', 'accountName'],
  properties: { email, password, accountName: { type: 'string', minLength: 1, maxLength: 200 }, address: addressSchema },
} as const;

/** POST /v1/session. */
export const loginBody = { type: 'object', additionalProperties: false, required: ['email', 'password'], properties: { email, password } } as const;

/** POST /v1/email/verify. */
export const tokenBody = { type: 'object', additionalProperties: false, required: ['token'], properties: { token } } as const;

/** POST /v1/invitations/accept. */
export const acceptBody = { type: 'object', additionalProperties: false, required: ['token', 'password'], properties: { token, password } } as const;

/** POST /v1/account/members. */
export const inviteBody = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'role'],
  properties: { email, role: { type: 'string', enum: ['owner', 'member'] } },
} as const;

/** POST /v1/api-keys. */
export const apiKeyBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200, examples: ['warehouse printer'] } },
} as const;

/** A path id. */
export const idParams = (name: string) => ({ type: 'object', required: [name], properties: { [name]: { type: 'string', minLength: 1, maxLength: 100 } } }) as const;
