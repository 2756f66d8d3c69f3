import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../errors/app-error.js';

/** node:util parseArgs with strict checking, turning its errors into a catalogued usage error. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: readonly string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (err) {
    throw new AppError('INVALID_ARGUMENT', `indicia ${command}: ${(err as Error).message}; run indicia help ${command}`);
  }
}
