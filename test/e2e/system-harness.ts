// End-to-end harness: real processes on loopback, started through the built `indicia` binary exactly as an
// operator would, in a temporary data folder with ports that are free on this machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const BIN = new URL('../../bin/indicia.js', import.meta.url).pathname;
const run = promisify(execFile);

/** A running installation under test. */
export interface SystemUnderTest {
  readonly dataDir: string;
  readonly webUrl: string;
  readonly authorityUrl: string;
  readonly processingUrls: Record<string, string>;
  readonly apiKey: string;
  readonly licenseNumber: number;
  /** Process ids by server name, as the supervisor last wrote them. */
  pids(): Record<string, number>;
  /** Runs `indicia ARGS --data-dir DIR` and returns its exit status and output. */
  cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A base port whose web (+0), authority (+1), payment simulator (+2) and processing (+11..+10+n) ports are all free. */
export async function freeBasePort(servers: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const ports = [base, base + 1, base + 2, ...Array.from({ length: servers }, (_, i) => base + 11 + i)];
    const free = await Promise.all(ports.map(portFree));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free base port found');
}

/** Runs the indicia binary once; `input` is written to its standard input (passwords, card numbers). */
export async function indicia(args: readonly string[], env: NodeJS.ProcessEnv = process.env, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const running = run(process.execPath, [BIN, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    running.child.stdin?.end(input ?? '');
    const r = await running;
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** `indicia init` + `indicia start --json` in a new temporary folder; resolves once everything is ready. */
export async function startSystemUnderTest(options: { servers?: number; psds?: number; crypto?: 'software' | 'pkcs11' } = {}): Promise<SystemUnderTest> {
  const servers = options.servers ?? 3;
  const dataDir = mkdtempSync(join(tmpdir(), 'indicia-e2e-'));
  const base = await freeBasePort(servers);
  const init = await indicia(['init', '--data-dir', dataDir, '--base-port', String(base), '--servers', String(servers), '--psds', String(options.psds ?? 2), '--crypto', options.crypto ?? 'software']);
  if (init.code !== 0) throw new Error(`indicia init failed: ${init.stderr}`);
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start', '--json', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`indicia start was not ready in 90 s: ${err}`)), 90_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Record<string, unknown>);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`indicia start exited with ${code}: ${err}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    dataDir,
    webUrl: info.webUrl as string,
    authorityUrl: info.authorityUrl as string,
    processingUrls: info.processingUrls as Record<string, string>,
    apiKey: info.apiKey as string,
    licenseNumber: info.licenseNumber as number,
    pids: () => JSON.parse(readFileSync(join(dataDir, 'run', 'pids.json'), 'utf8')) as Record<string, number>,
    cli: (...args) => indicia([...args, '--data-dir', dataDir]),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Buys stamps over the public API; returns status and parsed body. */
export async function buy(sys: SystemUnderTest, idempotencyKey: string, stamps: unknown[]): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sys.webUrl}/v1/stamps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sys.apiKey}`, 'idempotency-key': idempotencyKey, 'content-type': 'application/json' },
    body: JSON.stringify({ stamps }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
