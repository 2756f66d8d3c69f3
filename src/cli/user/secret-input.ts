// Secrets the user types (a password, a card number and its security code) are read from standard input,
// never from argv: argv lands in the shell history and in `ps` for everyone on the machine. From a
// terminal they are asked for without echo; from a pipe or file they are its lines, in order.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { AppError } from '../../errors/app-error.js';
import type { CliIo } from '../command.js';

/** Standard input as a command sees it; tests give a string's lines, main the process's stdin. */
export interface InputStream extends AsyncIterable<Buffer | string> {
  readonly isTTY?: boolean;
}

/** A CliIo that may carry standard input (main leaves it out: process.stdin is used). */
export type IoWithInput = CliIo & { readonly stdin?: InputStream };

// Enough for any line a user types; more means the wrong file was redirected in.
const MAX_INPUT_BYTES = 64 * 1024;

/** The command's standard input. */
export function stdinOf(io: CliIo): InputStream {
  return (io as IoWithInput).stdin ?? (process.stdin as unknown as InputStream);
}

/** Whether standard input is a terminal (then secrets are prompted for). */
export function stdinIsTerminal(io: CliIo): boolean {
  return stdinOf(io).isTTY === true;
}

/**
 * Reads secrets: from a terminal, one prompt per name on stderr with echo off; otherwise the first
 * `names.length` lines of standard input. CLIENT_SECRET_INPUT_MISSING when input ends before every line.
 */
export async function readSecrets(io: CliIo, names: readonly string[]): Promise<string[]> {
  const input = stdinOf(io);
  if (input.isTTY === true) {
    const values: string[] = [];
    for (const name of names) values.push(await promptHidden(input, io, `${name}: `));
    return values;
  }
  const lines = await readLines(input, names.length);
  if (lines.length < names.length) {
    throw new AppError('CLIENT_SECRET_INPUT_MISSING', `Standard input ended before the ${names[lines.length]} (expected ${names.length} line${names.length === 1 ? '' : 's'}: ${names.join(', ')})`);
  }
  return lines;
}

async function readLines(input: InputStream, count: number): Promise<string[]> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.length > MAX_INPUT_BYTES) throw new AppError('CLIENT_SECRET_INPUT_MISSING', `Standard input holds more than ${MAX_INPUT_BYTES} bytes; give the secret lines only`);
    // Stop once enough lines are in: a terminal-less pipe may stay open.
    if (text.split('\n').length > count) break;
  }
  const lines = text.split(/\r?\n/);
  // "a\n" is one line, not a line and an empty one.
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(0, count).map((l) => l.trim());
}

function promptHidden(input: InputStream, io: CliIo, prompt: string): Promise<string> {
  io.err(prompt);
  // Echo off: what is typed goes to a sink, only the prompt and the final newline to the terminal.
  const silent = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: input as unknown as NodeJS.ReadableStream, output: silent, terminal: true });
  return new Promise((resolve, reject) => {
    rl.once('line', (line) => {
      rl.close();
      io.err('\n');
      resolve(line.trim());
    });
    // In raw mode Ctrl-C arrives as a key, not a signal: without this the prompt would just pause.
    rl.once('SIGINT', () => {
      rl.close();
      io.err('\n');
      reject(new AppError('INVALID_ARGUMENT', `Cancelled at the prompt "${prompt.trim()}"`));
    });
    // Keypresses are decoded a tick after they arrive, so a line typed just before the end comes after 'close':
    // give it that tick before calling the input missing (a settled promise ignores the late reject).
    rl.once('close', () => setImmediate(() => reject(new AppError('CLIENT_SECRET_INPUT_MISSING', `The terminal closed before the ${prompt.replace(/: $/, '')} was typed`))));
  });
}
