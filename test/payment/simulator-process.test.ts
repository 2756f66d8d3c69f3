// The payment simulator as its own process: started from src/payment/simulator/main.ts on loopback
// with the port from PAYMENT_SIM_PORT, charged through the HttpPaymentGateway, stopped by SIGTERM.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HttpPaymentGateway } from '../../src/payment/http-gateway.js';
import { REPO } from '../rates/compile-subset.js';

const KEY = 'sk_test_process_0123456789abcdef';
const NUMBER = '4242424242424242';

function startProcess(env: Record<string, string>): { child: ChildProcessByStdio<null, Readable, Readable>; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/payment/simulator/main.ts'], {
    cwd: REPO,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => void child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, output: () => out };
}

describe('the payment simulator process', () => {
  it('listens on loopback at an ephemeral port, charges, logs no card number, and exits 0 on SIGTERM', async () => {
    const { child, exited, output } = startProcess({ PAYMENT_SIM_PORT: '0', PAYMENT_SIM_SECRET_KEY: KEY, PAYMENT_SIM_LOG_LEVEL: 'debug' });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /listening on (http:\/\/\S+)/.exec(output());
        if (match?.[1] !== undefined) {
          clearInterval(timer);
          resolve(match[1]);
        }
      }, 20);
      void exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`the simulator exited with ${code} before listening:\n${output()}`));
      });
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const gateway = new HttpPaymentGateway({ baseUrl: url, secretKey: KEY, timeoutMs: 5_000 });
    const expYear = new Date().getUTCFullYear() + 2;
    const token = await gateway.tokenize({ number: NUMBER, expMonth: 1, expYear, cvc: '321' });
    expect(token).toMatchObject({ brand: 'visa', last4: '4242', expMonth: 1, expYear });
    const charge = await gateway.charge({ token: token.token, amountMills: 1_230n, idempotencyKey: randomUUID(), description: 'process test' });
    expect(charge.status).toBe('succeeded');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Debug level logs request bodies: the number is redacted there.
    expect(output()).toMatch(/"number":"\[REDACTED\]"/);
    expect(output()).not.toContain(NUMBER);
  });

  it('refuses a non-loopback address with CONFIG_INVALID and exit status 2', async () => {
    const { exited, output } = startProcess({ PAYMENT_SIM_HOST: '0.0.0.0', PAYMENT_SIM_PORT: 'eighty' });
    expect(await exited).toBe(2);
    expect(output()).toMatch(/^error CONFIG_INVALID: .*PAYMENT_SIM_HOST must be a loopback address.*PAYMENT_SIM_PORT must be a whole number/);
  });
});
