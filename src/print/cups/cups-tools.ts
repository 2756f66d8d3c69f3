// Running the CUPS command-line tools: execFile with an argument array (never a shell string), an English
// locale so that their messages can be read, a timeout, and optional bytes on standard input.
import { execFile } from 'node:child_process';
import { AppError } from '../../errors/app-error.js';

/** The CUPS tools this module runs, and the Debian package of each. */
export const CUPS_TOOL_PACKAGES = {
  lp: 'cups-client',
  lpstat: 'cups-client',
  cancel: 'cups-client',
  ipptool: 'cups-ipp-utils',
} as const;

/** A CUPS command-line tool. */
export type CupsTool = keyof typeof CUPS_TOOL_PACKAGES;

/** What a tool printed, and its exit status (0 for success). */
export interface CupsToolResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Options of one run. */
export interface CupsToolOptions {
  /** Bytes written to the tool's standard input (the document, for `lp`). */
  readonly input?: Uint8Array;
  /** Longest time the tool may take, in milliseconds; 15 000 by default. */
  readonly timeoutMs?: number;
}

/** Default time a single CUPS command may take, in milliseconds. */
export const CUPS_COMMAND_TIMEOUT_MS = 15_000;

// Documents are at most a few megabytes; lpstat of a busy server a few hundred kilobytes.
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

/**
 * Runs a CUPS tool and returns its output whatever its exit status; the caller reads the failure.
 * CUPS_TOOLS_MISSING when the tool is not installed; CUPS_UNAVAILABLE when it does not finish in time.
 */
export function runCupsTool(tool: CupsTool, args: readonly string[], options: CupsToolOptions = {}): Promise<CupsToolResult> {
  const timeoutMs = options.timeoutMs ?? CUPS_COMMAND_TIMEOUT_MS;
  // C.UTF-8: CUPS prints its English messages (parsed below) yet keeps UTF-8 job titles intact.
  const env = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
  return new Promise((resolve, reject) => {
    const child = execFile(tool, [...args], { env, timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout, stderr, exitCode: 0 });
      const failure = err as NodeJS.ErrnoException & { code?: unknown; killed?: boolean; signal?: string | null };
      if (failure.code === 'ENOENT') {
        return reject(new AppError('CUPS_TOOLS_MISSING', `${tool} is not installed (Debian package ${CUPS_TOOL_PACKAGES[tool]})`, { tool }, { cause: err }));
      }
      if (failure.killed || failure.signal) {
        return reject(new AppError('CUPS_UNAVAILABLE', `${tool} did not answer within ${timeoutMs} ms`, { tool, timeoutMs }, { cause: err }));
      }
      if (typeof failure.code === 'number') return resolve({ stdout, stderr, exitCode: failure.code });
      return reject(new AppError('CUPS_UNAVAILABLE', `${tool} could not run: ${failure.message}`, { tool }, { cause: err }));
    });
    // A tool that exits before reading all its input (an unknown printer) closes the pipe: not our error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input === undefined ? undefined : Buffer.from(options.input.buffer, options.input.byteOffset, options.input.byteLength));
  });
}

/** The first line of a tool's complaint, without its "lp: " prefix, for error messages. */
export function toolComplaint(result: CupsToolResult): string {
  const text = `${result.stderr}\n${result.stdout}`.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? `exit status ${result.exitCode}`;
  return text.replace(/^(lp|lpstat|cancel|ipptool):\s*(Error\s*-\s*)?/i, '');
}
