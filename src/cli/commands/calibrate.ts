import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../../errors/app-error.js';
import { calibrationFromMeasurements, IDENTITY_CALIBRATION, validateCalibration, type Calibration, type Point } from '../../print/calibration.js';
import { composeCalibrationPage, calibrationTargets } from '../../print/calibration-page.js';
import { defaultCalibrationDir, loadCalibration, saveCalibration } from '../../print/calibration-store.js';
import { mm, ptToMm } from '../../print/geometry.js';
import { resolveLayout } from '../../print/layouts.js';
import { renderPdf } from '../../print/render-pdf.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';

const USAGE = `Usage: indicia calibrate <page|measure|set|show> --printer NAME [options]

Makes a printer put every symbol exactly where the layout says. Print the test page with no scaling
("actual size"), measure its two crosshairs with a ruler from the TOP-LEFT corner of the paper, and give the
measurements to \`measure\`; the calibration is saved and applied by every later print with --printer NAME.

  indicia calibrate page --printer NAME --layout LAYOUT --out FILE.pdf
        the test page, drawn with the printer's current calibration, and where its crosshairs should be
  indicia calibrate measure --printer NAME --layout LAYOUT --a X,Y --b X,Y
        X,Y in millimetres of crosshair A (top left) and B (bottom right) as measured on the printed page
  indicia calibrate set --printer NAME --dx MM --dy MM [--scale S]
        set the offset (right and down, in mm; write a negative one as --dx=-0.5) and scale directly
  indicia calibrate show --printer NAME

Calibrations live in $XDG_CONFIG_HOME/indicia/printers (default ~/.config/indicia/printers).
`;

function point(text: string | undefined, name: string): Point {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text ?? '');
  if (!m) throw new AppError('INVALID_ARGUMENT', `--${name} must be X,Y in millimetres, such as 25.4,25.6 (got ${text ?? 'nothing'})`);
  return { x: mm(Number(m[1])), y: mm(Number(m[2])) };
}

function numberFlag(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new AppError('INVALID_ARGUMENT', `--${name} must be a number (got ${text})`);
  return n;
}

function describe(printer: string, c: Calibration): string {
  return `${printer}: offset ${ptToMm(c.dxPt).toFixed(2)} mm right, ${ptToMm(c.dyPt).toFixed(2)} mm down, scale ${c.scale.toFixed(4)}`;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('calibrate', args, {
    printer: { type: 'string' },
    layout: { type: 'string' },
    out: { type: 'string' },
    a: { type: 'string' },
    b: { type: 'string' },
    dx: { type: 'string' },
    dy: { type: 'string' },
    scale: { type: 'string' },
  });
  const [verb] = positionals;
  const printer = values.printer;
  if (!printer) throw new AppError('INVALID_ARGUMENT', 'indicia calibrate needs --printer NAME (the name you print with)');
  const dir = defaultCalibrationDir(io.env);
  const current = (await loadCalibration(dir, printer)) ?? IDENTITY_CALIBRATION;
  if (verb === 'show') {
    io.out(`${describe(printer, current)}\n`);
    return 0;
  }
  if (verb === 'set') {
    const c = validateCalibration({ dxPt: mm(numberFlag(values.dx, 'dx', 0)), dyPt: mm(numberFlag(values.dy, 'dy', 0)), scale: numberFlag(values.scale, 'scale', 1) });
    const path = await saveCalibration(dir, printer, c);
    io.out(`${describe(printer, c)}\nsaved to ${path}\n`);
    return 0;
  }
  const layout = resolveLayout(values.layout ?? 'address-30up');
  const targets = calibrationTargets(layout.widthPt, layout.heightPt);
  if (verb === 'page') {
    if (!values.out) throw new AppError('INVALID_ARGUMENT', 'indicia calibrate page needs --out FILE.pdf');
    const out = resolve(io.cwd, values.out);
    await writeFile(out, await renderPdf(composeCalibrationPage(layout, current), { title: `Calibration ${printer}` }));
    io.out(
      `wrote ${out}: print it at actual size (no fit-to-page), then measure from the paper's top-left corner.\n` +
        `Crosshair A should be at ${ptToMm(targets.a.x).toFixed(1)},${ptToMm(targets.a.y).toFixed(1)} mm and B at ` +
        `${ptToMm(targets.b.x).toFixed(1)},${ptToMm(targets.b.y).toFixed(1)} mm; the square's sides at ${ptToMm(targets.square.width).toFixed(1)} mm.\n` +
        `Then: indicia calibrate measure --printer ${printer} --layout ${layout.name} --a X,Y --b X,Y\n`,
    );
    return 0;
  }
  if (verb === 'measure') {
    const c = calibrationFromMeasurements({ expectedA: targets.a, expectedB: targets.b, measuredA: point(values.a, 'a'), measuredB: point(values.b, 'b') }, current);
    const path = await saveCalibration(dir, printer, c);
    io.out(`${describe(printer, c)}\nsaved to ${path}; print the test page again to check\n`);
    return 0;
  }
  throw new AppError('INVALID_ARGUMENT', `indicia calibrate needs page, measure, set or show (got ${verb ?? 'nothing'})`);
}

/** `indicia calibrate`: per-printer offset and scale, from a measured test page. */
export const calibrateCommand: CliCommand = { name: 'calibrate', summary: 'calibrate a printer (offset, scale) from a measured test page', usage: USAGE, run };
