// The HTTP bound: a bare Fastify server that does no work, measured under the same load generator and
// connection counts as the purchases. No purchase can be served faster than this over the same stack.
import Fastify from 'fastify';

/** A listening hello-world server. */
export interface HelloWorldServer {
  /** Base URL, such as http://127.0.0.1:41234. */
  readonly url: string;
  close(): Promise<void>;
}

/** The paths of the hello-world server: a GET of a constant, and a POST whose JSON body is validated and dropped. */
export const HELLO_PATHS = { get: '/hello', post: '/echo' } as const;

// Validates a body shaped like a purchase, so the POST bound pays for JSON parsing and schema checking too.
const echoBodySchema = {
  type: 'object',
  required: ['stamps'],
  properties: { stamps: { type: 'array', minItems: 1, items: { type: 'object' } } },
} as const;

/** Starts a bare Fastify hello-world on loopback at a free port, logger off (as Fastify's own benchmarks run it). */
export async function startHelloWorld(): Promise<HelloWorldServer> {
  const app = Fastify({ logger: false });
  app.get(HELLO_PATHS.get, async () => ({ hello: 'world' }));
  app.post(HELLO_PATHS.post, { schema: { body: echoBodySchema } }, async (_request, reply) => reply.code(201).send({ ok: true }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}
