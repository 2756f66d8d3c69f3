import fc from 'fast-check';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderDataMatrixPng } from '../../barcode/index.js';
import { isAppError } from '../../errors/app-error.js';
import { indiciumFromText, MAX_SCAN_PIXELS, symbolsFromUpload } from './scan-input.js';

/** The code of the AppError `fn` throws. */
async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    if (isAppError(err)) return err.code;
    throw err;
  }
  return '(no error)';
}

describe('indiciumFromText', () => {
  it('reads hex with white space, and base64 in both alphabets with or without padding', () => {
    expect(indiciumFromText(' 01 02\nff ')).toEqual({ kind: 'hex', bytes: Buffer.from([1, 2, 255]) });
    expect(indiciumFromText('AQL/')).toEqual({ kind: 'base64', bytes: Buffer.from([1, 2, 255]) });
    expect(indiciumFromText('AQL_')).toEqual({ kind: 'base64', bytes: Buffer.from([1, 2, 255]) });
    expect(indiciumFromText('AQI=')).toEqual({ kind: 'base64', bytes: Buffer.from([1, 2]) });
    expect(indiciumFromText('AQI')).toEqual({ kind: 'base64', bytes: Buffer.from([1, 2]) });
  });

  it('gives back any 117 bytes exactly, as hex and as base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 117, maxLength: 117 }), (raw) => {
        const bytes = Buffer.from(raw);
        expect(indiciumFromText(bytes.toString('hex')).bytes).toEqual(bytes);
        const b64 = indiciumFromText(bytes.toString('base64'));
        expect(b64.bytes).toEqual(bytes);
        expect(indiciumFromText(bytes.toString('base64url')).bytes).toEqual(bytes);
      }),
    );
  });

  it('refuses empty text, an odd count of hex digits and text of neither alphabet', async () => {
    expect(await codeOf(() => indiciumFromText(' \n'))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => indiciumFromText('abc'))).toBe('INDICIUM_HEX_INVALID');
    expect(await codeOf(() => indiciumFromText('not base64!'))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => indiciumFromText('AQIDB'))).toBe('INVALID_ARGUMENT'); // 5 characters: no base64 ends so
  });
});

describe('symbolsFromUpload', () => {
  it('passes raw bytes through as one symbol', async () => {
    expect(await symbolsFromUpload('bytes', Buffer.from([1, 2, 3]))).toEqual([{ source: 'indicium', bytes: Buffer.from([1, 2, 3]) }]);
  });

  it('reads the symbols of a PNG, labelled by their place in reading order', async () => {
    const bytes = Buffer.alloc(117, 0x5a);
    const png = renderDataMatrixPng(bytes, { modulePx: 3, quietZoneModules: 1 });
    expect(await symbolsFromUpload('png', png)).toEqual([{ source: 'symbol 1', bytes }]);
  });

  it('refuses what is no PNG, and a PNG too large to decode, before decoding', async () => {
    expect(await codeOf(() => symbolsFromUpload('png', Buffer.from('GIF89a........................')))).toBe('INPUT_UNREADABLE');
    const png = new PNG({ width: 1, height: 1 });
    const header = PNG.sync.write(png);
    header.writeUInt32BE(MAX_SCAN_PIXELS, 16); // width × 1 pixel: exactly the limit, then one more row
    header.writeUInt32BE(2, 20);
    expect(await codeOf(() => symbolsFromUpload('png', header))).toBe('SCAN_INPUT_TOO_LARGE');
  });

  it('refuses what is no PDF', async () => {
    expect(await codeOf(() => symbolsFromUpload('pdf', Buffer.from('not a pdf')))).toBe('INPUT_UNREADABLE');
  });
});
