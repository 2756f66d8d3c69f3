// Fake servers for the operator console's tests: a processing server answering the internal health,
// PSD list and audit routes (with the internal token check), and a postal authority answering the
// deposit statement (with the vendor token check). Real HTTP listeners on 127.0.0.1, so the console's
// own HTTP clients are what is tested.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake processing server answers. */
export interface FakePsdServerOptions {
  readonly name: string;
  readonly internalToken: string;
  /** The PSD views of GET /internal/v1/psds (src/processing/psd-view.ts shape). */
  psds: Record<string, unknown>[];
  /** Audit problems per PSD id; none: clean. */
  auditProblems?: Record<number, { kind: string; message: string }[]>;
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function errorBody(status: number, code: string, message: string, details?: unknown): unknown {
  return { statusCode: status, code, error: 'Error', message, requestId: 'fake', ...(details === undefined ? {} : { details }) };
}

/** A PSD view as GET /internal/v1/psds lists it. */
export function psdView(psdId: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    psdId,
    status: 'active',
    licenseNumber: 40001234,
    certificateSerial: 7,
    algorithm: 'ecdsa-p256-sha256',
    keyId: `key-${psdId}`,
    registers: { ascendingMills: '2220', descendingMills: '997780', controlTotalMills: '1000000', pieceCount: 3 },
    lastReset: { transactionId: `t-${psdId}`, amountMills: '1000000', oldControlTotalMills: '0', state: 'applied', origin: 'provision', attempts: 1, lastError: null, createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:00:00.000Z' },
    pendingReset: false,
    lastInspectionAt: '2026-03-01T10:00:00.000Z',
    inspectionDueAt: '2026-06-01T10:00:00.000Z',
    inspectionOverdue: false,
    audit: { sequence: 4, head: 'ab'.repeat(32) },
    provisionedAt: '2026-03-01T10:00:00.000Z',
    withdrawnAt: null,
    ...overrides,
  };
}

/** A processing server answering health, PSDs and audit. */
export class FakePsdServer {
  healthy = true;
  auditCalls = 0;
  private readonly server: http.Server;
  port = 0;

  constructor(readonly options: FakePsdServerOptions) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port = await listen(this.server);
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    if (req.headers['x-indicia-internal-token'] !== this.options.internalToken) return send(res, 401, errorBody(401, 'INTERNAL_TOKEN_INVALID', 'The request carries no valid internal token'));
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname === '/internal/v1/health') return send(res, this.healthy ? 200 : 503, { serverId: this.options.name, status: this.healthy ? 'ok' : 'down', availablePsds: 1 });
    if (url.pathname === '/internal/v1/psds') return send(res, 200, { serverId: this.options.name, psds: this.options.psds });
    if (url.pathname === '/internal/v1/audit') {
      this.auditCalls += 1;
      const reports = this.options.psds.map((p) => {
        const problems = this.options.auditProblems?.[p.psdId as number] ?? [];
        return { psdId: p.psdId, ok: problems.length === 0, entries: 4, records: 3, problems, signatures: url.searchParams.get('signatures') };
      });
      if (reports.some((r) => !r.ok)) {
        return send(res, 409, errorBody(409, 'LEDGER_AUDIT_FAILED', 'The audit found problems', { serverId: this.options.name, psds: reports }));
      }
      return send(res, 200, { serverId: this.options.name, ok: true, psds: reports });
    }
    send(res, 404, errorBody(404, 'ROUTE_NOT_FOUND', 'no route'));
  }
}

/** A postal authority answering GET /v1/deposit for the vendor token. */
export class FakeAuthority {
  private readonly server: http.Server;
  port = 0;
  balanceMills = '250000000';
  entries: Record<string, unknown>[] = [
    { entryId: 1, kind: 'fund', amountMills: '300000000', reference: 'wire-2026-001', psdId: null, createdAt: '2026-03-01T09:00:00.000Z' },
    { entryId: 2, kind: 'reset', amountMills: '-50000000', reference: 't-101', psdId: 101, createdAt: '2026-03-02T09:00:00.000Z' },
  ];

  constructor(readonly vendorToken: string) {
    this.server = http.createServer((req, res) => {
      req.resume();
      if (req.headers.authorization !== `Bearer ${this.vendorToken}`) return send(res, 401, errorBody(401, 'AUTH_TOKEN_INVALID', 'The request carries no valid bearer token'));
      if (req.url?.startsWith('/v1/deposit')) return send(res, 200, { balanceMills: this.balanceMills, entries: this.entries });
      send(res, 404, errorBody(404, 'ROUTE_NOT_FOUND', 'no route'));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port = await listen(this.server);
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
