import { describe, expect, it } from 'vitest';
import { runCupsTool, toolComplaint } from './cups-tools.js';

describe('runCupsTool', () => {
  it('says CUPS_TOOLS_MISSING, naming the Debian package, when the tool is not on the PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(runCupsTool('lp', ['-d', 'x'])).rejects.toMatchObject({ code: 'CUPS_TOOLS_MISSING', message: expect.stringContaining('cups-client') });
      await expect(runCupsTool('ipptool', ['--version'])).rejects.toMatchObject({ code: 'CUPS_TOOLS_MISSING', message: expect.stringContaining('cups-ipp-utils') });
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('toolComplaint', () => {
  it('gives the first line of the complaint without the tool prefix', () => {
    expect(toolComplaint({ stdout: '', stderr: 'lp: Error - The printer or class does not exist.\n', exitCode: 1 })).toBe('The printer or class does not exist.');
    expect(toolComplaint({ stdout: '', stderr: '\nlp: Destination "x" is not accepting jobs.\n', exitCode: 1 })).toBe('Destination "x" is not accepting jobs.');
    expect(toolComplaint({ stdout: '', stderr: '', exitCode: 3 })).toBe('exit status 3');
  });
});
