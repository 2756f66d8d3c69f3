// An honest fake processing server for the web server's tests: a real HTTP listener on 127.0.0.1 that
// implements the internal contract (dispense all or none, each request id at most once, lookup, health),
// builds every indicium through the codec and signs it with a real P-256 key. It can be told to refuse
// connections, to hang, to answer 5xx, to refuse with a catalogued error, or to commit and then crash.
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { assembleIndicium, encodeSignedPart } from '../../../src/core/indicium/codec.js';
import type { IndiciumFields } from '../../../src/core/indicium/fields.js';
import {
  INTERNAL_PATHS,
  INTERNAL_TOKEN_HEADER,
  type DispenseItem,
  type DispenseRequest,
  type DispensedStamp,
} from '../../../src/internal-api/dispense-contract.js';
import { loadIndiciumVectors } from '../../../src/testing/shared-spec.js';

/** How the fake treats the next dispense calls. */
export type DispenseMode =
  | { readonly kind: 'ok' }
  /** Holds every request unanswered until `release()`; held dispenses are then committed (answer unseen). */
  | { readonly kind: 'hang' }
  /** Commits the dispense, then drops the connection and stops listening, like a crash after commit. */
  | { readonly kind: 'crash-after-commit' }
  /** Answers 500 without dispensing. */
  | { readonly kind: 'error-500' }
  /** Refuses with a catalogued error body, dispensing nothing. */
  | { readonly kind: 'refuse'; readonly status: number; readonly code: string; readonly message: string };

/** Settings of one fake. */
export interface FakeOptions {
  readonly name: string;
  readonly psdId: number;
  readonly internalToken: string;
  readonly licenseNumber: number;
}

const vectors = loadIndiciumVectors();
const privateKey: KeyObject = createPrivateKey(vectors.testKeys.p256PrivatePem);
/** The public key that verifies every fake's signatures. */
export const FAKE_PUBLIC_KEY_PEM = vectors.testKeys.p256PublicPem;
/** Certificate serial in every fake indicium (the test vectors' P-256 certificate). */
export const FAKE_CERTIFICATE_SERIAL = 7;
const INITIAL_FUNDS_MILLS = 1_000_000_000n;

/** One fake processing server. */
export class FakeProcessingServer {
  /** Every dispensed stamp by request id: what this server has committed. */
  readonly committed = new Map<string, DispensedStamp>();
  /** Dispense calls received (including repeats and refused ones). */
  dispenseCalls = 0;
  /** Lookup calls received. */
  lookupCalls = 0;
  /** Items committed, counting each request id once. */
  get dispensedCount(): number {
    return this.committed.size;
  }
  mode: DispenseMode = { kind: 'ok' };
  healthy = true;
  port = 0;

  private readonly server: http.Server;
  private pieceCount = 0;
  private ascending = 0n;
  private held: (() => void)[] = [];
  private listening = false;

  constructor(readonly options: FakeOptions) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
  }

  /** Requests held by the hang mode right now. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Base URL, valid once started. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening (on a free port the first time, on the same port after `refuse`). */
  async accept(): Promise<void> {
    if (this.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.listening = true;
  }

  /** Stops listening and drops every connection: connecting now fails with ECONNREFUSED. */
  async refuse(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    // Let the clients' pooled sockets see the close, as they would for a server down a while; a request
    // racing the close on a pooled socket is in doubt, which the crash-after-commit mode tests on purpose.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** Answers the held requests (see the hang mode) and goes back to normal. */
  release(): void {
    this.mode = { kind: 'ok' };
    const held = this.held;
    this.held = [];
    for (const go of held) go();
  }

  /** Stops for good. */
  async close(): Promise<void> {
    this.release();
    await this.refuse();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readJson(req);
    if (req.headers[INTERNAL_TOKEN_HEADER] !== this.options.internalToken) {
      return send(res, 401, { statusCode: 401, code: 'AUTH_TOKEN_INVALID', error: 'Unauthorized', message: 'bad internal token', requestId: 'fake' });
    }
    if (this.mode.kind === 'hang') {
      // Held: answered (or, for a dispense, committed) only when released; the caller has given up by then.
      await new Promise<void>((resolve) => this.held.push(resolve));
    }
    if (req.method === 'GET' && req.url === INTERNAL_PATHS.health) {
      const status = this.healthy ? 'ok' : 'down';
      return send(res, this.healthy ? 200 : 503, { serverId: this.options.name, status, availablePsds: this.healthy ? 1 : 0 });
    }
    if (req.method === 'POST' && req.url === INTERNAL_PATHS.lookup) {
      this.lookupCalls += 1;
      const ids = (body as { requestIds: string[] }).requestIds;
      return send(res, 200, { serverId: this.options.name, stamps: ids.flatMap((id) => this.committed.get(id) ?? []) });
    }
    if (req.method === 'POST' && req.url === INTERNAL_PATHS.dispense) return this.dispense(body as DispenseRequest, res);
    return send(res, 404, { statusCode: 404, code: 'ROUTE_NOT_FOUND', error: 'Not Found', message: 'no route', requestId: 'fake' });
  }

  private dispense(request: DispenseRequest, res: http.ServerResponse): void {
    this.dispenseCalls += 1;
    const mode = this.mode;
    if (mode.kind === 'error-500') {
      return send(res, 500, { statusCode: 500, code: 'INTERNAL', error: 'Internal Server Error', message: 'fake failure', requestId: 'fake' });
    }
    if (mode.kind === 'refuse') {
      return send(res, mode.status, { statusCode: mode.status, code: mode.code, error: 'Refused', message: mode.message, requestId: 'fake' });
    }
    // All or none, each request id at most once: a repeat of committed ids returns what was committed.
    const stamps = request.items.map((item) => this.committed.get(item.requestId) ?? this.debit(item));
    if (mode.kind === 'crash-after-commit') {
      res.socket?.destroy();
      void this.refuse();
      return;
    }
    send(res, 200, { serverId: this.options.name, stamps });
  }

  private debit(item: DispenseItem): DispensedStamp {
    const postage = BigInt(item.postage);
    this.pieceCount += 1;
    this.ascending += postage;
    const fields: IndiciumFields = {
      version: 1,
      algorithm: 1,
      licenseNumber: this.options.licenseNumber,
      certificateSerial: FAKE_CERTIFICATE_SERIAL,
      psdId: this.options.psdId,
      pieceCount: this.pieceCount,
      ascendingRegister: this.ascending,
      descendingRegister: INITIAL_FUNDS_MILLS - this.ascending,
      postage,
      dateOfMailing: item.dateOfMailing,
      originZip: item.originZip,
      destinationZip: item.destinationZip,
      rateCategory: item.rateCategory,
      medium: BigInt(item.medium),
      softwareId: 1,
    };
    const signature = sign('sha256', encodeSignedPart(fields), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const stamp: DispensedStamp = {
      requestId: item.requestId,
      psdId: this.options.psdId,
      pieceCount: this.pieceCount,
      indicium: assembleIndicium(fields, signature).toString('base64'),
      dispensedAt: new Date().toISOString(),
    };
    this.committed.set(item.requestId, stamp);
    return stamp;
  }
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
