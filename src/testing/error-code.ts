import { isAppError } from '../errors/app-error.js';

/** For tests: the catalogued code `fn` throws, 'not an AppError' for any other throw, undefined when it returns. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? err.code : 'not an AppError';
  }
  return undefined;
}
