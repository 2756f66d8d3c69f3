import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { calibrationPath, defaultCalibrationDir, loadCalibration, saveCalibration } from './calibration-store.js';

const root = mkdtempSync(join(tmpdir(), 'print-calibration-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
  return 'no error';
}

describe('calibration files', () => {
  it('saves NAME.json in a folder it creates, loads it back, and leaves no temporary file', async () => {
    const dir = join(root, 'nested', 'printers');
    const path = await saveCalibration(dir, 'Zebra_ZD421.office-2', { dxPt: 1.5, dyPt: -2.25, scale: 0.995 });
    expect(path).toBe(join(dir, 'Zebra_ZD421.office-2.json'));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, printer: 'Zebra_ZD421.office-2', dxPt: 1.5, dyPt: -2.25, scale: 0.995 });
    expect(await loadCalibration(dir, 'Zebra_ZD421.office-2')).toEqual({ dxPt: 1.5, dyPt: -2.25, scale: 0.995 });
    await saveCalibration(dir, 'Zebra_ZD421.office-2', { dxPt: 0, dyPt: 3, scale: 1 });
    expect(await loadCalibration(dir, 'Zebra_ZD421.office-2')).toEqual({ dxPt: 0, dyPt: 3, scale: 1 });
    expect(readdirSync(dir)).toEqual(['Zebra_ZD421.office-2.json']);
  });

  it('answers undefined for a printer never calibrated', async () => {
    expect(await loadCalibration(root, 'never')).toBeUndefined();
  });

  it('refuses names that are not plain file names', () => {
    for (const name of ['', '.hidden', '../escape', 'a/b', 'a\\b', 'x'.repeat(65), 'sp ace']) {
      expect(() => calibrationPath(root, name), name).toThrow(expect.objectContaining({ code: 'PRINT_PRINTER_NAME_INVALID' }));
    }
  });

  it('refuses to save or load a calibration beyond its limits, and a damaged or foreign file', async () => {
    expect(await codeOf(saveCalibration(root, 'p', { dxPt: 100, dyPt: 0, scale: 1 }))).toBe('PRINT_CALIBRATION_INVALID');
    writeFileSync(join(root, 'bad-json.json'), '{ "version": 1, ');
    expect(await codeOf(loadCalibration(root, 'bad-json'))).toBe('PRINT_CALIBRATION_INVALID');
    writeFileSync(join(root, 'v2.json'), JSON.stringify({ version: 2, dxPt: 0, dyPt: 0, scale: 1 }));
    expect(await codeOf(loadCalibration(root, 'v2'))).toBe('PRINT_CALIBRATION_INVALID');
    writeFileSync(join(root, 'wild.json'), JSON.stringify({ version: 1, dxPt: 0, dyPt: 0, scale: 2 }));
    expect(await codeOf(loadCalibration(root, 'wild'))).toBe('PRINT_CALIBRATION_INVALID');
  });

  it('reports a folder it cannot write as PRINT_CALIBRATION_WRITE_FAILED', async () => {
    const file = join(root, 'not-a-folder');
    writeFileSync(file, 'x');
    expect(await codeOf(saveCalibration(join(file, 'printers'), 'p', { dxPt: 0, dyPt: 0, scale: 1 }))).toBe('PRINT_CALIBRATION_WRITE_FAILED');
  });

  it('defaults to $XDG_CONFIG_HOME/indicia/printers, else ~/.config/indicia/printers', () => {
    expect(defaultCalibrationDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe(join('/cfg', 'indicia', 'printers'));
    expect(defaultCalibrationDir({}, '/home/u')).toBe(join('/home/u', '.config', 'indicia', 'printers'));
  });
});
