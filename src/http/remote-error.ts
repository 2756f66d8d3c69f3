import { detailOfMessage, isCatalogued } from '../errors/error-detail.js';

/** The error body of another server of the system (the shape of src/http/error-handler.ts). */
export interface RemoteError {
  readonly code: string;
  /** The message without the catalogue's fix, which a local AppError of the same code appends again. */
  readonly detail: string;
  readonly details: Record<string, unknown> | undefined;
}

/** Reads an error body `{ code, message, details? }`; undefined for anything else. */
export function readRemoteError(body: unknown): RemoteError | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.code !== 'string' || typeof b.message !== 'string') return undefined;
  const details = typeof b.details === 'object' && b.details !== null ? (b.details as Record<string, unknown>) : undefined;
  const detail = isCatalogued(b.code) ? detailOfMessage(b.code, b.message) : b.message.replace(/\.$/, '');
  return { code: b.code, detail, details };
}

/** JSON.parse of an answer body; undefined for an empty or malformed one (the caller reports it as it sees fit). */
export function parseJsonText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
