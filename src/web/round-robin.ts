// Round-robin selection: each purchase goes to the server after the one the previous purchase went
// to, in (position, id) order, skipping servers that are down, draining, removed or already tried.
// The place in the order is kept as the last server's (position, id), not an index, so that servers
// added or removed in between do not make it skip or repeat one.
import type { ProcessingServerRecord } from './processing-server.repository.js';
import type { ServerSelector } from './server-selector.js';

/** The default selector. `candidates` gives the healthy, enabled servers in round-robin order. */
export class RoundRobinSelector implements ServerSelector {
  private last: { readonly position: number; readonly id: string } | undefined;

  constructor(private readonly candidates: () => readonly ProcessingServerRecord[]) {}

  /** Picks the server after the last one picked (wrapping around) and remembers it. */
  next(exclude: ReadonlySet<string> = new Set()): ProcessingServerRecord | undefined {
    const chosen = this.peek(exclude);
    if (chosen !== undefined) this.last = { position: chosen.position, id: chosen.id };
    return chosen;
  }

  /** The server `next` would pick now. */
  peek(exclude: ReadonlySet<string> = new Set()): ProcessingServerRecord | undefined {
    const open = this.candidates().filter((s) => !exclude.has(s.id));
    const last = this.last;
    if (last === undefined) return open[0];
    const after = open.find((s) => s.position > last.position || (s.position === last.position && s.id > last.id));
    return after ?? open[0];
  }
}
