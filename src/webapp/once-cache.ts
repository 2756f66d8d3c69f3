// Remembers the answers of recent operations by idempotency key, so that a form sent twice (a double
// click that got through, a reload that resubmits, a retry after a lost answer) gets the first answer
// instead of doing the work again. In memory and bounded: enough for one console's forms, where the
// key lives as long as the page does; the purchase path keeps its keys in the database instead.
import type { AppError } from '../errors/app-error.js';

/** One remembered operation: what was asked (a fingerprint of the body) and its answer. */
interface Entry<T> {
  readonly fingerprint: string;
  readonly answer: Promise<T>;
}

/** Runs each key's operation once; a reused key with another fingerprint is refused by `conflict`. */
export class OnceCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly maxEntries: number,
    private readonly conflict: (key: string) => AppError,
  ) {}

  /**
   * The answer of `key`: the one remembered when the same fingerprint was sent before (even while it is
   * still running), else `run()`'s. A failed run is forgotten, so the same key may be tried again.
   */
  run(key: string, fingerprint: string, run: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known !== undefined) {
      if (known.fingerprint !== fingerprint) return Promise.reject(this.conflict(key));
      return known.answer;
    }
    const answer = run();
    this.entries.set(key, { fingerprint, answer });
    answer.catch(() => {
      if (this.entries.get(key)?.answer === answer) this.entries.delete(key);
    });
    // Oldest first out: a Map iterates in insertion order.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return answer;
  }
}
