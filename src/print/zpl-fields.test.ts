import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeZplHexField, undoDataMatrixEscapes, zplDataMatrixField, zplTextField } from './zpl-fields.js';

describe('ZPL field escaping', () => {
  it('writes every byte of a Data Matrix field as _XX and doubles the escape character _', () => {
    expect(zplDataMatrixField(Uint8Array.from([0x00, 0x5e, 0x5f, 0x7e, 0xff]))).toBe('_00_5E_5F_5F_7E_FF');
  });

  it('gets any bytes back through ^FH and the ^BX escape step', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        const field = zplDataMatrixField(bytes);
        // Only the indicator and hex digits: no ^ or ~ prefix, nothing above 0x7E, no control byte.
        expect(field).toMatch(/^(_[0-9A-F]{2})*$/);
        expect(undoDataMatrixEscapes(decodeZplHexField(field))).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it('keeps plain text readable and escapes ^, ~, _ and Latin-1 letters as Windows-1252 bytes', () => {
    expect(zplTextField('PSD 4, $0.74')).toBe('PSD 4, $0.74');
    expect(zplTextField('a^b~c_d é')).toBe('a_5Eb_7Ec_5Fd _E9');
    expect(decodeZplHexField(zplTextField('a^b~c_d é')).toString('latin1')).toBe('a^b~c_d é');
  });

  it('refuses a lone escape character when undoing', () => {
    expect(() => undoDataMatrixEscapes(Buffer.from('a_b', 'latin1'))).toThrow(/lone escape/);
  });
});
