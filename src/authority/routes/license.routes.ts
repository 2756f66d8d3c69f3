import type { FastifyInstance } from 'fastify';
import type { RequireRole } from '../auth.js';
import type { AuthorityContext } from '../context.js';
import { assignLicense } from '../services/license.service.js';
import { licenseView } from './views.js';

interface LicenseBody {
  vendorName?: string;
}

/** POST /v1/license: the vendor's single license number (201 when assigned now, 200 afterwards). */
export function licenseRoutes(app: FastifyInstance, ctx: AuthorityContext, requireRole: RequireRole): void {
  app.post<{ Body: LicenseBody | undefined }>(
    '/v1/license',
    {
      onRequest: requireRole('vendor', 'operator'),
      schema: {
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { vendorName: { type: 'string', minLength: 1, maxLength: 200 } },
        },
      },
    },
    async (request, reply) => {
      const { license, created } = await assignLicense(ctx, request.body?.vendorName ?? 'vendor');
      return reply.code(created ? 201 : 200).send(licenseView(license));
    },
  );
}
