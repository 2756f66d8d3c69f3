import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../errors/app-error.js';

/** One server process the supervisor runs. */
export interface ChildSpec {
  readonly name: string;
  /** The compiled entry point (dist/…/main.js). */
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  /** GET here answers 200 when the server is ready. */
  readonly healthUrl: string;
  /** Headers the health URL needs (the internal token of the processing servers). */
  readonly healthHeaders?: Readonly<Record<string, string>>;
  /** Where its standard output and error are appended. */
  readonly logFile: string;
}

interface Running {
  readonly spec: ChildSpec;
  child: ChildProcess;
  restarts: number;
  log: WriteStream;
}

/** Longest wait for a server to answer its health URL after it was spawned, in milliseconds. */
const READY_TIMEOUT_MS = 60_000;

async function waitHealthy(spec: ChildSpec, child: ChildProcess, timeoutMs: number): Promise<void> {
  const url = spec.healthUrl;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited with ${child.exitCode ?? child.signalCode} before it was ready`);
    const ok = await fetch(url, { headers: spec.healthHeaders, signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`did not answer ${url} within ${timeoutMs} ms`);
}

/**
 * Runs the servers of an installation as child processes: starts each and waits until it is healthy,
 * restarts one that dies (after a pause that grows with each restart, at most 5 s), records the pids in
 * a file for operators and tests, and stops them all with SIGTERM (SIGKILL after a grace period).
 */
export class Supervisor {
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(
    private readonly pidFile: string,
    private readonly onEvent: (line: string) => void = () => {},
  ) {}

  /** Spawns the server and resolves once its health URL answers 200. */
  async start(spec: ChildSpec): Promise<void> {
    mkdirSync(dirname(spec.logFile), { recursive: true });
    const log = createWriteStream(spec.logFile, { flags: 'a' });
    const entry: Running = { spec, child: this.spawnChild(spec, log), restarts: 0, log };
    this.running.set(spec.name, entry);
    this.watch(entry);
    this.writePids();
    try {
      await waitHealthy(spec, entry.child, READY_TIMEOUT_MS);
    } catch (err) {
      throw new AppError('INTERNAL', `${spec.name} ${(err as Error).message}; see ${spec.logFile}`);
    }
  }

  /** Process ids by server name. */
  pids(): Record<string, number> {
    return Object.fromEntries([...this.running].map(([name, r]) => [name, r.child.pid ?? -1]));
  }

  /** Stops every server: SIGTERM, then SIGKILL for any still running after `graceMs`. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const exits = [...this.running.values()].map((r) => this.stopOne(r, graceMs));
    await Promise.all(exits);
    for (const r of this.running.values()) r.log.end();
  }

  private async stopOne(r: Running, graceMs: number): Promise<void> {
    const child = r.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((res) => child.once('exit', () => res()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private spawnChild(spec: ChildSpec, log: WriteStream): ChildProcess {
    const child = spawn(process.execPath, [spec.script], { env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    return child;
  }

  private watch(entry: Running): void {
    entry.child.once('exit', (code, signal) => {
      if (this.stopping) return;
      entry.restarts += 1;
      const pauseMs = Math.min(5_000, 250 * 2 ** Math.min(entry.restarts, 5));
      this.onEvent(`${entry.spec.name} exited (${signal ?? `code ${code}`}); restarting in ${pauseMs} ms`);
      setTimeout(() => {
        if (this.stopping) return;
        entry.child = this.spawnChild(entry.spec, entry.log);
        this.watch(entry);
        this.writePids();
        waitHealthy(entry.spec, entry.child, READY_TIMEOUT_MS).then(
          () => this.onEvent(`${entry.spec.name} is back (pid ${entry.child.pid})`),
          (err: Error) => this.onEvent(`${entry.spec.name} did not come back: ${err.message}`),
        );
      }, pauseMs);
    });
  }

  private writePids(): void {
    mkdirSync(dirname(this.pidFile), { recursive: true });
    writeFileSync(this.pidFile, `${JSON.stringify(this.pids(), null, 2)}\n`);
  }
}
