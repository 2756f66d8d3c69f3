import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatZip, parseOptionalZip, parseZip } from './zip.js';
import { codeOf } from '../testing/error-code.js';

describe('ZIP codes', () => {
  it('pack as zip5 * 10000 + plus4', () => {
    expect(parseZip('94107')).toBe(941_070_000);
    expect(parseZip('94107-0001')).toBe(941_070_001);
    expect(parseZip('941070001')).toBe(941_070_001);
    expect(parseZip(' 10001-0000 ')).toBe(100_010_000);
    expect(parseZip('01234')).toBe(12_340_000);
  });

  it('format back, dropping an unknown plus4 and keeping leading zeros', () => {
    expect(formatZip(941_070_001)).toBe('94107-0001');
    expect(formatZip(941_070_000)).toBe('94107');
    expect(formatZip(12_340_056)).toBe('01234-0056');
    expect(formatZip(999_999_999)).toBe('99999-9999');
    expect(formatZip(0)).toBe('');
  });

  it('round-trip every valid ZIP+4', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 9_999 }), (zip5, plus4) => {
        const packed = zip5 * 10_000 + plus4;
        expect(parseZip(formatZip(packed))).toBe(packed);
      }),
    );
  });

  it('treat a blank optional ZIP as 0, not given', () => {
    expect(parseOptionalZip(undefined)).toBe(0);
    expect(parseOptionalZip(null)).toBe(0);
    expect(parseOptionalZip('  ')).toBe(0);
    expect(parseOptionalZip('94107')).toBe(941_070_000);
  });

  it.each(['', '9410', '941070', '94107-001', '94107-00001', 'ABCDE', '00000', '94107 0001', '-94107'])(
    'refuse %j with ZIP_INVALID',
    (text) => {
      expect(codeOf(() => parseZip(text))).toBe('ZIP_INVALID');
    },
  );

  it('refuse to format what is not a packed ZIP+4', () => {
    expect(codeOf(() => formatZip(1_000_000_000))).toBe('ZIP_INVALID');
    expect(codeOf(() => formatZip(9_999))).toBe('ZIP_INVALID');
    expect(codeOf(() => formatZip(-1))).toBe('ZIP_INVALID');
    expect(codeOf(() => formatZip(1.5))).toBe('ZIP_INVALID');
  });
});
