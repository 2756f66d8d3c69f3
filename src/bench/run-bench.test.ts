import { describe, expect, it } from 'vitest';
import type { BenchSection } from './bench-section.js';
import { runBench } from './run-bench.js';
import { BENCH_SECTIONS } from './sections/index.js';

const section = (name: string, ran: string[]): BenchSection => ({
  name,
  summary: `the ${name} section`,
  run: async (print) => {
    ran.push(name);
    print(`${name} result`);
  },
});

describe('runBench', () => {
  it('runs only the sections named, in registry order', async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    expect(await runBench(['b'], [section('a', ran), section('b', ran)], (l) => lines.push(l))).toBe(0);
    expect(ran).toEqual(['b']);
    expect(lines).toContain('b result');
  });

  it('runs every section when none is named', async () => {
    const ran: string[] = [];
    expect(await runBench([], [section('a', ran), section('b', ran)], () => {})).toBe(0);
    expect(ran).toEqual(['a', 'b']);
  });

  it('refuses an unknown section name and lists the known ones', async () => {
    const lines: string[] = [];
    expect(await runBench(['nope'], [section('a', [])], (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toMatch(/Unknown bench section: nope\. Known: a/);
  });

  it('registers the crypto section, and no name twice', () => {
    const names = BENCH_SECTIONS.map((s) => s.name);
    expect(names).toContain('crypto');
    expect(new Set(names).size).toBe(names.length);
  });
});
