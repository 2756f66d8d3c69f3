// Who is calling the public API: an account and, through an API key or a browser session, one of its
// users. Every customer route reads the principal and touches only rows of `accountId`; this is the one
// rule that keeps accounts apart.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';

/** A user's role in their account: owners manage members, cards, keys and billing; members buy and print. */
export type Role = 'owner' | 'member';

/** The authenticated caller of a customer route. */
export interface Principal {
  readonly accountId: string;
  /** The user the key or session belongs to. */
  readonly userId: string;
  readonly role: Role;
  /**
   * The credential the request came with: an API key's id, or for a browser session the user's hidden
   * browser credential (an api_keys row of kind 'browser'). Purchases keep it as their idempotency scope.
   */
  readonly credentialId: string;
  readonly via: 'api_key' | 'session';
}


// Kept per request in a WeakMap rather than as a request decoration, so that no server's request type changes.
const principals = new WeakMap<FastifyRequest, Principal>();

/** Records who the request is from; called by the authentication preHandler (and by tests' stand-ins for it). */
export function setPrincipal(request: FastifyRequest, principal: Principal): void {
  principals.set(request, principal);
}

/** The principal of an authenticated request; a route without the authenticating preHandler is a programming error. */
export function principalOf(request: FastifyRequest): Principal {
  const p = principals.get(request);
  if (p === undefined) throw new Error(`route ${request.url} reads the principal without the authenticate preHandler`);
  return p;
}

/** Refuses (ROLE_FORBIDDEN) unless the principal is an owner of the account; `what` names the action. */
export function requireOwner(principal: Principal, what: string): void {
  if (principal.role !== 'owner') throw new AppError('ROLE_FORBIDDEN', `Only an owner of the account may ${what}`, { role: principal.role });
}
