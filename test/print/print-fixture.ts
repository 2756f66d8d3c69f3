// Shared fixtures of the printing tests: indicia signed with the shared vectors' Ed25519 test key (so
// the spec §8 verifier accepts them against the vectors' certificate directory), the tools the tests
// need, and rasterising a PDF with poppler's pdftoppm.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runsWithTool } from '../../src/barcode/barcode-test-support.js';
import { grayFromPng, type GrayImage } from '../../src/barcode/index.js';
import { assembleIndicium, encodeSignedPart } from '../../src/core/indicium/codec.js';
import type { IndiciumFields } from '../../src/core/indicium/fields.js';
import { SignatureAlgorithm } from '../../src/core/signature-algorithm.js';
import { loadIndiciumVectors } from '../../src/testing/shared-spec.js';
import { parseCertificateDirectory } from '../../src/verifier/certificate-directory.js';
import { MemorySeenStore } from '../../src/verifier/seen-store.js';
import { createVerifier, type Verifier } from '../../src/verifier/verifier.js';

export const vectors = loadIndiciumVectors();
const ed25519Key = createPrivateKey(vectors.testKeys.ed25519PrivatePem);
// The Ed25519 vector case: certificate 8 of PSD 4 under license 40001234.
const base = vectors.cases.find((c) => c.fields.algorithm === SignatureAlgorithm.Ed25519)!.fields;

/** Changes to the Ed25519 vector's fields for one test indicium. */
export interface IndiciumOverrides {
  readonly pieceCount: number;
  readonly postage?: bigint;
  readonly rateCategory?: number;
  readonly medium?: bigint;
  readonly originZip?: number;
}

/** An indicium signed with the vectors' Ed25519 test key; registers follow from the piece count. */
export function signedIndicium(o: IndiciumOverrides): Buffer {
  const postage = o.postage ?? 740n;
  const ascending = 100_000n + BigInt(o.pieceCount) * postage;
  const fields: IndiciumFields = {
    version: 1,
    algorithm: SignatureAlgorithm.Ed25519,
    licenseNumber: Number(base.licenseNumber),
    certificateSerial: Number(base.certificateSerial),
    psdId: Number(base.psdId),
    pieceCount: o.pieceCount,
    ascendingRegister: ascending,
    descendingRegister: 10_000_000n - ascending,
    postage,
    dateOfMailing: Number(base.dateOfMailing),
    originZip: o.originZip ?? 941070001,
    destinationZip: 0,
    rateCategory: o.rateCategory ?? 1,
    medium: o.medium ?? 0n,
    softwareId: 1,
  };
  const signed = encodeSignedPart(fields);
  return assembleIndicium(fields, sign(null, signed, ed25519Key));
}

/** `count` plain-paper indicia with piece counts from `firstPiece`, cycling through the rate categories. */
export function plainIndicia(count: number, firstPiece: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => signedIndicium({ pieceCount: firstPiece + i, postage: 500n + 37n * BigInt(i), rateCategory: (i % 8) + 1 }));
}

/** A spec §8 verifier over the vectors' certificate directory, with its own memory of piece counts. */
export function vectorsVerifier(): Verifier {
  return createVerifier({ directory: parseCertificateDirectory(vectors.directory), seen: new MemorySeenStore() });
}

/** Whether the tests needing pdftoppm run (they fail under CI when it is missing). */
export const pdftoppmAvailable = runsWithTool('pdftoppm', 'poppler-utils');
/** Whether the tests needing pdftoppm and ZXingReader run (they fail under CI when a tool is missing). */
export const printToolsAvailable = pdftoppmAvailable && runsWithTool('ZXingReader', 'zxing-cpp-tools');

/** Rasterises every page of a PDF with `pdftoppm -r dpi` (8-bit grey), in page order. */
export function rasterizePdf(pdf: Uint8Array, dpi: number, extraArgs: readonly string[] = []): GrayImage[] {
  const dir = mkdtempSync(join(tmpdir(), 'print-raster-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-png', ...extraArgs, join(dir, 'in.pdf'), join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.startsWith('page') && f.endsWith('.png'))
      .sort((a, b) => pageNumber(a) - pageNumber(b))
      .map((f) => grayFromPng(readFileSync(join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pageNumber(file: string): number {
  return Number(/-(\d+)\.png$/.exec(file)?.[1] ?? 0);
}

/** The bytes ZXing-C++ reads from a PNG file (`-bytes` prints only the symbol's raw bytes). */
export function zxingBytes(file: string): Buffer {
  return execFileSync('ZXingReader', ['-bytes', '-format', 'DataMatrix', file]);
}
