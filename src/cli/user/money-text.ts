// Money as the user verbs print it: the API's decimal strings of mills shown as dollars. Pure.
import { formatDollars } from '../../core/money.js';

/** "$25.00" from "25000"; a negative amount keeps its sign. An unreadable value is shown as it came. */
export function dollarsOf(mills: string | null | undefined): string {
  if (mills === null || mills === undefined) return '-';
  if (!/^-?\d+$/.test(mills)) return mills;
  return formatDollars(BigInt(mills));
}

/** The day of an ISO time, "2026-11-24", or "-" when there is none. */
export function dayOf(iso: string | null | undefined): string {
  return iso === null || iso === undefined ? '-' : iso.slice(0, 10);
}

/** Rows of cells as columns separated by two spaces, each as wide as its widest cell (the last one not padded). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}
