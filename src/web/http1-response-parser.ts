// An incremental parser of one HTTP/1.1 response, for the web server's internal client. It knows the
// three ways a body can end (content-length, chunked, the connection closing) and whether the
// connection may carry another request afterwards. Pure: bytes in, a parsed response out.

/** A whole response. */
export interface ParsedResponse {
  readonly status: number;
  /** Header values by lower-case name; repeated headers are joined with ", ". */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
  /** True when the connection may be reused: HTTP/1.1 without `connection: close`, and nothing after the body. */
  readonly reusable: boolean;
}

/** A response that breaks HTTP/1.1 framing; the connection cannot be trusted any more. */
export class HttpFramingError extends Error {
  override readonly name = 'HttpFramingError';
}

// Largest head (status line and headers) accepted, in bytes: Node's own default limit.
const MAX_HEAD_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

type BodyMode = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'close' };
type ChunkState = 'size' | 'data' | 'data-end' | 'trailers';

/** Parses one response to a request of `method`; feed it every byte read from the connection. */
export class Http1ResponseParser {
  private pending: Buffer = Buffer.alloc(0);
  private head: { status: number; headers: Map<string, string>; keepAlive: boolean } | undefined;
  private mode: BodyMode | undefined;
  private chunkState: ChunkState = 'size';
  private chunkRemaining = 0;
  private readonly body: Buffer[] = [];
  private done: ParsedResponse | undefined;

  constructor(private readonly method: string) {}

  /** Takes more bytes; returns the response once it is complete (then ignores further input). Throws HttpFramingError. */
  push(chunk: Buffer): ParsedResponse | undefined {
    if (this.done !== undefined) return this.done;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.head === undefined) {
      if (!this.parseHead()) return undefined;
    }
    return this.parseBody();
  }

  /** The connection ended: the response when its body was delimited by the close, undefined when it was cut off. */
  end(): ParsedResponse | undefined {
    if (this.done !== undefined) return this.done;
    if (this.head === undefined || this.mode?.kind !== 'close') return undefined;
    return this.finish(false);
  }

  /** Reads the status line and headers; false while they are incomplete. Skips 1xx interim responses. */
  private parseHead(): boolean {
    const end = this.pending.indexOf(HEAD_END);
    if (end < 0) {
      if (this.pending.length > MAX_HEAD_BYTES) throw new HttpFramingError(`the response head passes ${MAX_HEAD_BYTES} bytes`);
      return false;
    }
    const lines = this.pending.toString('latin1', 0, end).split('\r\n');
    this.pending = this.pending.subarray(end + HEAD_END.length);
    const statusLine = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: .*)?$/.exec(lines[0] ?? '');
    if (statusLine === null) throw new HttpFramingError(`not an HTTP/1.x status line: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
    const status = Number(statusLine[2]);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new HttpFramingError(`a malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const seen = headers.get(name);
      headers.set(name, seen === undefined ? value : `${seen}, ${value}`);
    }
    // 1xx answers are interim (100 Continue, 103 Early Hints): the real answer follows. 101 would switch protocols.
    if (status < 200) {
      if (status === 101) throw new HttpFramingError('the server switched protocols');
      return true;
    }
    const connection = (headers.get('connection') ?? '').toLowerCase();
    const keepAlive = statusLine[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    this.head = { status, headers, keepAlive };
    this.mode = bodyMode(this.method, status, headers);
    return true;
  }

  private parseBody(): ParsedResponse | undefined {
    const mode = this.mode as BodyMode;
    if (mode.kind === 'close') {
      this.takePending(this.pending.length);
      return undefined;
    }
    if (mode.kind === 'length') {
      const take = Math.min(mode.remaining, this.pending.length);
      this.takePending(take);
      mode.remaining -= take;
      return mode.remaining === 0 ? this.finish(true) : undefined;
    }
    return this.parseChunks();
  }

  private parseChunks(): ParsedResponse | undefined {
    for (;;) {
      if (this.chunkState === 'data') {
        const take = Math.min(this.chunkRemaining, this.pending.length);
        this.takePending(take);
        this.chunkRemaining -= take;
        if (this.chunkRemaining > 0) return undefined;
        this.chunkState = 'data-end';
      }
      const eol = this.pending.indexOf(CRLF);
      if (eol < 0) {
        if (this.pending.length > MAX_HEAD_BYTES) throw new HttpFramingError('a chunk line passes the size limit');
        return undefined;
      }
      const line = this.pending.toString('latin1', 0, eol);
      this.pending = this.pending.subarray(eol + CRLF.length);
      if (this.chunkState === 'data-end') {
        if (line !== '') throw new HttpFramingError('a chunk is longer than its size says');
        this.chunkState = 'size';
      } else if (this.chunkState === 'size') {
        const size = /^([0-9a-fA-F]{1,8})(?:;.*)?$/.exec(line.trim());
        if (size === null) throw new HttpFramingError(`a malformed chunk size: ${JSON.stringify(line.slice(0, 40))}`);
        this.chunkRemaining = parseInt(size[1] as string, 16);
        this.chunkState = this.chunkRemaining === 0 ? 'trailers' : 'data';
      } else if (line === '') {
        return this.finish(true); // the empty line after the trailers ends the message
      }
    }
  }

  private takePending(n: number): void {
    if (n === 0) return;
    this.body.push(this.pending.subarray(0, n));
    this.pending = this.pending.subarray(n);
  }

  private finish(delimited: boolean): ParsedResponse {
    const head = this.head as NonNullable<typeof this.head>;
    // Bytes after the body were not asked for: the connection is out of step and must not be reused.
    const reusable = delimited && head.keepAlive && this.pending.length === 0;
    const body = this.body.length === 1 ? (this.body[0] as Buffer) : Buffer.concat(this.body);
    this.done = { status: head.status, headers: head.headers, body, reusable };
    return this.done;
  }
}

/** How the body of this response ends (RFC 9112 §6.3). */
function bodyMode(method: string, status: number, headers: ReadonlyMap<string, string>): BodyMode {
  if (method === 'HEAD' || status === 204 || status === 304) return { kind: 'length', remaining: 0 };
  const transferEncoding = headers.get('transfer-encoding');
  if (transferEncoding !== undefined) {
    return /(?:^|,)\s*chunked\s*$/i.test(transferEncoding) ? { kind: 'chunked' } : { kind: 'close' };
  }
  const length = headers.get('content-length');
  if (length === undefined) return { kind: 'close' };
  const values = new Set(length.split(',').map((v) => v.trim()));
  const only = values.size === 1 ? [...values][0] : undefined;
  if (only === undefined || !/^\d{1,15}$/.test(only)) throw new HttpFramingError(`an invalid content-length: ${JSON.stringify(length.slice(0, 40))}`);
  return { kind: 'length', remaining: Number(only) };
}
