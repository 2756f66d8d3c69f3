// The selection procedure (spec psd-ledger.md, "Selecting servers and PSDs"): which processing server a
// new purchase goes to. Pluggable; round-robin (round-robin.ts) is the default.
import type { ProcessingServerRecord } from './processing-server.repository.js';

/** Chooses processing servers for new purchases among the healthy, enabled ones. */
export interface ServerSelector {
  /** Picks the next server, skipping those in `exclude` (already tried for this purchase); undefined when none is left. */
  next(exclude?: ReadonlySet<string>): ProcessingServerRecord | undefined;
  /** The server `next` would pick now, without moving on. */
  peek(exclude?: ReadonlySet<string>): ProcessingServerRecord | undefined;
}
