/** Signature algorithm codes of indicium v1 (spec §2, byte 1). */
export const SignatureAlgorithm = {
  /** ECDSA with curve P-256 over SHA-256, signature r||s (IEEE P1363), 64 bytes. */
  EcdsaP256: 1,
  /** Pure Ed25519, 64 bytes. */
  Ed25519: 2,
} as const;

/** A signature algorithm code: 1 (ECDSA P-256) or 2 (Ed25519). */
export type SignatureAlgorithm = (typeof SignatureAlgorithm)[keyof typeof SignatureAlgorithm];

/** Length in bytes of every indicium signature, whatever the algorithm. */
export const SIGNATURE_LENGTH = 64;

/** True when `n` is a known algorithm code. */
export function isSignatureAlgorithm(n: number): n is SignatureAlgorithm {
  return n === 1 || n === 2;
}
