import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { dataMatrixModules } from '../../src/barcode/datamatrix-encode.js';
import { drawDataMatrixOnPdfPage } from '../../src/barcode/datamatrix-render-pdf.js';
import { renderDataMatrixPng } from '../../src/barcode/datamatrix-render-png.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { runCli } from '../../src/cli/run-cli.js';
import { loadIndiciumVectors } from '../../src/testing/shared-spec.js';

const vectors = loadIndiciumVectors();
const dir = mkdtempSync(join(tmpdir(), 'indicia-verify-'));
const certs = join(dir, 'certs.json');
writeFileSync(certs, JSON.stringify(vectors.directory));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const status = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: {}, cwd: dir }, COMMANDS);
  return { status, out, err };
}

describe('indicia verify', () => {
  it.each(vectors.cases.map((c) => [c.name, c.indiciumHex] as const))('calls the vector "%s" valid from hex', async (_n, hex) => {
    const r = await cli('verify', '--certs', certs, hex);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^VALID /);
    expect(r.out).toContain('1 of 1 valid');
  });

  it.each(vectors.rejections.map((x) => [x.name, x] as const))('rejects "%s" with its rule, exit 1', async (_n, x) => {
    const r = await cli('verify', '--certs', certs, '--json', x.indiciumHex);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.out) as { results: { verdict: { status: string; rule: number } }[] };
    expect(doc.results[0]!.verdict).toMatchObject({ status: x.verdict, rule: Number(x.rule) });
  });

  it('reports the second sighting of one indicium as a duplicate', async () => {
    const hex = vectors.cases[0]!.indiciumHex;
    const r = await cli('verify', '--certs', certs, '--json', hex, hex);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.out) as { results: { verdict: { status: string; rule?: number } }[] };
    expect(doc.results.map((e) => e.verdict.status)).toEqual(['valid', 'duplicate']);
    expect(doc.results[1]!.verdict.rule).toBe(6);
  });

  it('reads every vector from a rendered PNG and from a PDF page, with the same verdicts as from hex', async () => {
    const pdf = await PDFDocument.create();
    const page = pdf.addPage([612, 792]);
    const pngs: string[] = [];
    vectors.cases.forEach((c, i) => {
      const bytes = Buffer.from(c.indiciumHex, 'hex');
      const png = join(dir, `case-${i}.png`);
      writeFileSync(png, renderDataMatrixPng(bytes, { modulePx: 4, quietZoneModules: 2 }));
      pngs.push(png);
      drawDataMatrixOnPdfPage(page, dataMatrixModules(bytes), { x: 72 + i * 160, y: 600, moduleSizePt: 2 });
    });
    const pdfPath = join(dir, 'sheet.pdf');
    writeFileSync(pdfPath, await pdf.save());

    const fromPng = await cli('verify', '--certs', certs, ...pngs);
    expect(fromPng.out).toContain(`${vectors.cases.length} of ${vectors.cases.length} valid`);
    expect(fromPng.status).toBe(0);
    const fromPdf = await cli('verify', '--certs', certs, '--json', pdfPath);
    const doc = JSON.parse(fromPdf.out) as { results: { source: string; verdict: { status: string; fields: { pieceCount: number } } }[] };
    expect(doc.results.map((e) => e.verdict.status)).toEqual(vectors.cases.map(() => 'valid'));
    expect(doc.results.map((e) => e.source)).toEqual(vectors.cases.map(() => 'sheet.pdf#page=1'));
    expect(doc.results.map((e) => e.verdict.fields.pieceCount).sort()).toEqual(vectors.cases.map((c) => Number(c.fields.pieceCount)).sort());
    expect(fromPdf.status).toBe(0);
  });

  it('checks a mailing window only when given one', async () => {
    const hex = vectors.cases[0]!.indiciumHex; // mailed 2026-11-24
    expect((await cli('verify', '--certs', certs, '--from', '2026-11-25', hex)).out).toContain('rule 5');
    expect((await cli('verify', '--certs', certs, '--from', '2026-11-01', '--to', '2026-11-30', hex)).status).toBe(0);
  });

  it('explains usage errors and unreadable inputs with catalogued codes', async () => {
    const noCerts = await cli('verify', vectors.cases[0]!.indiciumHex);
    expect(noCerts.status).toBe(2);
    expect(noCerts.err).toContain('error INVALID_ARGUMENT');
    const missing = await cli('verify', '--certs', certs, join(dir, 'nope.png'));
    expect(missing.status).toBe(1);
    expect(missing.out).toContain('INPUT_UNREADABLE');
    const badDir = await cli('verify', '--certs', join(dir, 'case-0.png'), vectors.cases[0]!.indiciumHex);
    expect(badDir.status).toBe(2);
    expect(badDir.err).toMatch(/error (CERT_DIRECTORY_INVALID|INPUT_UNREADABLE)/);
  });
});

describe('the installed indicia binary', () => {
  it('verifies from the command line with exit status 0, and 1 on a rejection', async () => {
    const run = promisify(execFile);
    const bin = new URL('../../bin/indicia.js', import.meta.url).pathname;
    const ok = await run(process.execPath, [bin, 'verify', '--certs', certs, vectors.cases[1]!.indiciumHex]);
    expect(ok.stdout).toContain('VALID');
    const bad = await run(process.execPath, [bin, 'verify', '--certs', certs, vectors.rejections[0]!.indiciumHex]).catch((e: { code: number; stdout: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
  });
});
