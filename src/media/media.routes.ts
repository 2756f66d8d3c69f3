// The customer's media routes: the labels and sheets issued to the caller's account, and their slots.
// HTTP and validation only; MediaService does the rest. Every answer is about the principal's account.
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { principalOf } from '../accounts/principal.js';
import { mediaPageView, mediumDetailView } from './media-view.js';
import { mediaListQuery, mediaPageSchema, mediumDetailSchema, mediumSerialParams } from './media.schemas.js';
import type { MediaService } from './media.service.js';

/** What the media routes need: the service and the preHandler that authenticates and sets the principal. */
export interface MediaRoutesDeps {
  readonly media: MediaService;
  readonly authenticate: NonNullable<RouteShorthandOptions['preHandler']>;
}

const err = { $ref: 'Error#' } as const;
const security = [{ apiKey: [] }];

/** Registers GET /v1/media and GET /v1/media/{serial}. */
export function registerMediaRoutes(app: FastifyInstance, deps: MediaRoutesDeps): void {
  const { media, authenticate } = deps;

  app.get(
    '/v1/media',
    {
      preHandler: authenticate,
      schema: {
        summary: 'List your labels and sheets',
        description: 'The registered media issued to your account, newest first, with how many slots are used, reserved and free.',
        tags: ['media'],
        security,
        querystring: mediaListQuery,
        response: { 200: mediaPageSchema, 400: err, 401: err, 403: err, 500: err },
      },
    },
    async (request) => {
      const q = request.query as { layout?: string; hasFreeSlots?: 'true' | 'false'; limit?: string; cursor?: string };
      const page = await media.list(principalOf(request).accountId, {
        ...(q.layout === undefined ? {} : { layout: q.layout }),
        ...(q.hasFreeSlots === undefined ? {} : { hasFreeSlots: q.hasFreeSlots === 'true' }),
        ...(q.limit === undefined ? {} : { limit: Number(q.limit) }),
        ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
      });
      return mediaPageView(page);
    },
  );

  app.get(
    '/v1/media/:serial',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Get one of your labels or sheets with its slots',
        description: 'Every slot of the medium with its number and state (free, reserved by a purchase in progress, or used) and the stamp printed there.',
        tags: ['media'],
        security,
        params: mediumSerialParams,
        response: { 200: mediumDetailSchema, 400: err, 401: err, 403: err, 404: err, 500: err },
      },
    },
    async (request) => mediumDetailView(await media.get(principalOf(request).accountId, (request.params as { serial: string }).serial)),
  );
}
