import { resolve } from 'node:path';
import type { CliIo } from './command.js';
import { loadSystemConfig, type SystemConfig } from '../system/system-config.js';

/** The `--data-dir` option every operator verb takes. */
export const DATA_DIR_OPTION = { 'data-dir': { type: 'string' } } as const;

/** Help text line for the option. */
export const DATA_DIR_HELP = '  --data-dir DIR      the installation\'s data folder (default: $INDICIA_DATA_DIR, else ./data)';

/** The data folder: --data-dir, else INDICIA_DATA_DIR, else ./data under the working directory. */
export function resolveDataDir(flag: string | undefined, io: CliIo): string {
  return resolve(io.cwd, flag ?? io.env.INDICIA_DATA_DIR ?? 'data');
}

/** Loads the installation's configuration named by --data-dir (or its defaults). */
export function loadConfigFor(flag: string | undefined, io: CliIo): SystemConfig {
  return loadSystemConfig(resolveDataDir(flag, io));
}
