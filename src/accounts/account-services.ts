// Builds the accounts part over one database, for web-services.ts (the lead wires it) and for tests.
import type { Database } from '../db/database.js';
import type { ApiKeyService } from '../web/api-key.service.js';
import type { AuthenticateDeps } from '../web/auth.js';
import { AccountService, type AccountServiceDeps } from './account.service.js';
import { Outbox } from './outbox.js';
import { SessionRepository } from './session.repository.js';
import { SessionService, type SessionOptions } from './session.service.js';

/** Options of the accounts part. */
export interface AccountServicesOptions extends Omit<AccountServiceDeps, 'db' | 'apiKeys' | 'sessions' | 'outbox'> {
  readonly session?: Partial<SessionOptions>;
}

/** The accounts part's services. */
export interface AccountServices {
  readonly accounts: AccountService;
  readonly sessions: SessionService;
  readonly outbox: Outbox;
  /** What `authenticate` (src/web/auth.ts) needs. */
  readonly auth: AuthenticateDeps;
}

/** Builds the accounts services over `db`, sharing the web server's ApiKeyService. */
export function createAccountServices(db: Database, apiKeys: ApiKeyService, options: AccountServicesOptions = {}): AccountServices {
  const clock = { ...(options.nowMs ? { nowMs: options.nowMs } : {}), ...(options.newId ? { newId: options.newId } : {}) };
  const sessions = new SessionService(new SessionRepository(db), { ...options.session, ...clock });
  const outbox = new Outbox(db, clock);
  const accounts = new AccountService({ ...options, db, apiKeys, sessions, outbox });
  return { accounts, sessions, outbox, auth: { apiKeys, sessions, userAccess: (userId) => accounts.userAccess(userId) } };
}
