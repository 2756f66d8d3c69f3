// JSON views of what the operator console shows, pure: records in, plain objects out (times as ISO 8601).
import type { ProcessingServerRecord } from '../web/processing-server.repository.js';

/** A processing server as the console lists it. */
export interface ServerView {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly state: ProcessingServerRecord['state'];
  readonly healthy: boolean;
  readonly lastHealthCheckAt: string | null;
  readonly position: number;
  /** True for the one server round-robin would pick for the next purchase. */
  readonly next: boolean;
}

/** The server list with the one round-robin picks next (null when no server may take purchases). */
export interface ServersView {
  readonly servers: readonly ServerView[];
  readonly nextServerId: string | null;
}

/** The console's view of `servers` (in round-robin order) with `nextId` marked. */
export function serversView(servers: readonly ProcessingServerRecord[], nextId: string | null): ServersView {
  return {
    servers: servers.map((s) => ({
      id: s.id,
      name: s.name,
      url: s.url,
      state: s.state,
      healthy: s.healthy,
      lastHealthCheckAt: s.lastHealthCheckAtMs === null ? null : new Date(s.lastHealthCheckAtMs).toISOString(),
      position: s.position,
      next: s.id === nextId,
    })),
    nextServerId: nextId,
  };
}

/** A failure shown in place of one server's part of a page: its catalogued code and message. */
export interface ShownError {
  readonly code: string;
  readonly message: string;
}

/** The catalogued code and message of a thrown value (INTERNAL for anything that is not an AppError-like). */
export function shownError(err: unknown): ShownError {
  const e = err as { code?: unknown; message?: unknown; name?: unknown };
  if (e?.name === 'AppError' && typeof e.code === 'string' && typeof e.message === 'string') return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: 'An unexpected error occurred. Try again; if it persists, the server log has the details under the request id.' };
}
