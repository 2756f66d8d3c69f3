import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvRow, parseCsv } from './csv.js';

describe('CSV', () => {
  it('quotes only fields that need it, doubling their quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(null)).toBe('');
    expect(csvRow(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('a=b')).toBe('a=b');
  });

  it('reads back what it writes, field for field (formula-looking cells aside)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\r', '\n', ' ', 'é', '1') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map((r) => csvRow(r)).join('');
        // A record of one empty field is an empty line, which reads back as one empty field too.
        expect(parseCsv(text)).toEqual(rows.map((r) => r.map((f) => (/^[\r]/.test(f) ? `'${f}` : f))));
      }),
    );
  });

  it('reads LF line ends and a last line without one', () => {
    expect(parseCsv('a,b\nc,"d\ne"')).toEqual([['a', 'b'], ['c', 'd\ne']]);
    expect(() => parseCsv('"open')).toThrow();
  });
});
