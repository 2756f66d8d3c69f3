import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIndiciumVectors } from '../testing/shared-spec.js';
import { dataMatrixModules } from './datamatrix-encode.js';
import { renderDataMatrixPng } from './datamatrix-render-png.js';
import { decodeDataMatrixPng } from './datamatrix-decode.js';
import { grayToPng, rasterize, rotateClockwise, runsWithTool } from './barcode-test-support.js';

/** What ZXing-C++ (Debian's zxing-cpp-tools) reads: `-bytes` prints the raw bytes of the symbol and nothing else. */
function zxingBytes(file: string): Buffer {
  return execFileSync('ZXingReader', ['-bytes', '-format', 'DataMatrix', file]);
}

const vectors = loadIndiciumVectors();

describe.runIf(runsWithTool('ZXingReader', 'zxing-cpp-tools'))('cross-check with ZXing-C++', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'barcode-zxing-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(vectors.cases.map((c) => [c.name, c.indiciumHex]))('%s: ZXing and the project decoder read the same bytes', (name, hex) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.png`);
    writeFileSync(file, renderDataMatrixPng(Buffer.from(hex, 'hex'), { modulePx: 4, quietZoneModules: 1 }));
    const ours = decodeDataMatrixPng(readFileSync(file));
    expect(ours.map((s) => s.bytes.toString('hex'))).toEqual([hex]);
    expect(zxingBytes(file).toString('hex')).toBe(hex);
  });

  it('agrees on a turned, anti-aliased symbol of fractional module size', () => {
    const hex = vectors.cases[1]!.indiciumHex;
    const modules = rotateClockwise(dataMatrixModules(Buffer.from(hex, 'hex')));
    const file = join(dir, 'turned.png');
    const png = grayToPng(rasterize(230, 230, [{ modules, x: 12.4, y: 9.7, modulePx: 4.6 }]));
    writeFileSync(file, png);
    const [ours] = decodeDataMatrixPng(png);
    expect(ours!.bytes.toString('hex')).toBe(hex);
    expect(ours!.rotationDeg).toBe(90);
    expect(zxingBytes(file).toString('hex')).toBe(hex);
  });
});
