import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { runCli } from '../../src/cli/run-cli.js';
import { loadCalibration } from '../../src/print/calibration-store.js';
import { ptToMm } from '../../src/print/geometry.js';

const home = mkdtempSync(join(tmpdir(), 'indicia-calibrate-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const status = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: { XDG_CONFIG_HOME: home }, cwd: home }, COMMANDS);
  return { status, out, err };
}

describe('indicia calibrate', () => {
  it('writes a test page and says where its crosshairs belong', async () => {
    const r = await cli('calibrate', 'page', '--printer', 'office', '--layout', 'address-30up', '--out', 'page.pdf');
    expect(r.status).toBe(0);
    expect(existsSync(join(home, 'page.pdf'))).toBe(true);
    expect(r.out).toContain('Crosshair A should be at 25.4,25.4 mm');
  });

  it('turns measured crosshairs into the calibration that undoes the printer’s offset, and saves it', async () => {
    // A Letter page's crosshairs belong 1 in from two corners; this printer put them 1.0 mm right and 2.0 mm low.
    const r = await cli('calibrate', 'measure', '--printer', 'office', '--layout', 'address-30up', '--a', '26.4,27.4', '--b', '191.5,256.0');
    expect(r.status).toBe(0);
    const saved = await loadCalibration(join(home, 'indicia', 'printers'), 'office');
    expect(saved).toBeDefined();
    expect(ptToMm(saved!.dxPt)).toBeCloseTo(-1.0, 1);
    expect(ptToMm(saved!.dyPt)).toBeCloseTo(-2.0, 1);
    expect(saved!.scale).toBeCloseTo(1, 3);
    expect((await cli('calibrate', 'show', '--printer', 'office')).out).toContain('-1.00 mm right, -2.00 mm down');
  });

  it('sets a calibration directly and refuses one out of limits', async () => {
    expect((await cli('calibrate', 'set', '--printer', 'thermal', '--dx', '0.5', '--dy=-0.25', '--scale', '1.01')).status).toBe(0);
    expect((await cli('calibrate', 'show', '--printer', 'thermal')).out).toContain('0.50 mm right, -0.25 mm down, scale 1.0100');
    const bad = await cli('calibrate', 'set', '--printer', 'thermal', '--scale', '2');
    expect(bad.status).toBe(2);
    expect(bad.err).toContain('PRINT_CALIBRATION_INVALID');
  });
});
