// The payment simulator's Fastify app, built without listening: tests drive it over loopback or with
// inject(), main.ts listens. It behaves like the test mode of a card gateway (docs/payment.md).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import { registerErrorHandler } from '../../http/error-handler.js';
import { simulatorLoggerOptions, type SimulatorLogLevel } from './simulator-log.js';
import { simulatorRoutes } from './simulator-routes.js';
import type { SimulatorContext } from './simulator-service.js';
import { SimulatorStore } from './simulator-store.js';

/** What the simulator is built from. */
export interface PaymentSimulatorOptions {
  /** Bearer key that calls under /v1 must carry; null to accept calls without one. */
  readonly secretKey: string | null;
  /** How long a charge of the time-out test card is held before the simulator answers, in milliseconds. */
  readonly holdMs: number;
  /** The state; a new empty store by default (pass one to inspect it). */
  readonly store?: SimulatorStore;
  /** Now, for card expiry and record times; the system clock by default. */
  readonly clock?: () => Date;
  readonly logLevel?: SimulatorLogLevel;
  /** Where log lines go (stdout by default). */
  readonly logStream?: { write(line: string): void };
}

/** Builds the simulator's app with its routes, key check, log redaction and the shared error handler. */
export function buildPaymentSimulatorApp(options: PaymentSimulatorOptions): FastifyInstance {
  const app = Fastify({
    logger: simulatorLoggerOptions(options.logLevel ?? 'silent', options.logStream),
    bodyLimit: 16 * 1024,
    genReqId: () => randomUUID(),
    ajv: { customOptions: { removeAdditional: false, allowUnionTypes: true } },
    // Once the requests in flight are answered (preClose below), every socket is closed, idle
    // keep-alive ones included, so that a client's connection pool never delays the close.
    forceCloseConnections: true,
  });
  registerErrorHandler(app);
  const closing = new AbortController();
  const inFlight = new Set<FastifyRequest>();
  app.addHook('onRequest', async (request, reply) => {
    inFlight.add(request);
    // 'close' comes after the answer is sent, and also when the client goes away first.
    reply.raw.once('close', () => inFlight.delete(request));
  });
  // Held charges are let go when the app closes, and answered before the sockets are closed.
  app.addHook('preClose', async () => {
    closing.abort();
    await settled(inFlight, CLOSE_GRACE_MS);
  });
  if (options.secretKey !== null) app.addHook('onRequest', keyCheck(options.secretKey));
  // Bodies at debug level only, and redacted (simulator-log.ts): the card number never reaches the log.
  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (request.body !== undefined) request.log.debug({ body: request.body }, 'request body');
  });
  const store = options.store ?? new SimulatorStore();
  const clock = options.clock ?? (() => new Date());
  const newId: SimulatorContext['newId'] = (prefix) => `${prefix}_${randomBytes(12).toString('hex')}`;
  simulatorRoutes(app, (reply) => ({ store, clock, newId, waitForSilentIssuer: () => hold(options.holdMs, reply, closing.signal) }));
  return app;
}

// Longest wait, in milliseconds, for the requests in flight to be answered when the app closes.
const CLOSE_GRACE_MS = 2_000;

// Resolves when `requests` is empty (checked every 10 ms) or after `maxMs`.
async function settled(requests: ReadonlySet<FastifyRequest>, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (requests.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Waits `ms`, or until the client goes away or the app closes, whichever comes first. */
function hold(ms: number, reply: FastifyReply, closing: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      reply.raw.off('close', done);
      closing.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    reply.raw.once('close', done);
    closing.addEventListener('abort', done, { once: true });
    if (closing.aborted) done();
  });
}

// Compares SHA-256 digests with timingSafeEqual, so the time taken tells nothing about a guessed key.
function keyCheck(secretKey: string): (request: FastifyRequest) => Promise<void> {
  const expected = createHash('sha256').update(secretKey).digest();
  return async (request) => {
    if (!request.url.startsWith('/v1/')) return;
    const given = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (given === undefined || !timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      throw new AppError('AUTH_TOKEN_INVALID', 'The request carries no valid secret key of the payment simulator');
    }
  };
}
