// Saving and loading printer calibrations: one JSON file per printer, NAME.json, in a folder the
// caller names (by default ~/.config/indicia/printers). Writes are atomic: a temporary file in the same
// folder is written, flushed to disk and renamed over the old one, so a crash leaves either the old
// calibration or the new one, never half a file.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors/app-error.js';
import { validateCalibration, type Calibration } from './calibration.js';

/** Version of the calibration file format. */
export const CALIBRATION_FILE_VERSION = 1;

// Letters, digits, dot, hyphen, underscore; no leading dot, so no hidden files and no path tricks.
const PRINTER_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/;

/** The default folder: $XDG_CONFIG_HOME/indicia/printers, or ~/.config/indicia/printers. */
export function defaultCalibrationDir(env: Readonly<Record<string, string | undefined>> = process.env, home: string = homedir()): string {
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(config, 'indicia', 'printers');
}

/** The file of one printer's calibration (PRINT_PRINTER_NAME_INVALID for a name that cannot be a file name). */
export function calibrationPath(dir: string, printer: string): string {
  if (typeof printer !== 'string' || !PRINTER_NAME.test(printer)) {
    throw new AppError('PRINT_PRINTER_NAME_INVALID', `${JSON.stringify(printer)} cannot name a printer's calibration file`, { printer: String(printer) });
  }
  return join(dir, `${printer}.json`);
}

/** Validates and saves a printer's calibration atomically; returns the file's path. */
export async function saveCalibration(dir: string, printer: string, calibration: Calibration): Promise<string> {
  const path = calibrationPath(dir, printer);
  const valid = validateCalibration(calibration);
  const text = `${JSON.stringify({ version: CALIBRATION_FILE_VERSION, printer, ...valid }, null, 2)}\n`;
  const temp = join(dir, `.${printer}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const file = await open(temp, 'wx', 0o644);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    await syncDir(dir);
  } catch (err) {
    // Nothing to clean when the folder itself could not be made.
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw new AppError('PRINT_CALIBRATION_WRITE_FAILED', `Cannot write ${path} (${code})`, { path, code }, { cause: err });
  }
  return path;
}

// The rename is durable only once the folder's entry is on disk; some file systems cannot open folders.
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the file's own data was flushed before the rename.
  }
}

/** The printer's saved calibration, or undefined when none is saved (PRINT_CALIBRATION_INVALID for a damaged file). */
export async function loadCalibration(dir: string, printer: string): Promise<Calibration | undefined> {
  const path = calibrationPath(dir, printer);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw new AppError('PRINT_CALIBRATION_INVALID', `Cannot read ${path} (${code})`, { path, code }, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new AppError('PRINT_CALIBRATION_INVALID', `${path} is not JSON`, { path }, { cause: err });
  }
  const version = (parsed as { version?: unknown } | null)?.version;
  if (version !== CALIBRATION_FILE_VERSION) {
    throw new AppError('PRINT_CALIBRATION_INVALID', `${path} has version ${JSON.stringify(version)}, not ${CALIBRATION_FILE_VERSION}`, { path });
  }
  return validateCalibration(parsed);
}
