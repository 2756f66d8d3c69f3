// Entry of the load generator's own process: receives LoadOptions over IPC, runs them, sends back the
// LoadResult (or the error message) and exits. A separate process, so that the generator's CPU is its
// own line in `top` and does not share an event loop with a server under test.
import type { LoadOptions } from './load-options.js';
import { runLoad } from './run-load.js';

/** Messages the child sends to its parent. */
export type LoadChildMessage = { readonly result: Awaited<ReturnType<typeof runLoad>> } | { readonly error: string };

process.once('message', (options: LoadOptions) => {
  runLoad(options).then(
    (result) => reply({ result }),
    (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }),
  );
});

function reply(message: LoadChildMessage): void {
  process.send?.(message, undefined, undefined, () => process.disconnect());
}
