import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.js';

describe('CSV', () => {
  it('quotes only the fields that need it, doubling their quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(42)).toBe('42');
    expect(csvField(12345678901234567890n)).toBe('12345678901234567890');
    expect(csvField(null)).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('writes a header row and CRLF-terminated rows of the header width', () => {
    expect(toCsv(['a', 'b'], [['1', null], ['x,y', 2]])).toBe('a,b\r\n1,\r\n"x,y",2\r\n');
    expect(toCsv(['only'], [])).toBe('only\r\n');
    expect(() => toCsv(['a', 'b'], [['1']])).toThrow(/1 fields, the header 2/);
  });
});
