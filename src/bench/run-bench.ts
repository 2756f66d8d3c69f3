import type { BenchSection } from './bench-section.js';

/** Runs the sections named in `args` (all when none) and returns the exit status. */
export async function runBench(args: readonly string[], sections: readonly BenchSection[], print: (line: string) => void): Promise<number> {
  if (args.includes('--list') || args.includes('--help')) {
    print('Usage: node dist/bench/main.js [section ...]');
    for (const section of sections) print(`  ${section.name.padEnd(12)} ${section.summary}`);
    return 0;
  }
  const unknown = args.filter((name) => !sections.some((s) => s.name === name));
  if (unknown.length > 0) {
    print(`Unknown bench section: ${unknown.join(', ')}. Known: ${sections.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const chosen = args.length === 0 ? sections : sections.filter((s) => args.includes(s.name));
  for (const section of chosen) {
    const started = Date.now();
    print(`== ${section.name}: ${section.summary}`);
    await section.run(print);
    print(`(${section.name} took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    print('');
  }
  return 0;
}
