import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { readSecrets } from './secret-input.js';

function ioWith(chunks: string[], tty = false): { io: CliIo; err: () => string } {
  let err = '';
  const stdin = Object.assign(Readable.from(chunks), { isTTY: tty });
  return { io: { out: () => {}, err: (t) => void (err += t), env: {}, cwd: '/', stdin } as CliIo, err: () => err };
}

describe('readSecrets', () => {
  it('reads lines of a pipe in order, whatever the chunks and line ends, trimmed', async () => {
    const { io, err } = ioWith(['4242 4242 ', '4242 4242\r', '\n 123 \r\nextra\n']);
    expect(await readSecrets(io, ['Card number', 'Security code'])).toEqual(['4242 4242 4242 4242', '123']);
    expect(err()).toBe('');
  });

  it('refuses input that ends before every line, naming the missing one', async () => {
    const { io } = ioWith(['4242424242424242\n']);
    await expect(readSecrets(io, ['Card number', 'Security code'])).rejects.toMatchObject({ code: 'CLIENT_SECRET_INPUT_MISSING', message: expect.stringContaining('before the Security code') });
  });

  it('prompts on stderr at a terminal and never echoes what is typed', async () => {
    const { io, err } = ioWith(['s3cret pass\n'], true);
    expect(await readSecrets(io, ['Password'])).toEqual(['s3cret pass']);
    expect(err()).toBe('Password: \n');
  });
});
