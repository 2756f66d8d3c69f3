// The verifier's memory of indicia already seen (spec §8 rule 6). Kept behind an interface: a scanning
// station needs a persistent store, an offline tool is content with memory.

/** Remembers which (license number, PSD id, piece count) triples a verifier has seen. */
export interface SeenStore {
  /**
   * Records a sighting; true the first time this triple is recorded, false on every later call.
   * Must be atomic: two concurrent calls for one triple may not both return true.
   */
  recordFirstSighting(licenseNumber: number, psdId: number, pieceCount: number): boolean | Promise<boolean>;
}

/** A SeenStore held in memory, forgotten when the process ends. */
export class MemorySeenStore implements SeenStore {
  // One set of piece counts per (license, PSD): smaller than one string per triple.
  readonly #byPsd = new Map<string, Set<number>>();
  #size = 0;

  /** True the first time the triple is recorded. */
  recordFirstSighting(licenseNumber: number, psdId: number, pieceCount: number): boolean {
    const key = `${licenseNumber}/${psdId}`;
    let counts = this.#byPsd.get(key);
    if (counts === undefined) {
      counts = new Set();
      this.#byPsd.set(key, counts);
    }
    if (counts.has(pieceCount)) return false;
    counts.add(pieceCount);
    this.#size++;
    return true;
  }

  /** How many distinct triples have been recorded. */
  get size(): number {
    return this.#size;
  }
}
