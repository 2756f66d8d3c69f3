import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toNumberedPlaceholders } from './placeholders.js';

describe('toNumberedPlaceholders', () => {
  it('numbers the placeholders in order', () => {
    expect(toNumberedPlaceholders('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)',
      count: 3,
    });
  });

  it('keeps a ? inside string literals, with doubled quotes inside them', () => {
    const sql = "SELECT 'why?', 'it''s ?', ? FROM t WHERE c = 'a?b' AND d = ?";
    expect(toNumberedPlaceholders(sql)).toEqual({
      text: "SELECT 'why?', 'it''s ?', $1 FROM t WHERE c = 'a?b' AND d = $2",
      count: 2,
    });
  });

  it('keeps a ? inside E-strings with backslash escapes, and treats a column named e as an identifier', () => {
    expect(toNumberedPlaceholders("SELECT E'it\\'s ?', ?").text).toBe("SELECT E'it\\'s ?', $1");
    expect(toNumberedPlaceholders("SELECT e FROM t WHERE e='?' AND e=?").text).toBe("SELECT e FROM t WHERE e='?' AND e=$1");
    expect(toNumberedPlaceholders("SELECT name'?' , ?").text).toBe("SELECT name'?' , $1");
  });

  it('keeps a ? inside quoted identifiers, comments and dollar-quoted strings', () => {
    const sql = [
      'SELECT "odd?""name", ? -- what? ',
      '/* a ? /* nested ? */ still ? */ , ?',
      ', $$ dollar ? $$, $fn$ tagged ? $$ not the end ? $fn$, ?',
      ', price$x, ?',
    ].join('\n');
    expect(toNumberedPlaceholders(sql)).toEqual({
      text: [
        'SELECT "odd?""name", $1 -- what? ',
        '/* a ? /* nested ? */ still ? */ , $2',
        ', $$ dollar ? $$, $fn$ tagged ? $$ not the end ? $fn$, $3',
        ', price$x, $4',
      ].join('\n'),
      count: 4,
    });
  });

  it('leaves text without placeholders, and an unterminated literal, untouched', () => {
    expect(toNumberedPlaceholders('SELECT 1')).toEqual({ text: 'SELECT 1', count: 0 });
    expect(toNumberedPlaceholders("SELECT ?, 'open ?")).toEqual({ text: "SELECT $1, 'open ?", count: 1 });
  });

  it('numbers every ? of text made of plain words, and changes nothing else', () => {
    const word = fc.stringMatching(/^[a-z0-9 ,=()<>]{0,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 10 }), (words) => {
        const { text, count } = toNumberedPlaceholders(words.join('?'));
        expect(count).toBe(words.length - 1);
        expect(text).toBe(words.map((w, i) => (i === 0 ? w : `$${i}${w}`)).join(''));
      }),
    );
  });
});
