/** Milliseconds in one day. */
export const MS_PER_DAY = 86_400_000;

/** Epoch milliseconds rounded down to the whole second (X.509 validity carries seconds only). */
export function floorToSecondMs(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** ISO 8601 UTC with whole seconds, as the certificate directory writes times: 2026-01-01T00:00:00Z. */
export function isoSeconds(ms: number): string {
  return new Date(floorToSecondMs(ms)).toISOString().replace('.000Z', 'Z');
}
