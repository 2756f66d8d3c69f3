// ZPL sent raw through a CUPS queue, as to a Zebra thermal printer: the queue indicia-zpl sends to
// socket://127.0.0.1:19100, where this test listens as the printer would on port 9100. The bytes must
// arrive untouched, and the ^BX field of every label must give back the signed indicium, which verifies.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { printToPrinter } from '../../../src/print/cups/index.js';
import { composePrintJob, decodeZplHexField, renderZpl, undoDataMatrixEscapes } from '../../../src/print/index.js';
import { plainIndicia, vectorsVerifier } from '../print-fixture.js';
import { CUPS_PROBLEM, cupsTestsRun, ZPL_PORT, ZPL_QUEUE } from './cups-fixture.js';

/** A one-connection "printer" on the raw port: resolves with everything the connection sent. */
async function fakeZebra(port: number, timeoutMs: number): Promise<{ received: Promise<Buffer>; server: Server }> {
  let deliver!: (data: Buffer) => void;
  let fail!: (err: Error) => void;
  const received = new Promise<Buffer>((resolve, reject) => ((deliver = resolve), (fail = reject)));
  const server = createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    // The socket backend waits for the printer to close the connection once the job is sent.
    socket.on('end', () => {
      socket.end();
      deliver(Buffer.concat(chunks));
    });
  });
  const timer = setTimeout(() => fail(new Error(`nothing arrived on port ${port} within ${timeoutMs} ms`)), timeoutMs);
  void received.finally(() => clearTimeout(timer)).catch(() => undefined);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return { received, server };
}

describe.runIf(cupsTestsRun)(`raw ZPL through CUPS to ${ZPL_QUEUE}`, { timeout: 90_000 }, () => {
  it('has CUPS set up by scripts/cups-setup.sh (required under CI)', () => {
    expect(CUPS_PROBLEM, 'run scripts/cups-setup.sh as root').toBeUndefined();
  });

  it('reaches the printer byte for byte, and every label’s ^BX field gives back its signed indicium', async () => {
    // A job left by an earlier run (with nobody listening) would reach the listener first.
    execFileSync('cancel', ['-a', ZPL_QUEUE], { stdio: 'ignore', timeout: 10_000 });
    const indicia = plainIndicia(3, 6101);
    const doc = composePrintJob({
      layout: 'thermal-4x6',
      items: indicia.map((indicium) => ({ indicium })),
      addresses: { returnAddress: ['Sender', '1 Origin Rd', 'San Francisco CA 94107'], delivery: ['Recipient', '2 Destination Ave', 'New York NY 10001'] },
    });
    const { received, server } = await fakeZebra(ZPL_PORT, 60_000);
    try {
      const result = await printToPrinter(doc, { printer: ZPL_QUEUE, format: 'zpl', title: 'cups-test zpl', wait: { timeoutMs: 60_000 } });
      expect(result.status?.state).toBe('completed');
      const bytes = await received;
      expect(bytes.equals(Buffer.from(renderZpl(doc), 'latin1'))).toBe(true);
      const formats = bytes.toString('latin1').split('^XZ').filter((f) => f.includes('^XA'));
      expect(formats).toHaveLength(3);
      const verifier = vectorsVerifier();
      for (const [i, format] of formats.entries()) {
        const payload = /\^BXN,\d+,200,44,44,,_,1\^FH_\^FD([^^]+)\^FS/.exec(format)![1]!;
        const indicium = undoDataMatrixEscapes(decodeZplHexField(payload));
        expect(Buffer.from(indicium).equals(indicia[i]!)).toBe(true);
        expect((await verifier.verify(indicium)).status).toBe('valid');
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
