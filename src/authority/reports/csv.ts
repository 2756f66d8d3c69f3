// CSV as RFC 4180 writes it: a header row, CRLF line ends, and a field quoted (its quotes doubled)
// when it holds a comma, a quote, a line break or white space at either end. Pure.

/** A value of one CSV field; null is written as an empty field. */
export type CsvValue = string | number | bigint | null;

/** The media type the CSV downloads are answered with. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

/** One field, quoted when it must be. */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole document: the header row, then one row per entry, each line ending in CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== header.length) throw new Error(`CSV row ${i} has ${row.length} fields, the header ${header.length}`);
  }
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
