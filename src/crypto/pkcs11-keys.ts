// Key objects on a PKCS#11 token: the templates that create them and the searches that find them again.
// A key pair is two objects sharing CKA_ID and CKA_LABEL; the module's key id is CKA_ID in hex.
import pkcs11js from 'pkcs11js';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import type { KeyInfo } from './crypto-module.js';
import type { Pkcs11, Pkcs11Handle } from './pkcs11-library.js';
import { ED25519_EC_PARAMS, P256_EC_PARAMS, algorithmOfEcParams, spkiPemFromRawPublicKey, unwrapEcPoint } from './public-key-der.js';

/** Mechanism and key-type numbers of PKCS#11 3.0 that pkcs11js does not name. */
export const CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055;
/** Pure EdDSA signing (PKCS#11 3.0); without parameters it is Ed25519 for an edwards25519 key. */
export const CKM_EDDSA = 0x1057;
/** Key type of EdDSA keys (PKCS#11 3.0). */
export const CKK_EC_EDWARDS = 0x40;

/** A key pair found on the token: its public description and the handle of its private half. */
export interface TokenKey {
  readonly info: KeyInfo;
  readonly privateKey: Pkcs11Handle;
}

/** Templates for C_GenerateKeyPair: persistent, private half sensitive and never extractable. */
export function keyPairTemplates(algorithm: SignatureAlgorithm, id: Buffer, label: string): { publicKey: pkcs11js.Template; privateKey: pkcs11js.Template } {
  const ed = algorithm === SignatureAlgorithm.Ed25519;
  const keyType = ed ? CKK_EC_EDWARDS : pkcs11js.CKK_EC;
  const common = [
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_KEY_TYPE, value: keyType },
    { type: pkcs11js.CKA_ID, value: id },
    { type: pkcs11js.CKA_LABEL, value: label },
  ];
  return {
    publicKey: [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
      ...common,
      { type: pkcs11js.CKA_PRIVATE, value: false },
      { type: pkcs11js.CKA_VERIFY, value: true },
      { type: pkcs11js.CKA_ENCRYPT, value: false },
      { type: pkcs11js.CKA_WRAP, value: false },
      { type: pkcs11js.CKA_DERIVE, value: false },
      { type: pkcs11js.CKA_EC_PARAMS, value: ed ? ED25519_EC_PARAMS : P256_EC_PARAMS },
    ],
    privateKey: [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      ...common,
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SIGN, value: true },
      // Signing only: SoftHSM2 otherwise marks EC private keys for decrypt, unwrap and derive too.
      { type: pkcs11js.CKA_DECRYPT, value: false },
      { type: pkcs11js.CKA_UNWRAP, value: false },
      { type: pkcs11js.CKA_DERIVE, value: false },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
      { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    ],
  };
}

/** Every handle matching `template` (C_FindObjectsInit / C_FindObjects / C_FindObjectsFinal). */
export function findObjects(pkcs11: Pkcs11, session: Pkcs11Handle, template: pkcs11js.Template): Pkcs11Handle[] {
  pkcs11.C_FindObjectsInit(session, template);
  try {
    const found: Pkcs11Handle[] = [];
    for (;;) {
      const batch = pkcs11.C_FindObjects(session, 64);
      if (batch.length === 0) return found;
      found.push(...batch);
    }
  } finally {
    pkcs11.C_FindObjectsFinal(session);
  }
}

/** A CK_ULONG attribute value (native-endian, 4 or 8 bytes). */
function readUlong(value: Buffer): number {
  if (value.length === 8) return Number(value.readBigUInt64LE(0));
  return value.readUInt32LE(0);
}

/** The public description of a public-key object, or undefined when it is not an indicia key. */
export function describePublicKey(pkcs11: Pkcs11, session: Pkcs11Handle, handle: Pkcs11Handle): KeyInfo | undefined {
  const [id, label, keyType] = pkcs11.C_GetAttributeValue(session, handle, [
    { type: pkcs11js.CKA_ID },
    { type: pkcs11js.CKA_LABEL },
    { type: pkcs11js.CKA_KEY_TYPE },
  ]);
  if (id === undefined || id.value.length === 0 || label === undefined || keyType === undefined) return undefined;
  const type = readUlong(keyType.value);
  if (type !== pkcs11js.CKK_EC && type !== CKK_EC_EDWARDS) return undefined;
  const [params, point] = pkcs11.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_EC_PARAMS }, { type: pkcs11js.CKA_EC_POINT }]);
  if (params === undefined || point === undefined) return undefined;
  const algorithm = algorithmOfEcParams(params.value, type === CKK_EC_EDWARDS);
  if (algorithm === undefined) return undefined;
  const publicKeyPem = spkiPemFromRawPublicKey(algorithm, unwrapEcPoint(algorithm, point.value));
  return { keyId: id.value.toString('hex'), algorithm, label: label.value.toString('utf8'), publicKeyPem };
}

/**
 * The indicia key pairs on the token (P-256 and Ed25519 public keys with a private key of the same
 * CKA_ID), all of them or the one whose CKA_ID is `id`.
 */
export function findTokenKeys(pkcs11: Pkcs11, session: Pkcs11Handle, id?: Buffer): TokenKey[] {
  const byId = id === undefined ? [] : [{ type: pkcs11js.CKA_ID, value: id }];
  const publicKeys = findObjects(pkcs11, session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY }, ...byId]);
  const keys: TokenKey[] = [];
  for (const handle of publicKeys) {
    const info = describePublicKey(pkcs11, session, handle);
    if (info === undefined) continue;
    const [privateKey] = findObjects(pkcs11, session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_ID, value: Buffer.from(info.keyId, 'hex') },
    ]);
    if (privateKey !== undefined) keys.push({ info, privateKey });
  }
  return keys;
}
