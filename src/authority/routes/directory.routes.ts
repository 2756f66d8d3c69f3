import type { FastifyInstance } from 'fastify';
import type { AuthorityContext } from '../context.js';
import { buildDirectory } from '../services/directory.service.js';

/**
 * The public documents: the certificate directory of indicium-v1.md §7, and the authority's own
 * public key and root certificate (what a vendor configures to verify reset authorizations).
 */
export function directoryRoutes(app: FastifyInstance, ctx: AuthorityContext): void {
  app.get('/.well-known/indicia-certificates.json', async (_request, reply) => {
    // Verifiers may cache it briefly; a revocation shows within a minute.
    reply.header('cache-control', 'public, max-age=60');
    return buildDirectory(ctx);
  });

  app.get('/v1/authority', async () => ({
    name: ctx.policy.authorityName,
    publicKeyPem: ctx.keys.publicKeyPem,
    rootCertificatePem: ctx.keys.rootCertificatePem,
  }));
}
