import type { FastifyInstance } from 'fastify';

/**
 * Closes a listening app: no new connections, requests in flight finish; those still running after
 * `timeoutMs` are cut off (a caller then sees a dropped connection, which our clients treat as "in doubt").
 */
export async function closeGracefully(app: FastifyInstance, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      app.server.closeAllConnections();
      resolve();
    }, timeoutMs);
  });
  try {
    await Promise.race([app.close(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
