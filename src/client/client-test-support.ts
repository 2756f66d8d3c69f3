// Stand-ins for the client's unit tests: stamps of the API's shape and a scripted fetch.
import type { FetchFunction } from './transport.js';
import type { Stamp } from './types.js';

/** A stamp of the API's shape (its indicium is 117 zero bytes: only the shape is checked here). */
export function fakeStamp(id: string, purchaseId: string): Stamp {
  return {
    id,
    purchaseId,
    indicium: Buffer.alloc(117).toString('base64'),
    fields: {
      version: 1, algorithm: 1, licenseNumber: 40001234, certificateSerial: 7, psdId: 3, pieceCount: 1, ascendingRegister: '740',
      descendingRegister: '999999260', postage: '740', dateOfMailing: 9824, originZip: 941070001, destinationZip: 0, rateCategory: 1, medium: '0', softwareId: 1,
    },
    humanReadable: ['$0.74', '2026-11-24', 'First-Class Mail letter', 'From ZIP 94107', 'License 40001234', 'PSD 3'],
    dispensedAt: '2026-11-24T22:36:36.050Z',
    links: { self: `/v1/stamps/${id}`, png: `/v1/stamps/${id}.png`, svg: `/v1/stamps/${id}.svg` },
  };
}

/** One scripted answer: a response, or a thrown network error, or a hang until the request is aborted. */
export type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | 'network' | 'hang';

/** A request the scripted fetch received. */
export interface SeenRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/** A fetch that answers from a script, in order, and records the requests. */
export function scriptedFetch(script: Scripted[]): { fetch: FetchFunction; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const fetch: FetchFunction = async (url, init) => {
    seen.push({ url, method: init.method ?? 'GET', headers: { ...(init.headers as Record<string, string>) }, body: init.body as string | undefined });
    const next = script.shift();
    if (next === undefined) throw new Error(`unscripted request ${init.method} ${url}`);
    if (next === 'network') throw new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    if (next === 'hang') {
      return new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }
    const text = typeof next.body === 'string' ? next.body : JSON.stringify(next.body ?? {});
    // 204 and 304 answers carry no body at all (the Response constructor refuses one).
    return new Response(next.status === 204 || next.status === 304 ? null : text, { status: next.status, headers: { 'content-type': 'application/json', ...next.headers } });
  };
  return { fetch, seen };
}
