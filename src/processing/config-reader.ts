// Reads settings one at a time from strings (environment) or typed values (a launcher's), collecting
// every problem instead of stopping at the first, so that a bad configuration is reported whole.

/** A setting as given: a string from the environment or a value a launcher already holds. */
export type SettingValue = string | number | bigint | boolean | null | undefined;

/** Reads typed settings from `input`, naming each by `names[key]` (e.g. its environment variable). */
export class SettingReader<K extends string> {
  constructor(
    private readonly input: Readonly<Partial<Record<K, SettingValue>>>,
    private readonly names: Readonly<Partial<Record<K, string>>>,
    /** Every problem found so far, one sentence each. */
    readonly problems: string[] = [],
  ) {}

  /** How a setting is named in messages. */
  name(key: K): string {
    return this.names[key] ?? key;
  }

  /** A non-empty string, trimmed; `fallback` when absent (undefined fallback: required). */
  text(key: K, fallback?: string): string {
    const v = this.input[key];
    if (v === undefined || v === null || v === '') return fallback ?? this.bad(key, 'is required', '');
    if (typeof v !== 'string' || v.trim() === '') return this.bad(key, 'must be a non-empty string', fallback ?? '');
    return v.trim();
  }

  /** A string or null when absent. */
  optionalText(key: K): string | null {
    const v = this.input[key];
    return v === undefined || v === null || v === '' ? null : this.text(key);
  }

  /** A secret of at least `minLength` characters without spaces; never echoed in a message. */
  secret(key: K, minLength: number): string {
    const v = this.input[key];
    if (v === undefined || v === null || v === '') return this.bad(key, `is required (a random secret of at least ${minLength} characters)`, '');
    if (typeof v !== 'string' || v.length < minLength || /\s/.test(v)) return this.bad(key, `must be at least ${minLength} characters without spaces`, '');
    return v;
  }

  /** A whole number in [min, max]; `fallback` when absent. */
  int(key: K, fallback: number, min: number, max: number): number {
    return this.optionalInt(key, min, max) ?? fallback;
  }

  /** A whole number in [min, max], or null when absent. */
  optionalInt(key: K, min: number, max: number): number | null {
    const v = this.input[key];
    if (v === undefined || v === null || v === '') return null;
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : typeof v === 'number' ? v : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) return this.bad(key, `must be a whole number from ${min} to ${max}, got ${String(v)}`, null);
    return n;
  }

  /** A whole number of mills (at most 15 digits, far inside a register's 2^40); `fallback` when absent. */
  mills(key: K, fallback: bigint): bigint {
    const v = this.input[key];
    if (v === undefined || v === null || v === '') return fallback;
    const text = String(v).trim();
    if (!/^\d{1,15}$/.test(text) || (typeof v === 'number' && !Number.isSafeInteger(v))) {
      return this.bad(key, `must be a whole number of mills (at most 15 digits), got ${String(v)}`, fallback);
    }
    return BigInt(text);
  }

  /** true/false (also 1/0, yes/no, on/off); `fallback` when absent. */
  flag(key: K, fallback: boolean): boolean {
    const v = this.input[key];
    if (v === undefined || v === null || v === '') return fallback;
    if (typeof v === 'boolean') return v;
    const text = String(v).trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(text)) return true;
    if (['false', '0', 'no', 'off'].includes(text)) return false;
    return this.bad(key, `must be true or false, got ${String(v)}`, fallback);
  }

  /** One of `allowed`; `fallback` when absent. */
  oneOf<T extends string>(key: K, fallback: T, allowed: readonly T[]): T {
    const v = this.input[key];
    if (v === undefined || v === null || v === '') return fallback;
    if (typeof v !== 'string' || !allowed.includes(v as T)) return this.bad(key, `must be one of ${allowed.join(', ')}, got ${String(v)}`, fallback);
    return v as T;
  }

  /** Records a problem with `key` and returns `fallback`, so reading goes on. */
  bad<T>(key: K, problem: string, fallback: T): T {
    this.problems.push(`${this.name(key)} ${problem}`);
    return fallback;
  }
}
