// HTTP calls from the web server to the processing servers, over keep-alive connections, with one
// answer to the question that decides what may happen next: could the server have received the
// request? A request whose connection was never made was certainly not received (`not_sent`); any
// failure after the connection existed may have reached the server (`in_doubt`).
import http from 'node:http';
import https from 'node:https';
import { TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import { INTERNAL_TOKEN_HEADER } from '../internal-api/dispense-contract.js';

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

/** Sends internal calls with the shared token, over pooled keep-alive connections. */
export class InternalHttpClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });

  constructor(private readonly internalToken: string) {}

  /** Performs the call; never throws, every failure is an outcome. */
  request(req: InternalRequest): Promise<HttpOutcome> {
    return new Promise<HttpOutcome>((resolve) => {
      const url = new URL(req.path, req.baseUrl);
      const secure = url.protocol === 'https:';
      const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body), 'utf8');
      let connected = false;
      let settled = false;
      const finish = (outcome: HttpOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const failed = (reason: string): void => finish(connected ? { kind: 'in_doubt', reason } : { kind: 'not_sent', reason });
      const headers: Record<string, string | number> = { accept: 'application/json', [INTERNAL_TOKEN_HEADER]: this.internalToken };
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = payload.length;
      }
      const module = secure ? https : http;
      const agent = req.freshConnection === true ? false : secure ? this.httpsAgent : this.httpAgent;
      const request = module.request(url, { method: req.method, headers, agent });
      const timer = setTimeout(() => {
        failed(`no answer within ${req.timeoutMs} ms`);
        request.destroy();
      }, req.timeoutMs);
      request.on('socket', (socket: Socket) => {
        // A pooled keep-alive socket is already connected; a new one is once it (and TLS) is up.
        if (!socket.connecting) {
          connected = true;
          return;
        }
        socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', () => {
          connected = true;
        });
      });
      request.on('error', (err: NodeJS.ErrnoException) => failed(`${err.code ?? 'error'}: ${err.message}`));
      request.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => failed(`the answer broke off: ${err.message}`));
        res.on('close', () => {
          if (!res.complete) failed('the connection closed in the middle of the answer');
        });
        res.on('end', () => {
          if (!res.complete) return failed('the connection closed in the middle of the answer');
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            finish({ kind: 'answered', status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) });
          } catch {
            failed(`the answer (HTTP ${res.statusCode}) is not JSON`);
          }
        });
      });
      request.end(payload);
    });
  }

  /** Closes the pooled connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
