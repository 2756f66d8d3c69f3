// HTTP calls from the web server to the processing servers, over keep-alive connections, with one
// answer to the question that decides what may happen next: could the server have received the
// request? A request whose connection was never made was certainly not received (`not_sent`); any
// failure after the connection existed may have reached the server (`in_doubt`).
//
// Every purchase makes one of these calls, so they are written straight onto pooled sockets (one
// request at a time on each, no pipelining) and the answer is read by a small HTTP/1.1 parser:
// node:http's client machinery cost about 80 µs of CPU per call, a third of this path's share of a purchase.
import { INTERNAL_TOKEN_HEADER } from '../internal-api/dispense-contract.js';
import { Http1ResponseParser, type ParsedResponse } from './http1-response-parser.js';
import { Connection, IdlePool, type Origin } from './internal-connection.js';

/** What became of one internal call. */
export type HttpOutcome =
  /** The server answered; `body` is the parsed JSON (undefined for an empty body). */
  | { readonly kind: 'answered'; readonly status: number; readonly body: unknown }
  /** No connection was ever made: the server did not receive the request. */
  | { readonly kind: 'not_sent'; readonly reason: string }
  /** The connection existed, then something failed: the server may have received and acted on it. */
  | { readonly kind: 'in_doubt'; readonly reason: string };

/** One internal call. */
export interface InternalRequest {
  /** Base URL of the server, e.g. http://127.0.0.1:8081. */
  readonly baseUrl: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  /** The whole call (connect, send, answer) must finish within this many milliseconds. */
  readonly timeoutMs: number;
  /**
   * Use a new connection instead of a pooled one. After a failure in doubt, a pooled connection may be
   * just as stale as the one that failed; the question "do you have it?" deserves a clean line.
   */
  readonly freshConnection?: boolean;
}

/** Options of the client. */
export interface InternalHttpClientOptions {
  /**
   * How long an idle pooled connection is kept, in milliseconds. Below the servers' keep-alive timeout
   * (Fastify's is 72 s), so that the client, not the server, closes idle connections.
   */
  readonly idleTimeoutMs?: number;
  /** Certificate authorities (PEM) to trust for https servers instead of the default ones. */
  readonly ca?: string | readonly string[];
}

/** A base URL's origin and its idle connections. */
interface Server {
  readonly origin: Origin;
  readonly pool: IdlePool;
}

const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
// A path is sent as is: visible ASCII only, so nothing can end the request line early.
const PATH_FORMAT = /^\/[\x21-\x7e]*$/;

/** Sends internal calls with the shared token, over pooled keep-alive connections. */
export class InternalHttpClient {
  private readonly servers = new Map<string, Server>();
  private readonly active = new Set<Connection>();
  private readonly idleTimeoutMs: number;
  private readonly tokenLine: string;
  private readonly ca: string | string[] | undefined;
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(internalToken: string, options: InternalHttpClientOptions = {}) {
    if (!/^[\x20-\x7e]*$/.test(internalToken)) throw new RangeError('the internal token must be printable ASCII');
    this.tokenLine = `${INTERNAL_TOKEN_HEADER}: ${internalToken}\r\n`;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.ca = typeof options.ca === 'string' || options.ca === undefined ? options.ca : [...options.ca];
  }

  /** Performs the call; never throws, every failure is an outcome. */
  request(req: InternalRequest): Promise<HttpOutcome> {
    let server: Server;
    let message: Buffer;
    try {
      server = this.serverOf(req.baseUrl);
      message = this.encode(server.origin, req);
    } catch (err) {
      return Promise.resolve({ kind: 'not_sent', reason: (err as Error).message });
    }
    const pooled = req.freshConnection === true ? undefined : server.pool.take(performance.now(), this.idleTimeoutMs);
    const connection = pooled ?? Connection.open(server.origin, this.ca);
    return new Promise<HttpOutcome>((resolve) => this.exchange(server, connection, message, req, resolve));
  }

  /** Closes the pooled connections and any call still running (it ends in doubt). */
  close(): void {
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const server of this.servers.values()) server.pool.closeAll();
    for (const connection of this.active) connection.socket.destroy();
    this.active.clear();
  }

  private serverOf(baseUrl: string): Server {
    const known = this.servers.get(baseUrl);
    if (known !== undefined) return known;
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported protocol ${url.protocol} in ${baseUrl}`);
    const secure = url.protocol === 'https:';
    const origin: Origin = {
      secure,
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
      hostHeader: url.host,
    };
    const server = { origin, pool: new IdlePool() };
    this.servers.set(baseUrl, server);
    if (this.sweeper === undefined) {
      // Idle connections past their time are closed here (or when next taken), never by the server.
      this.sweeper = setInterval(() => {
        for (const s of this.servers.values()) s.pool.sweep(performance.now(), this.idleTimeoutMs);
      }, Math.max(10, Math.floor(this.idleTimeoutMs / 2)));
      this.sweeper.unref();
    }
    return server;
  }

  /** The request's bytes: head and JSON body in one buffer, written with one call. */
  private encode(origin: Origin, req: InternalRequest): Buffer {
    if (!PATH_FORMAT.test(req.path)) throw new Error(`the path ${JSON.stringify(req.path)} is not a plain absolute path`);
    let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: ${origin.hostHeader}\r\naccept: application/json\r\n${this.tokenLine}`;
    if (req.body === undefined) return Buffer.from(`${head}\r\n`, 'latin1');
    const json = JSON.stringify(req.body);
    head += `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n`;
    return Buffer.from(head + json, 'utf8');
  }

  /** Runs one request/answer exchange on `connection` and resolves with its outcome. */
  private exchange(server: Server, connection: Connection, message: Buffer, req: InternalRequest, resolve: (o: HttpOutcome) => void): void {
    let settled = false;
    // A connection goes back to the pool only once the whole request has been written: an answer that
    // came early (a refusal before the body was read) must not leave our body bytes on it.
    let written = false;
    const parser = new Http1ResponseParser(req.method);
    const finish = (outcome: HttpOutcome, reusable: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.active.delete(connection);
      if (reusable && written && req.freshConnection !== true && !connection.closed) server.pool.put(connection, performance.now());
      else connection.destroy();
      resolve(outcome);
    };
    const failed = (reason: string): void => finish(connection.connected ? { kind: 'in_doubt', reason } : { kind: 'not_sent', reason }, false);
    const answered = (res: ParsedResponse): void => {
      const text = res.body.toString('utf8');
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        return failed(`the answer (HTTP ${res.status}) is not JSON`);
      }
      finish({ kind: 'answered', status: res.status, body }, res.reusable);
    };
    this.active.add(connection);
    connection.begin({
      data: (chunk) => {
        let res: ParsedResponse | undefined;
        try {
          res = parser.push(chunk);
        } catch (err) {
          return failed(`the answer breaks HTTP: ${(err as Error).message}`);
        }
        if (res !== undefined) answered(res);
      },
      end: () => {
        const res = parser.end();
        if (res !== undefined) answered(res);
        else failed(connection.connected ? 'the connection closed before the whole answer arrived' : 'the connection closed before it was made');
      },
      error: (err) => failed(`${err.code ?? 'error'}: ${err.message}`),
    });
    const timer = setTimeout(() => failed(`no answer within ${req.timeoutMs} ms`), req.timeoutMs);
    connection.socket.write(message, () => void (written = true));
  }
}
