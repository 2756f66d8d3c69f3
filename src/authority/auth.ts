import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../errors/app-error.js';

/** Who a bearer token speaks for: the vendor system, the authority's own operator, or its scanning stations. */
export type Role = 'vendor' | 'operator' | 'scanner';

/** The bearer tokens of the configuration. */
export interface AuthTokens {
  readonly vendor: string;
  /** null: no operator token is configured, so operator calls are refused. */
  readonly operator: string | null;
  /** The scanning stations' token (POST /v1/scans); null or absent: only the operator may scan. */
  readonly scanner?: string | null;
}

/** Builds an onRequest hook that lets through only requests whose bearer token has one of `roles`. */
export type RequireRole = (...roles: readonly Role[]) => onRequestAsyncHookHandler;

// The role each request was let through with, for handlers that record who acted (the scans log).
const authenticated = new WeakMap<FastifyRequest, Role>();

/** The role whose token let `request` through a requireRole hook; undefined on public routes. */
export function authenticatedRole(request: FastifyRequest): Role | undefined {
  return authenticated.get(request);
}

/**
 * Bearer-token authentication. Tokens are compared as SHA-256 digests with timingSafeEqual, so the
 * time taken does not tell how much of a guessed token was right.
 */
export function bearerAuth(tokens: AuthTokens): RequireRole {
  const known: readonly [Role, Buffer][] = [
    ['vendor', digest(tokens.vendor)],
    ...(tokens.operator === null ? [] : [['operator', digest(tokens.operator)] as [Role, Buffer]]),
    ...(tokens.scanner === undefined || tokens.scanner === null ? [] : [['scanner', digest(tokens.scanner)] as [Role, Buffer]]),
  ];
  return (...roles) =>
    async (request: FastifyRequest) => {
      const role = roleOf(request.headers.authorization, known);
      if (role === null) throw new AppError('AUTH_TOKEN_INVALID');
      if (!roles.includes(role)) {
        throw new AppError('AUTH_FORBIDDEN', `This call needs the ${roles.join(' or ')} token, not the ${role} token`, { role });
      }
      authenticated.set(request, role);
    };
}

function roleOf(header: string | undefined, known: readonly [Role, Buffer][]): Role | null {
  const token = /^Bearer +(\S+)$/i.exec(header ?? '')?.[1];
  if (token === undefined) return null;
  const given = digest(token);
  let found: Role | null = null;
  // Compare against every token, not stopping at the first match.
  for (const [role, expected] of known) if (timingSafeEqual(given, expected) && found === null) found = role;
  return found;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
