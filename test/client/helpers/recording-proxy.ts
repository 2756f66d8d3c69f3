// An HTTP proxy on 127.0.0.1 in front of the web server, for the client's tests. It records every
// request (method, path, Idempotency-Key, the status the server answered) and can be told to lose the
// server's answer: forward the request, let the server commit, then drop the connection ('drop') or
// keep it open without answering ('stall'), as a flaky network would.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request. */
export type ProxyMode = 'pass' | 'drop' | 'stall';

/** One request that went through the proxy. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  /** The status the server answered (whether or not the client saw it). */
  readonly upstreamStatus: number;
  readonly mode: ProxyMode;
}

/** The proxy. */
export class RecordingProxy {
  readonly requests: ProxiedRequest[] = [];
  /** Modes for the next POST /v1/stamps requests, used up in order; 'pass' once empty. */
  readonly purchaseModes: ProxyMode[] = [];
  private readonly server: http.Server;
  private readonly stalled = new Set<http.ServerResponse>();

  constructor(private readonly upstream: string) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  /** The proxy's base URL, once started. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The purchases (POST /v1/stamps) seen. */
  get purchases(): ProxiedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v1/stamps');
  }

  /** Starts listening on a free port. */
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** Stops, dropping stalled and idle connections. */
  async close(): Promise<void> {
    for (const res of this.stalled) res.socket?.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '/';
    const isPurchase = req.method === 'POST' && path === '/v1/stamps';
    const mode: ProxyMode = isPurchase ? (this.purchaseModes.shift() ?? 'pass') : 'pass';
    const answer = await this.forward(req, Buffer.concat(chunks));
    const key = req.headers['idempotency-key'];
    this.requests.push({ method: req.method ?? 'GET', path: path.split('?')[0]!, idempotencyKey: typeof key === 'string' ? key : undefined, upstreamStatus: answer.status, mode });
    if (mode === 'drop') {
      req.socket.destroy();
      return;
    }
    if (mode === 'stall') {
      this.stalled.add(res);
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  private forward(req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.OutgoingHttpHeaders; body: Buffer }> {
    const target = new URL(req.url ?? '/', this.upstream);
    const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
    delete headers.connection;
    return new Promise((resolve, reject) => {
      const out = http.request(target, { method: req.method, headers, agent: false }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          const copied: http.OutgoingHttpHeaders = { ...answer.headers };
          for (const h of ['connection', 'keep-alive', 'transfer-encoding']) delete copied[h];
          const full = Buffer.concat(parts);
          copied['content-length'] = String(full.length);
          resolve({ status: answer.statusCode ?? 502, headers: copied, body: full });
        });
        answer.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  }
}
