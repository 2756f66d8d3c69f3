// Runs the load generator in a child process of its own: on a small machine it competes with the servers
// for CPU, and running it apart makes that cost visible (LoadResult.generatorCpuMs) instead of hidden in
// the measuring process.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadChildMessage } from './load-child.js';
import { checkLoadOptions, type LoadOptions, type LoadResult } from './load-options.js';

/** Extra time past the run's own length before the child is given up on, in milliseconds. */
const GRACE_MS = 30_000;

/** Runs `runLoad(options)` in a new Node process and resolves with its result; rejects when it fails or hangs. */
export function runLoadInChild(options: LoadOptions): Promise<LoadResult> {
  checkLoadOptions(options);
  // From dist/ the sibling is compiled JavaScript; from the sources (vitest, tsx) it is TypeScript run through tsx.
  const fromSource = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(fromSource ? './load-child.ts' : './load-child.js', import.meta.url));
  const child = fork(script, [], { execArgv: fromSource ? ['--import', 'tsx'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const limitMs = (options.warmupMs ?? 0) + (options.durationMs ?? 0) + (options.requestTimeoutMs ?? 10_000) + GRACE_MS;
  return new Promise<LoadResult>((resolve, reject) => {
    let answer: LoadChildMessage | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.durationMs === undefined ? 10 * 60_000 : limitMs);
    child.once('message', (message: LoadChildMessage) => (answer = message));
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (answer !== undefined && 'result' in answer) resolve(answer.result);
      else if (answer !== undefined) reject(new Error(`load generator failed: ${answer.error}`));
      else reject(new Error(`load generator exited (${signal ?? `code ${code}`}) without a result`));
    });
    child.send(options);
  });
}
