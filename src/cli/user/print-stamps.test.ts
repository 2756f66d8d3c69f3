import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assembleIndicium } from '../../core/indicium/codec.js';
import { parseBuyFlags } from './buy-plan.js';
import { preflightPrint, printFormatOf, printStamps } from './print-stamps.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'indicia-print-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const letter = { category: 'letter', postage: '0.74', from: '94107', date: '2026-11-24' };

function stamp(pieceCount: number): { indicium: string } {
  const fields = {
    version: 1, algorithm: 1 as const, licenseNumber: 40001234, certificateSerial: 7, psdId: 3, pieceCount, ascendingRegister: 740n,
    descendingRegister: 1_000_000n, postage: 740n, dateOfMailing: 9824, originZip: 941070001, destinationZip: 0, rateCategory: 1, medium: 0n, softwareId: 1,
  };
  return { indicium: assembleIndicium(fields, new Uint8Array(64)).toString('base64') };
}

describe('printing stamps to files', () => {
  it('picks the format by extension', () => {
    expect(['a.pdf', 'B.PNG', 'c.svg', 'd.zpl'].map(printFormatOf)).toEqual(['pdf', 'png', 'svg', 'zpl']);
    expect(() => printFormatOf('labels.txt')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('writes one SVG per page, numbered when there are several, and one ZPL file', async () => {
    const one = await printStamps([stamp(1)], { layout: 'single-label', out: join(dir, 'one.svg') });
    expect(one).toEqual([join(dir, 'one.svg')]);
    const many = await printStamps(Array.from({ length: 12 }, (_, i) => stamp(i + 1)), { layout: 'single-label', out: join(dir, 'many.svg') });
    expect(many.map((p) => p.slice(dir.length + 1))).toEqual(Array.from({ length: 12 }, (_, i) => `many-${String(i + 1).padStart(2, '0')}.svg`));
    const zpl = await printStamps([stamp(1), stamp(2)], { layout: 'thermal-4x6', out: join(dir, 'labels.zpl') });
    expect((await readFile(zpl[0]!, 'utf8')).match(/\^XA/g)).toHaveLength(2);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('preflightPrint', () => {
  const today = '2026-11-24';

  it('accepts a print that will work', async () => {
    await expect(preflightPrint(parseBuyFlags({ ...letter, quantity: '40' }), { layout: 'address-30up', out: join(dir, 'a.pdf'), startSlot: 25 }, today)).resolves.toBeUndefined();
    await expect(preflightPrint(parseBuyFlags({ ...letter, quantity: '20', medium: '2026-1124-0001-8', slot: '1' }), { layout: 'stamp-sheet', out: join(dir, 'a.pdf') }, today)).resolves.toBeUndefined();
  });

  it('refuses, before buying, what the real print would refuse', async () => {
    const cases: [Parameters<typeof preflightPrint>[0], Parameters<typeof preflightPrint>[1], string][] = [
      [parseBuyFlags(letter), { layout: 'single-label', out: join(dir, 'a.doc') }, 'INVALID_ARGUMENT'],
      [parseBuyFlags(letter), { layout: 'single-label', out: join(dir, 'missing', 'a.pdf') }, 'INVALID_ARGUMENT'],
      [parseBuyFlags(letter), { layout: 'no-such-layout', out: join(dir, 'a.pdf') }, 'PRINT_LAYOUT_UNKNOWN'],
      [parseBuyFlags(letter), { layout: 'address-30up', out: join(dir, 'a.pdf'), startSlot: 31 }, 'PRINT_SLOT_OUT_OF_RANGE'],
      [parseBuyFlags({ ...letter, medium: '2026-1124-0001-8' }), { layout: 'envelope-10', out: join(dir, 'a.pdf') }, 'PRINT_SLOT_MISMATCH'],
      [parseBuyFlags({ ...letter, medium: '2026-1124-0001-8', slot: '3' }), { layout: 'single-label', out: join(dir, 'a.pdf') }, 'PRINT_SLOT_MISMATCH'],
      [parseBuyFlags({ ...letter, medium: '2026-1124-0001-8', slot: '1' }), { layout: 'stamp-sheet', out: join(dir, 'a.pdf'), startSlot: 2 }, 'PRINT_JOB_INVALID'],
      [parseBuyFlags(letter), { layout: 'single-label', out: join(dir, 'a.pdf'), addresses: { delivery: ['Jo'] } }, 'PRINT_JOB_INVALID'],
    ];
    for (const [params, options, code] of cases) {
      await expect(preflightPrint(params, options, today), `${options.layout} ${options.out}`).rejects.toMatchObject({ code });
    }
  });
});
