// CSV as RFC 4180 writes it (header row, CRLF line ends, a field quoted with its quotes doubled when it
// holds a comma, a quote, a line break or white space at either end), plus a guard against spreadsheet
// formula injection: a cell that begins with = + - @ (or a tab or carriage return, which some spreadsheets
// skip before looking) is prefixed with an apostrophe, so that a spreadsheet shows the text instead of
// running it. Every cell goes through the guard: nothing the history exports begins so legitimately
// (amounts are never negative). The reader is for tests and tools that read the exports back. Pure.

/** The media type of the CSV exports. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

/** One field: a null is empty; a formula-looking text is defused; quoted when it must be. */
export function csvField(value: string | null): string {
  if (value === null || value === '') return '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record with its CRLF. */
export function csvRow(fields: readonly (string | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * Reads RFC 4180 text into records of fields (quoted fields may hold commas, quotes and line breaks; lines
 * may end in CRLF or LF). It does not undo the formula guard: a defused cell reads back with its apostrophe.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (c === '\r') i += 1;
    } else {
      field += c;
    }
    i += 1;
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  // A last record without its line end.
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}
