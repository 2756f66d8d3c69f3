/** One part of `npm run bench`; each part of the system registers its own in sections/index.ts. */
export interface BenchSection {
  /** Short name used on the command line: `node dist/bench/main.js <name>`. */
  readonly name: string;
  /** One line saying what the section measures. */
  readonly summary: string;
  /** Runs the measurements and prints them through `print`, one line per call. */
  run(print: (line: string) => void): Promise<void>;
}
