import { AppError } from '../errors/app-error.js';
import { ERRORS, type ErrorCode } from '../errors/catalogue.js';

/** Calls one of the installation's servers for an operator verb; a catalogued error body becomes an AppError. */
export async function operatorCall<T>(url: string, init: { method: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number }): Promise<T> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method: init.method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  }).catch((err: unknown) => {
    throw new AppError('SERVER_UNREACHABLE', `${url} cannot be reached (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message})`);
  });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) {
    const code = typeof body.code === 'string' && body.code in ERRORS ? (body.code as ErrorCode) : 'INTERNAL';
    // The server's message already ends with its fix; keep it whole.
    throw new AppError(code, String(body.message ?? `HTTP ${res.status}`), { status: res.status }, { complete: true });
  }
  return body as T;
}
