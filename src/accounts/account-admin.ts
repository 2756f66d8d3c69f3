// The operator's side of accounts, over the web database (`openWebAdmin(...).db`): create accounts (the
// demo account of `indicia init`, tests), list and show them, verify an email by hand, suspend and
// reinstate. Running web servers notice changes within their caches (a few seconds).
import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { ApiKeyRecord } from '../web/api-key.repository.js';
import { ApiKeyRepository } from '../web/api-key.repository.js';
import { ApiKeyService } from '../web/api-key.service.js';
import { AccountRepository, type AccountRecord, type UserRecord } from './account.repository.js';
import { createAccountServices, type AccountServices } from './account-services.js';
import type { AddressInput } from './address.js';
import { normalizeEmail } from './email.js';
import { hashPassword, type ScryptParams } from './password.js';

/** What createAccount takes. */
export interface CreateAccountInput {
  readonly name: string;
  readonly ownerEmail: string;
  /** Without one, the owner gets an invitation email to choose a password. */
  readonly password?: string;
  readonly address?: AddressInput;
  /** Mark the owner's email verified (no verification email). */
  readonly emailVerified?: boolean;
}

/** An account with its users and keys, for `indicia accounts show`. */
export interface AccountDetails {
  readonly account: AccountRecord;
  readonly users: UserRecord[];
  readonly keys: ApiKeyRecord[];
}

/** Operator tasks on accounts. */
export class AccountAdmin {
  private readonly repo: AccountRepository;
  private readonly passwordParams: ScryptParams | undefined;
  readonly services: AccountServices;
  /** The key service the admin uses (no cache). */
  readonly apiKeys: ApiKeyService;

  constructor(
    db: Database,
    options: { nowMs?: () => number; passwordParams?: ScryptParams } = {},
  ) {
    this.repo = new AccountRepository(db);
    const apiKeys = new ApiKeyService(new ApiKeyRepository(db), { cacheMs: 0, ...(options.nowMs ? { nowMs: options.nowMs } : {}) });
    this.services = createAccountServices(db, apiKeys, { cacheMs: 0, session: { cacheMs: 0 }, ...options });
    this.apiKeys = apiKeys;
    this.passwordParams = options.passwordParams;
  }

  /** Creates an account and its owner. */
  async createAccount(input: CreateAccountInput): Promise<{ account: AccountRecord; user: UserRecord }> {
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password, this.passwordParams);
    return this.services.accounts.createAccountWithOwner({ name: input.name, ownerEmail: input.ownerEmail, passwordHash, address: input.address, emailVerified: input.emailVerified });
  }

  /** Every account, oldest first. */
  list(): Promise<AccountRecord[]> {
    return this.repo.listAccounts();
  }

  /** An account with its users and API keys (ACCOUNT_NOT_FOUND). */
  async show(accountId: string): Promise<AccountDetails> {
    const account = await this.require(accountId);
    const users = await this.repo.listUsers(accountId);
    const keys = await this.apiKeys.list({ accountId });
    return { account, users, keys };
  }

  /** Marks a user's email verified, by email address or user id. */
  async verifyEmail(emailOrUserId: string): Promise<UserRecord> {
    const user = emailOrUserId.includes('@') ? (await this.repo.findUserByEmail(normalizeEmail(emailOrUserId)))?.user : await this.repo.findUser(emailOrUserId);
    if (user === undefined || user === null) throw new AppError('MEMBER_NOT_FOUND', `No user has the email address or id ${JSON.stringify(emailOrUserId)}`, { user: emailOrUserId });
    await this.repo.markEmailVerified(user.id, Date.now());
    return (await this.repo.findUser(user.id))!;
  }

  /** Suspends an account: its users can log in and look, but not buy. */
  async suspend(accountId: string): Promise<AccountRecord> {
    return this.setStatus(accountId, 'suspended');
  }

  /** Lifts a suspension. */
  async reinstate(accountId: string): Promise<AccountRecord> {
    return this.setStatus(accountId, 'active');
  }

  private async setStatus(accountId: string, status: 'active' | 'suspended'): Promise<AccountRecord> {
    if (!(await this.repo.setStatus(accountId, status, Date.now()))) throw new AppError('ACCOUNT_NOT_FOUND', `No account has the id ${JSON.stringify(accountId)}`, { accountId });
    this.services.accounts.forgetAccount(accountId);
    return this.require(accountId);
  }

  private async require(accountId: string): Promise<AccountRecord> {
    const a = await this.repo.findAccount(accountId);
    if (a === null) throw new AppError('ACCOUNT_NOT_FOUND', `No account has the id ${JSON.stringify(accountId)}`, { accountId });
    return a;
  }
}
