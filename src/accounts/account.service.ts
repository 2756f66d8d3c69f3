// The accounts part's logic: sign-up, login (with throttling), email verification, the postal address,
// members and invitations, and the checks the purchase path runs (checkReadyToBuy, cached). Repositories
// do the SQL; every method that acts for a caller takes the caller's Principal and touches only rows of
// the principal's account.
import type { Database, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/constraint-errors.js';
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/catalogue.js';
import type { ApiKeyService } from '../web/api-key.service.js';
import { newId as defaultNewId } from '../web/ids.js';
import { invitationMail, verificationMail } from './account-mail.js';
import { AccountRepository, type AccountRecord, type UserRecord } from './account.repository.js';
import { validateAddress, type AddressInput, type PostalAddress } from './address.js';
import { normalizeEmail } from './email.js';
import { EmailTokenRepository, type EmailTokenPurpose } from './email-token.repository.js';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleOptions } from './login-throttle.js';
import type { Outbox } from './outbox.js';
import { DEFAULT_SCRYPT_PARAMS, burnPasswordCheck, checkPasswordRules, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './password.js';
import { requireOwner, type Principal, type Role } from './principal.js';
import type { NewSessionTokens, SessionService } from './session.service.js';
import { hashToken, looksLikeToken, newToken } from './tokens.js';

/** What the service is built from. */
export interface AccountServiceDeps {
  readonly db: Database;
  readonly apiKeys: ApiKeyService;
  readonly sessions: SessionService;
  readonly outbox: Outbox;
  readonly nowMs?: () => number;
  readonly newId?: () => string;
  /** scrypt parameters of new password hashes (tests lower them for speed). */
  readonly passwordParams?: ScryptParams;
  readonly loginThrottle?: LoginThrottleOptions;
  /** How long checkReadyToBuy and the role of a user are trusted from memory (default 5 s). */
  readonly cacheMs?: number;
  /** Lifetime of a verification link (default 24 h) and of an invitation (default 7 days). */
  readonly verifyTokenMs?: number;
  readonly inviteTokenMs?: number;
  /** Least time between two verification emails of one user (default 60 s). */
  readonly resendIntervalMs?: number;
  /** Public address of the web site, put before the links of emails (default: none, a bare path). */
  readonly publicBaseUrl?: string;
}

/** Sign-up input. */
export interface SignupInput {
  readonly email: string;
  readonly password: string;
  readonly accountName: string;
  readonly address?: AddressInput;
}

/** A logged-in user: the records and the new session. */
export interface LoggedIn {
  readonly user: UserRecord;
  readonly account: AccountRecord;
  readonly session: NewSessionTokens;
}

/** What checkReadyToBuy looks at; `missing` lists the catalogued codes of what is not in order. */
export interface Readiness {
  readonly ready: boolean;
  readonly missing: ErrorCode[];
}

/** The account's name and address, for receipts. */
export interface AccountInfo {
  readonly id: string;
  readonly name: string;
  readonly address: PostalAddress | null;
}

/** What authentication needs of a user behind an API key. */
export interface UserAccess {
  readonly accountId: string;
  readonly role: Role;
  readonly disabled: boolean;
}

/** An owner-to-be's details, for sign-up and the operator's createAccount. */
export interface NewAccountInput {
  readonly name: string;
  readonly ownerEmail: string;
  /** Hashed already; null: the owner chooses one through an invitation link. */
  readonly passwordHash: string | null;
  readonly address?: AddressInput;
  readonly emailVerified?: boolean;
}

const HOUR = 3_600_000;

/** Accounts, users, sessions' logins, email verification, address, members and readiness to buy. */
export class AccountService {
  private readonly repo: AccountRepository;
  private readonly tokens: EmailTokenRepository;
  private readonly throttle: LoginThrottle;
  private readonly nowMs: () => number;
  private readonly newId: () => string;
  private readonly cacheMs: number;
  private readonly readyCache = new Map<string, { readonly value: Readiness; readonly untilMs: number }>();
  private readonly accessCache = new Map<string, { readonly value: UserAccess; readonly untilMs: number }>();

  constructor(private readonly d: AccountServiceDeps) {
    this.repo = new AccountRepository(d.db);
    this.tokens = new EmailTokenRepository(d.db);
    this.throttle = new LoginThrottle(d.loginThrottle ?? DEFAULT_LOGIN_THROTTLE);
    this.nowMs = d.nowMs ?? Date.now;
    this.newId = d.newId ?? defaultNewId;
    this.cacheMs = d.cacheMs ?? 5_000;
  }

  private get passwordParams(): ScryptParams {
    return this.d.passwordParams ?? DEFAULT_SCRYPT_PARAMS;
  }

  private get baseUrl(): string {
    return (this.d.publicBaseUrl ?? '').replace(/\/+$/, '');
  }

  // ---- sign-up, login, logout ----

  /** Makes the account and its owner, sends the verification email and logs the owner in. */
  async signup(input: SignupInput): Promise<LoggedIn> {
    checkPasswordRules(input.password);
    const passwordHash = await hashPassword(input.password, this.passwordParams);
    const { account, user } = await this.createAccountWithOwner({ name: input.accountName, ownerEmail: input.email, passwordHash, address: input.address });
    return { user, account, session: await this.d.sessions.create(user.id) };
  }

  /**
   * Creates an account and its owner in one transaction: the owner's browser credential, and either the
   * verification email (password given) or an invitation to choose a password (none given).
   */
  async createAccountWithOwner(input: NewAccountInput): Promise<{ account: AccountRecord; user: UserRecord }> {
    const email = normalizeEmail(input.ownerEmail);
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '' || name.length > 200) throw new AppError('INVALID_ARGUMENT', 'The account name must be 1 to 200 characters', { field: 'accountName' });
    const address = input.address === undefined ? null : validateAddress(input.address);
    const now = this.nowMs();
    const account: AccountRecord = { id: this.newId(), name, status: 'active', address, createdAtMs: now, updatedAtMs: now };
    const user: UserRecord = {
      id: this.newId(),
      accountId: account.id,
      email,
      role: 'owner',
      emailVerifiedAtMs: input.emailVerified ? now : null,
      disabledAtMs: null,
      createdAtMs: now,
      hasPassword: input.passwordHash !== null,
    };
    await this.inTransaction(async (tx) => {
      await new AccountRepository(tx).insertAccount(account);
      await this.insertUserWithCredential(tx, user, input.passwordHash);
      if (input.passwordHash === null) await this.sendInvitation(tx, user, account.name);
      else if (!input.emailVerified) await this.sendVerification(tx, user);
    });
    return { account, user };
  }

  /** Logs in: LOGIN_FAILED for an unknown email and a wrong password alike; LOGIN_THROTTLED after repeated failures. */
  async login(rawEmail: string, password: string): Promise<LoggedIn> {
    const now = this.nowMs();
    let email: string;
    try {
      email = normalizeEmail(rawEmail);
    } catch {
      throw new AppError('LOGIN_FAILED');
    }
    this.throttle.check(email, now);
    const found = await this.repo.findUserByEmail(email);
    const ok =
      found !== null && found.passwordHash !== null && found.user.disabledAtMs === null
        ? await verifyPassword(password, found.passwordHash)
        : (await burnPasswordCheck(password, this.passwordParams), false);
    if (!ok || found === null) {
      this.throttle.fail(email, now);
      throw new AppError('LOGIN_FAILED');
    }
    this.throttle.succeed(email);
    // Raise the cost of an old hash now that the password is at hand.
    if (found.passwordHash !== null && needsRehash(found.passwordHash, this.passwordParams)) {
      await this.repo.setPasswordHash(found.user.id, await hashPassword(password, this.passwordParams));
    }
    const account = await this.requireAccount(found.user.accountId);
    return { user: found.user, account, session: await this.d.sessions.create(found.user.id) };
  }

  /** Ends the session of a cookie token. */
  logout(token: string): Promise<void> {
    return this.d.sessions.revokeToken(token);
  }

  // ---- who am I ----

  /** The caller's user and account and whether they may buy. */
  async me(principal: Principal): Promise<{ user: UserRecord; account: AccountRecord; readyToBuy: Readiness }> {
    const user = await this.repo.findUser(principal.userId, principal.accountId);
    if (user === null) throw new AppError('USER_DISABLED');
    const account = await this.requireAccount(principal.accountId);
    return { user, account, readyToBuy: this.readinessOf(account, user) };
  }

  // ---- email verification ----

  /** Verifies the email of the token's user (EMAIL_TOKEN_INVALID, _EXPIRED, _USED). */
  async verifyEmail(token: string): Promise<UserRecord> {
    const userId = await this.consumeToken(token, 'verify');
    await this.repo.markEmailVerified(userId, this.nowMs());
    this.forgetUser(userId);
    const user = await this.repo.findUser(userId);
    if (user === null) throw new AppError('EMAIL_TOKEN_INVALID');
    return user;
  }

  /** Sends the caller's verification email again (EMAIL_ALREADY_VERIFIED; EMAIL_VERIFICATION_RATE_LIMITED with retryAfterSeconds). */
  async resendVerification(principal: Principal): Promise<{ sentTo: string }> {
    const user = await this.repo.findUser(principal.userId, principal.accountId);
    if (user === null || user.disabledAtMs !== null) throw new AppError('USER_DISABLED');
    if (user.emailVerifiedAtMs !== null) throw new AppError('EMAIL_ALREADY_VERIFIED');
    const interval = this.d.resendIntervalMs ?? 60_000;
    const last = await this.tokens.latestCreatedAt(user.id, 'verify');
    const now = this.nowMs();
    if (last !== null && now - last < interval) {
      const retryAfterSeconds = Math.max(1, Math.ceil((last + interval - now) / 1000));
      throw new AppError('EMAIL_VERIFICATION_RATE_LIMITED', `A verification email was sent less than ${Math.round(interval / 1000)} seconds ago; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
    }
    await this.inTransaction((tx) => this.sendVerification(tx, user));
    return { sentTo: user.email };
  }

  // ---- address ----

  /** Sets the account's postal address (owner only). */
  async setAddress(principal: Principal, input: AddressInput): Promise<AccountRecord> {
    requireOwner(principal, "set the account's postal address");
    const address = validateAddress(input);
    await this.repo.setAddress(principal.accountId, address, this.nowMs());
    this.forgetAccount(principal.accountId);
    return this.requireAccount(principal.accountId);
  }

  // ---- members ----

  /** The users of the caller's account (owner only). */
  async listMembers(principal: Principal): Promise<UserRecord[]> {
    requireOwner(principal, 'list the members of the account');
    return this.repo.listUsers(principal.accountId);
  }

  /** Invites a user into the caller's account (owner only): a user without password and an invitation email. */
  async invite(principal: Principal, input: { email: string; role: Role }): Promise<UserRecord> {
    requireOwner(principal, 'invite members');
    const email = normalizeEmail(input.email);
    if (input.role !== 'owner' && input.role !== 'member') throw new AppError('INVALID_ARGUMENT', 'role must be owner or member', { field: 'role' });
    const account = await this.requireAccount(principal.accountId);
    const user: UserRecord = { id: this.newId(), accountId: account.id, email, role: input.role, emailVerifiedAtMs: null, disabledAtMs: null, createdAtMs: this.nowMs(), hasPassword: false };
    await this.inTransaction(async (tx) => {
      await this.insertUserWithCredential(tx, user, null);
      await this.sendInvitation(tx, user, account.name);
    });
    return user;
  }

  /** Accepts an invitation: sets the password, verifies the email (the link proved it) and logs in. */
  async acceptInvitation(token: string, password: string): Promise<LoggedIn> {
    checkPasswordRules(password);
    const hash = await hashPassword(password, this.passwordParams);
    const userId = await this.consumeToken(token, 'invite');
    const user = await this.repo.findUser(userId);
    if (user === null || user.disabledAtMs !== null) throw new AppError('EMAIL_TOKEN_INVALID', 'The invitation was withdrawn');
    await this.repo.setPasswordHash(userId, hash);
    await this.repo.markEmailVerified(userId, this.nowMs());
    this.forgetUser(userId);
    const fresh = (await this.repo.findUser(userId))!;
    return { user: fresh, account: await this.requireAccount(fresh.accountId), session: await this.d.sessions.create(userId) };
  }

  /** Removes a user from the caller's account (owner only): disabled, sessions ended, keys revoked. MEMBER_LAST_OWNER for the last owner. */
  async removeMember(principal: Principal, userId: string): Promise<UserRecord> {
    requireOwner(principal, 'remove members');
    const user = await this.repo.findUser(userId, principal.accountId);
    if (user === null || user.disabledAtMs !== null) throw new AppError('MEMBER_NOT_FOUND', `No user with the id ${JSON.stringify(userId)} belongs to your account`, { userId });
    const removed = await this.inTransaction(async (tx) => {
      const repo = new AccountRepository(tx);
      // Counted inside the transaction, after the removal, so that two owners removing each other at once cannot both succeed.
      if (!(await repo.disableUser(principal.accountId, userId, this.nowMs()))) return false;
      if (user.role === 'owner' && (await repo.countActiveOwners(principal.accountId)) === 0) {
        throw new AppError('MEMBER_LAST_OWNER');
      }
      return true;
    });
    if (!removed) throw new AppError('MEMBER_NOT_FOUND', `No user with the id ${JSON.stringify(userId)} belongs to your account`, { userId });
    await this.d.sessions.revokeAllOfUser(userId);
    await this.d.apiKeys.revokeAllOfUser(userId);
    this.forgetUser(userId);
    return (await this.repo.findUser(userId))!;
  }

  // ---- for the purchase path and other parts ----

  /** Throws ACCOUNT_SUSPENDED, USER_DISABLED, ACCOUNT_EMAIL_UNVERIFIED or ACCOUNT_ADDRESS_MISSING (in that order); cached for a few seconds. */
  async checkReadyToBuy(principal: Principal): Promise<void> {
    const { missing } = await this.readiness(principal);
    const first = missing[0];
    if (first !== undefined) throw new AppError(first, undefined, { missing });
  }

  /** Whether the principal may buy, and what is missing (cached for a few seconds). */
  async readiness(principal: Principal): Promise<Readiness> {
    const key = `${principal.accountId}\u0000${principal.userId}`;
    const now = this.nowMs();
    const cached = this.readyCache.get(key);
    if (cached !== undefined && cached.untilMs > now) return cached.value;
    const [account, user] = await Promise.all([this.repo.findAccount(principal.accountId), this.repo.findUser(principal.userId, principal.accountId)]);
    if (account === null) throw new AppError('ACCOUNT_NOT_FOUND');
    const value = user === null ? { ready: false, missing: ['USER_DISABLED' as ErrorCode] } : this.readinessOf(account, user);
    if (this.cacheMs > 0) this.readyCache.set(key, { value, untilMs: now + this.cacheMs });
    return value;
  }

  /** The account's name and address, for receipts (ACCOUNT_NOT_FOUND). */
  async accountInfo(accountId: string): Promise<AccountInfo> {
    const a = await this.requireAccount(accountId);
    return { id: a.id, name: a.name, address: a.address };
  }

  /** The email addresses of the account's owners (for billing's low-balance warning). */
  emailsOfOwners(accountId: string): Promise<string[]> {
    return this.repo.ownerEmails(accountId);
  }

  /** The account and role of a user (cached for a few seconds), for authenticating API keys. */
  async userAccess(userId: string): Promise<UserAccess> {
    const now = this.nowMs();
    const cached = this.accessCache.get(userId);
    if (cached !== undefined && cached.untilMs > now) return cached.value;
    const user = await this.repo.findUser(userId);
    if (user === null) throw new AppError('USER_DISABLED');
    const value: UserAccess = { accountId: user.accountId, role: user.role, disabled: user.disabledAtMs !== null };
    if (this.cacheMs > 0) {
      if (this.accessCache.size >= 10_000) this.accessCache.clear();
      this.accessCache.set(userId, { value, untilMs: now + this.cacheMs });
    }
    return value;
  }

  /** Drops what is cached about an account (after the operator changed it here). */
  forgetAccount(accountId: string): void {
    for (const k of this.readyCache.keys()) if (k.startsWith(`${accountId}\u0000`)) this.readyCache.delete(k);
  }

  // ---- internals ----

  private readinessOf(account: AccountRecord, user: UserRecord): Readiness {
    const missing: ErrorCode[] = [];
    if (account.status === 'suspended') missing.push('ACCOUNT_SUSPENDED');
    if (user.disabledAtMs !== null) missing.push('USER_DISABLED');
    if (user.emailVerifiedAtMs === null) missing.push('ACCOUNT_EMAIL_UNVERIFIED');
    if (account.address === null) missing.push('ACCOUNT_ADDRESS_MISSING');
    return { ready: missing.length === 0, missing };
  }

  private forgetUser(userId: string): void {
    this.accessCache.delete(userId);
    for (const k of this.readyCache.keys()) if (k.endsWith(`\u0000${userId}`)) this.readyCache.delete(k);
    this.d.sessions.forgetUser(userId);
  }

  private async requireAccount(accountId: string): Promise<AccountRecord> {
    const a = await this.repo.findAccount(accountId);
    if (a === null) throw new AppError('ACCOUNT_NOT_FOUND', `No account has the id ${JSON.stringify(accountId)}`, { accountId });
    return a;
  }

  /** Inserts a user and their hidden browser credential; EMAIL_TAKEN when the address is in use. */
  private async insertUserWithCredential(tx: Queryable, user: UserRecord, passwordHash: string | null): Promise<void> {
    try {
      await new AccountRepository(tx).insertUser({ ...user, passwordHash });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('EMAIL_TAKEN', `A user with the address ${user.email} already exists`, { field: 'email' });
      throw err;
    }
    // The secret is thrown away: this credential is only the idempotency scope of the user's sessions.
    await this.d.apiKeys.create('browser session', { accountId: user.accountId, userId: user.id }, 'browser', tx);
  }

  private async sendVerification(tx: Queryable, user: UserRecord): Promise<void> {
    const token = await this.issueToken(tx, user.id, 'verify', this.d.verifyTokenMs ?? 24 * HOUR);
    await this.d.outbox.send(verificationMail(user.email, token, this.baseUrl), tx);
  }

  private async sendInvitation(tx: Queryable, user: UserRecord, accountName: string): Promise<void> {
    const token = await this.issueToken(tx, user.id, 'invite', this.d.inviteTokenMs ?? 7 * 24 * HOUR);
    await this.d.outbox.send(invitationMail(user.email, accountName, token, this.baseUrl), tx);
  }

  private async issueToken(tx: Queryable, userId: string, purpose: EmailTokenPurpose, lifetimeMs: number): Promise<string> {
    const token = newToken();
    const now = this.nowMs();
    await new EmailTokenRepository(tx).insert(hashToken(token), { userId, purpose, createdAtMs: now, expiresAtMs: now + lifetimeMs });
    return token;
  }

  /** Uses a token once: EMAIL_TOKEN_INVALID (unknown, other purpose), EMAIL_TOKEN_EXPIRED, EMAIL_TOKEN_USED. */
  private async consumeToken(token: string, purpose: EmailTokenPurpose): Promise<string> {
    if (!looksLikeToken(token)) throw new AppError('EMAIL_TOKEN_INVALID', undefined, { field: 'token' });
    const hash = hashToken(token);
    const record = await this.tokens.find(hash);
    if (record === null || record.purpose !== purpose) throw new AppError('EMAIL_TOKEN_INVALID', undefined, { field: 'token' });
    if (record.usedAtMs !== null) throw new AppError('EMAIL_TOKEN_USED');
    const now = this.nowMs();
    if (now >= record.expiresAtMs) throw new AppError('EMAIL_TOKEN_EXPIRED');
    if (!(await this.tokens.use(hash, now))) throw new AppError('EMAIL_TOKEN_USED');
    return record.userId;
  }

  private inTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.d.db.transaction(fn);
  }
}
