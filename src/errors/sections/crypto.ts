// Error codes of one part of the system (cryptographic modules and SoftHSM2 tokens); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "crypto" of the catalogue. */
export const crypto = {
  CRYPTO_KEY_NOT_FOUND: {
    kind: 'not_found',
    message: 'The cryptographic module holds no key with that id',
    fix: 'List the keys of the module, or provision a new key for the PSD',
  },
  CRYPTO_MASTER_KEY_INVALID: {
    kind: 'invalid_input',
    message: 'The master key is missing or not 32 bytes of base64 or hex',
    fix: 'Set the master key (64 hex digits or 44 base64 characters) in the configuration, or run indicia init',
  },
  CRYPTO_KEY_DECRYPT_FAILED: {
    kind: 'internal',
    message: 'A stored private key could not be decrypted',
    fix: 'The master key does not match the one the key was stored under, or the key file was altered; restore the right master key',
  },
  CRYPTO_MODULE_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The cryptographic module cannot be reached',
    fix: 'Check the PKCS#11 library path, the token label and the PIN in the configuration',
  },
  CRYPTO_ALGORITHM_UNSUPPORTED: {
    kind: 'invalid_input',
    message: 'The cryptographic module does not support that algorithm',
    fix: 'Use ECDSA P-256 (algorithm 1), which every module supports',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Section "softhsm" of the catalogue. */
export const softhsm = {
  SOFTHSM_MISSING: {
    kind: 'unavailable',
    message: 'SoftHSM2 is not installed: softhsm2-util or its PKCS#11 library was not found',
    fix: 'Install it with apt-get install softhsm2, or configure the software module or another PKCS#11 library',
  },
  SOFTHSM_TOKEN_EXISTS: {
    kind: 'conflict',
    message: 'A SoftHSM2 token with that label already exists in the token folder',
    fix: 'Use the existing token with its PIN, or choose another label or token folder',
  },
  SOFTHSM_TOKEN_INIT_FAILED: {
    kind: 'unavailable',
    message: 'softhsm2-util could not initialize the token',
    fix: 'Read the softhsm2-util output quoted in the message; check that the token folder is writable',
  },
} as const satisfies Record<string, ErrorDefinition>;
