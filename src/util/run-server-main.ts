import { isAppError } from '../errors/app-error.js';

/** A server started by a main: where it listens, and how to stop it gracefully. */
export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The body of a server's main: starts it, prints where it listens (or the catalogued error and exit
 * status 2 for bad configuration, 1 otherwise), then waits for SIGTERM or SIGINT and closes it
 * gracefully. Resolves to the process exit status.
 */
export async function runServerMain(name: string, start: () => Promise<RunningServer>): Promise<number> {
  let running: RunningServer;
  try {
    running = await start();
  } catch (err) {
    const code = isAppError(err) ? err.code : 'INTERNAL';
    process.stderr.write(`error ${code}: ${err instanceof Error ? err.message : String(err)}\n`);
    return isAppError(err) && err.kind === 'invalid_input' ? 2 : 1;
  }
  process.stdout.write(`${name} listening on ${running.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      running.close().then(resolve, resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return 0;
}
