// One keep-alive connection of the internal client, and the pool of idle ones per server. The socket's
// listeners are installed once and hand each event to the exchange running on it, if any: attaching
// and removing listeners for every request cost more than the request's own parsing.
import net from 'node:net';
import tls from 'node:tls';

/** Where a base URL points, parsed once. */
export interface Origin {
  readonly secure: boolean;
  readonly host: string;
  readonly port: number;
  /** The Host header. */
  readonly hostHeader: string;
}

/** What a connection reports to the request running on it. */
export interface ExchangeEvents {
  data(chunk: Buffer): void;
  /** The connection ended or closed. */
  end(): void;
  error(err: NodeJS.ErrnoException): void;
}

/** A socket to one server, carrying one request at a time. */
export class Connection {
  /** True once TCP (and TLS) is up: from then on, a request written may have reached the server. */
  connected = false;
  /** True once the socket has closed. */
  closed = false;
  /** When it last went idle, milliseconds (performance.now()). */
  idleSinceMs = 0;
  private exchange: ExchangeEvents | undefined;
  private onIdleEvent: (() => void) | undefined;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => (this.exchange === undefined ? this.idleEvent() : this.exchange.data(chunk)));
    socket.on('end', () => (this.exchange === undefined ? this.idleEvent() : this.exchange.end()));
    socket.on('error', (err: NodeJS.ErrnoException) => (this.exchange === undefined ? this.idleEvent() : this.exchange.error(err)));
    socket.on('close', () => {
      this.closed = true;
      if (this.exchange === undefined) this.idleEvent();
      else this.exchange.end();
    });
  }

  /** Opens a connection to `origin` (the request may be written before it is up; it is sent once it is). */
  static open(origin: Origin, ca: string | string[] | undefined): Connection {
    const socket = origin.secure
      ? tls.connect({
          host: origin.host,
          port: origin.port,
          // SNI takes a name, never an address.
          ...(net.isIP(origin.host) === 0 ? { servername: origin.host } : {}),
          ...(ca === undefined ? {} : { ca }),
          ALPNProtocols: ['http/1.1'],
        })
      : net.connect({ host: origin.host, port: origin.port });
    socket.setNoDelay(true);
    // TCP keep-alive probes notice a peer that vanished while the connection sat idle in the pool.
    socket.setKeepAlive(true, 1_000);
    const connection = new Connection(socket);
    socket.once(origin.secure ? 'secureConnect' : 'connect', () => (connection.connected = true));
    return connection;
  }

  /** Starts an exchange: events now go to `events`. */
  begin(events: ExchangeEvents): void {
    this.exchange = events;
    this.onIdleEvent = undefined;
    this.socket.ref();
  }

  /** Ends the exchange and leaves the connection idle; anything it hears from now on calls `onIdleEvent`. */
  idle(nowMs: number, onIdleEvent: () => void): void {
    this.exchange = undefined;
    this.onIdleEvent = onIdleEvent;
    this.idleSinceMs = nowMs;
    // An idle pooled connection must not keep the process alive (as node:http's agent does).
    this.socket.unref();
  }

  /** Ends the exchange, if any, and closes the socket. */
  destroy(): void {
    this.exchange = undefined;
    this.onIdleEvent = undefined;
    this.socket.destroy();
  }

  /** Bytes, an end or an error on an idle connection: it is out of step with us, so it goes. */
  private idleEvent(): void {
    const report = this.onIdleEvent;
    this.onIdleEvent = undefined;
    this.socket.destroy();
    report?.();
  }
}

/** The idle connections to one server, most recently used first out. */
export class IdlePool {
  private readonly idle: Connection[] = [];

  /** An idle connection used less than `maxIdleMs` ago, or undefined; older ones are closed on the way. */
  take(nowMs: number, maxIdleMs: number): Connection | undefined {
    for (;;) {
      const c = this.idle.pop();
      if (c === undefined) return undefined;
      if (!c.closed && nowMs - c.idleSinceMs < maxIdleMs) return c;
      c.destroy();
    }
  }

  /** Keeps a connection for the next request. */
  put(c: Connection, nowMs: number): void {
    c.idle(nowMs, () => this.remove(c));
    this.idle.push(c);
  }

  /** Closes the connections idle for `maxIdleMs` or more. */
  sweep(nowMs: number, maxIdleMs: number): void {
    for (const c of this.idle.filter((x) => nowMs - x.idleSinceMs >= maxIdleMs)) {
      this.remove(c);
      c.destroy();
    }
  }

  /** Closes every idle connection. */
  closeAll(): void {
    for (const c of this.idle.splice(0)) c.destroy();
  }

  private remove(c: Connection): void {
    const at = this.idle.indexOf(c);
    if (at >= 0) this.idle.splice(at, 1);
  }
}
