// The indicium v1 codec (spec §2): fields <-> the 53 signed bytes, and signed bytes + 64-byte signature
// <-> the 117-byte indicium. Pure: signing and verifying happen elsewhere with keys passed in.
import { AppError } from '../../errors/app-error.js';
import { SIGNATURE_LENGTH, isSignatureAlgorithm } from '../signature-algorithm.js';
import {
  FIELD_LAYOUT,
  INDICIUM_LENGTH,
  INDICIUM_VERSION,
  SIGNED_PART_LENGTH,
  type FieldLayout,
  type IndiciumFields,
} from './fields.js';

/** An indicium split into its fields, the bytes the signature covers, and the signature. */
export interface DecodedIndicium {
  readonly fields: IndiciumFields;
  /** Bytes 0-52, exactly as received: the message the signature covers. */
  readonly signedPart: Buffer;
  /** Bytes 53-116. */
  readonly signature: Buffer;
}

/** Encodes the fields into the 53 signed bytes; refuses any field its bytes cannot hold. */
export function encodeSignedPart(fields: IndiciumFields): Buffer {
  checkVersionAndAlgorithm(fields.version, fields.algorithm);
  const out = Buffer.alloc(SIGNED_PART_LENGTH);
  for (const layout of FIELD_LAYOUT) {
    writeUnsigned(out, layout, checkedValue(fields, layout));
  }
  return out;
}

/** Builds the 117-byte indicium from its fields and the 64-byte signature over encodeSignedPart(fields). */
export function assembleIndicium(fields: IndiciumFields, signature: Uint8Array): Buffer {
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_LENGTH) {
    const got = signature instanceof Uint8Array ? `${signature.length} bytes` : typeof signature;
    throw new AppError('INDICIUM_LENGTH', `The signature must be ${SIGNATURE_LENGTH} bytes, not ${got}`, { signatureLength: signature?.length });
  }
  return Buffer.concat([encodeSignedPart(fields), signature]);
}

/**
 * Splits a 117-byte indicium into fields, signed part and signature. Refuses another length
 * (INDICIUM_LENGTH), version (INDICIUM_VERSION) or algorithm (INDICIUM_ALGORITHM); every other
 * field decodes whatever its value, reserved rate categories included.
 */
export function decodeIndicium(bytes: Uint8Array): DecodedIndicium {
  if (!(bytes instanceof Uint8Array) || bytes.length !== INDICIUM_LENGTH) {
    const got = bytes instanceof Uint8Array ? bytes.length : 0;
    throw new AppError('INDICIUM_LENGTH', `The indicium is ${got} bytes long, not ${INDICIUM_LENGTH}`, { length: got });
  }
  const copy = Buffer.from(bytes);
  const signedPart = copy.subarray(0, SIGNED_PART_LENGTH);
  return { fields: decodeSignedPart(signedPart), signedPart, signature: copy.subarray(SIGNED_PART_LENGTH) };
}

/** Decodes the 53 signed bytes into fields (INDICIUM_LENGTH, INDICIUM_VERSION, INDICIUM_ALGORITHM). */
export function decodeSignedPart(bytes: Uint8Array): IndiciumFields {
  if (bytes.length !== SIGNED_PART_LENGTH) {
    throw new AppError('INDICIUM_LENGTH', `The signed part is ${bytes.length} bytes long, not ${SIGNED_PART_LENGTH}`, { length: bytes.length });
  }
  checkVersionAndAlgorithm(bytes[0] ?? 0, bytes[1] ?? 0);
  const entries = FIELD_LAYOUT.map((layout) => {
    const value = readUnsigned(bytes, layout);
    // Fields of at most 4 bytes fit a double exactly; wider ones stay bigint.
    return [layout.name, layout.type === 'number' ? Number(value) : value] as const;
  });
  return Object.fromEntries(entries) as unknown as IndiciumFields;
}

/**
 * Parses an indicium written in hexadecimal: 2 digits a byte, either all together or with whitespace
 * between bytes (INDICIUM_HEX_INVALID). The length is not checked here: decodeIndicium does that.
 */
export function parseIndiciumHex(text: string): Buffer {
  const groups = typeof text === 'string' ? text.trim().split(/\s+/) : [];
  const valid = groups.length > 0 && groups.every((g) => g.length > 0 && g.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(g));
  if (!valid) {
    const shown = typeof text === 'string' ? text.slice(0, 40) : typeof text;
    throw new AppError('INDICIUM_HEX_INVALID', `The text ${JSON.stringify(shown)} is not whole bytes of hexadecimal`, {
      length: typeof text === 'string' ? text.length : 0,
    });
  }
  return Buffer.from(groups.join(''), 'hex');
}

function checkVersionAndAlgorithm(version: number, algorithm: number): void {
  if (version !== INDICIUM_VERSION) {
    throw new AppError('INDICIUM_VERSION', `Indicium version ${version} is not supported; only version ${INDICIUM_VERSION} is`, { version });
  }
  if (!isSignatureAlgorithm(algorithm)) {
    throw new AppError('INDICIUM_ALGORITHM', `Signature algorithm ${algorithm} is not 1 (ECDSA P-256) or 2 (Ed25519)`, { algorithm });
  }
}

// The field's value as a bigint, or INDICIUM_FIELD_RANGE naming the field and its limit.
function checkedValue(fields: IndiciumFields, layout: FieldLayout): bigint {
  const raw: unknown = fields[layout.name];
  const ok = layout.type === 'bigint' ? typeof raw === 'bigint' : typeof raw === 'number' && Number.isSafeInteger(raw);
  const value = ok ? BigInt(raw as number | bigint) : undefined;
  if (value === undefined || value < 0n || value > layout.max) {
    const kind = layout.type === 'bigint' ? 'a bigint' : 'an integer';
    throw new AppError(
      'INDICIUM_FIELD_RANGE',
      `Field ${layout.name} is ${describe(raw)}; it must be ${kind} from 0 to ${layout.max} (${layout.length} bytes)`,
      { field: layout.name, max: layout.max.toString(), value: describe(raw) },
    );
  }
  return value;
}

function writeUnsigned(out: Buffer, layout: FieldLayout, value: bigint): void {
  let rest = value;
  for (let i = layout.offset + layout.length - 1; i >= layout.offset; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

function readUnsigned(bytes: Uint8Array, layout: FieldLayout): bigint {
  let value = 0n;
  for (let i = layout.offset; i < layout.offset + layout.length; i++) {
    value = (value << 8n) | BigInt(bytes[i] ?? 0);
  }
  return value;
}

function describe(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : typeof value === 'number' ? String(value) : typeof value;
}
