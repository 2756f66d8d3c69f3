/**
 * Rewrites the portable `?` placeholders to PostgreSQL's numbered `$1, $2, …`.
 * A `?` inside a string literal ('…', E'…'), a quoted identifier ("…"), a dollar-quoted string
 * ($$…$$, $tag$…$tag$) or a comment (-- …, nested /* … *\/) is text, not a placeholder, and is kept.
 * PostgreSQL's jsonb operators `?`, `?|` and `?&` are therefore not usable in portable SQL.
 */
export function toNumberedPlaceholders(sql: string): { readonly text: string; readonly count: number } {
  let out = '';
  let count = 0;
  let i = 0;
  while (i < sql.length) {
    const skipTo = endOfQuotedOrComment(sql, i);
    if (skipTo > i) {
      out += sql.slice(i, skipTo);
      i = skipTo;
    } else if (sql[i] === '?') {
      count += 1;
      out += `$${count}`;
      i += 1;
    } else {
      out += sql[i];
      i += 1;
    }
  }
  return { text: out, count };
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;

/** When a literal, quoted identifier or comment starts at `i`, the index just past its end; else `i`. */
function endOfQuotedOrComment(sql: string, i: number): number {
  const c = sql[i];
  const next = sql[i + 1];
  const prev = i > 0 ? sql[i - 1] : '';
  if (c === "'") return endOfQuoted(sql, i + 1, "'", false);
  if ((c === 'E' || c === 'e') && next === "'" && !IDENTIFIER_CHAR.test(prev ?? '')) {
    return endOfQuoted(sql, i + 2, "'", true);
  }
  if (c === '"') return endOfQuoted(sql, i + 1, '"', false);
  if (c === '-' && next === '-') {
    const newline = sql.indexOf('\n', i + 2);
    return newline === -1 ? sql.length : newline + 1;
  }
  if (c === '/' && next === '*') return endOfBlockComment(sql, i);
  if (c === '$' && !IDENTIFIER_CHAR.test(prev ?? '')) {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
    if (tag) {
      const close = sql.indexOf(tag[0], i + tag[0].length);
      return close === -1 ? sql.length : close + tag[0].length;
    }
  }
  return i;
}

/** Index past the closing quote; a doubled quote is an escaped one, and so is a backslash in E'…'. */
function endOfQuoted(sql: string, from: number, quote: string, backslashEscapes: boolean): number {
  let j = from;
  while (j < sql.length) {
    const ch = sql[j];
    if (backslashEscapes && ch === '\\') {
      j += 2;
    } else if (ch === quote && sql[j + 1] === quote) {
      j += 2;
    } else if (ch === quote) {
      return j + 1;
    } else {
      j += 1;
    }
  }
  return sql.length; // unterminated: leave the rest alone and let the server report it
}

/** Index past a block comment starting at `start`; PostgreSQL nests them. */
function endOfBlockComment(sql: string, start: number): number {
  let depth = 0;
  let j = start;
  while (j < sql.length) {
    if (sql[j] === '/' && sql[j + 1] === '*') {
      depth += 1;
      j += 2;
    } else if (sql[j] === '*' && sql[j + 1] === '/') {
      depth -= 1;
      j += 2;
      if (depth === 0) return j;
    } else {
      j += 1;
    }
  }
  return sql.length;
}
