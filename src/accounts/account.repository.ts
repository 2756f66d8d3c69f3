// Every read and write of the accounts and users tables. Queries about users take the account id
// whenever the caller acts inside an account, so that one account can never reach another's rows.
import type { Queryable, Row } from '../db/database.js';
import { asBigInt, asString, orNull } from '../db/row-values.js';
import type { PostalAddress } from './address.js';
import type { Role } from './principal.js';

/** Whether an account may buy. */
export type AccountStatus = 'active' | 'suspended';

/** An account as stored. */
export interface AccountRecord {
  readonly id: string;
  readonly name: string;
  readonly status: AccountStatus;
  readonly address: PostalAddress | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** A user as stored (the password hash only where a caller needs it). */
export interface UserRecord {
  readonly id: string;
  readonly accountId: string;
  readonly email: string;
  readonly role: Role;
  readonly emailVerifiedAtMs: number | null;
  readonly disabledAtMs: number | null;
  readonly createdAtMs: number;
  /** True once the user has chosen a password (false for an invitation not yet accepted). */
  readonly hasPassword: boolean;
}

const ACCOUNT_COLUMNS = 'id, name, status, address_name, address_street, address_city, address_state, address_zip5, address_zip4, created_at_ms, updated_at_ms';
const USER_COLUMNS = 'id, account_id, email, role, email_verified_at_ms, disabled_at_ms, created_at_ms, password_hash';

const num = (v: unknown, c: string): number => Number(asBigInt(v, c));
const numOrNull = (v: unknown, c: string): number | null => {
  const b = orNull(asBigInt)(v, c);
  return b === null ? null : Number(b);
};

function toAccount(row: Row): AccountRecord {
  const state = orNull(asString)(row.address_state, 'accounts.address_state');
  return {
    id: asString(row.id, 'accounts.id'),
    name: asString(row.name, 'accounts.name'),
    status: asString(row.status, 'accounts.status') as AccountStatus,
    address:
      state === null
        ? null
        : {
            name: asString(row.address_name, 'accounts.address_name'),
            street: asString(row.address_street, 'accounts.address_street'),
            city: asString(row.address_city, 'accounts.address_city'),
            state,
            zip5: asString(row.address_zip5, 'accounts.address_zip5'),
            zip4: orNull(asString)(row.address_zip4, 'accounts.address_zip4'),
          },
    createdAtMs: num(row.created_at_ms, 'accounts.created_at_ms'),
    updatedAtMs: num(row.updated_at_ms, 'accounts.updated_at_ms'),
  };
}

function toUser(row: Row): UserRecord {
  return {
    id: asString(row.id, 'users.id'),
    accountId: asString(row.account_id, 'users.account_id'),
    email: asString(row.email, 'users.email'),
    role: asString(row.role, 'users.role') as Role,
    emailVerifiedAtMs: numOrNull(row.email_verified_at_ms, 'users.email_verified_at_ms'),
    disabledAtMs: numOrNull(row.disabled_at_ms, 'users.disabled_at_ms'),
    createdAtMs: num(row.created_at_ms, 'users.created_at_ms'),
    hasPassword: row.password_hash !== null && row.password_hash !== undefined,
  };
}

/** Reads and writes accounts and users. */
export class AccountRepository {
  constructor(private readonly db: Queryable) {}

  /** Stores a new account. */
  async insertAccount(a: AccountRecord): Promise<void> {
    const ad = a.address;
    await this.db.execute(
      `INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [a.id, a.name, a.status, ad?.name ?? null, ad?.street ?? null, ad?.city ?? null, ad?.state ?? null, ad?.zip5 ?? null, ad?.zip4 ?? null, a.createdAtMs, a.updatedAtMs],
    );
  }

  /** Stores a new user; a unique violation on email surfaces as the driver's constraint error. */
  async insertUser(u: Omit<UserRecord, 'hasPassword'> & { readonly passwordHash: string | null }): Promise<void> {
    await this.db.execute(
      'INSERT INTO users (id, account_id, email, password_hash, role, email_verified_at_ms, disabled_at_ms, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [u.id, u.accountId, u.email, u.passwordHash, u.role, u.emailVerifiedAtMs, u.disabledAtMs, u.createdAtMs],
    );
  }

  /** The account, or null. */
  async findAccount(id: string): Promise<AccountRecord | null> {
    const rows = await this.db.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`, [id]);
    return rows[0] === undefined ? null : toAccount(rows[0]);
  }

  /** Every account, oldest first. */
  async listAccounts(): Promise<AccountRecord[]> {
    return (await this.db.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY created_at_ms, id`)).map(toAccount);
  }

  /** Sets the postal address. */
  async setAddress(accountId: string, a: PostalAddress, nowMs: number): Promise<void> {
    await this.db.execute(
      'UPDATE accounts SET address_name = ?, address_street = ?, address_city = ?, address_state = ?, address_zip5 = ?, address_zip4 = ?, updated_at_ms = ? WHERE id = ?',
      [a.name, a.street, a.city, a.state, a.zip5, a.zip4, nowMs, accountId],
    );
  }

  /** Sets the status; false when no such account. */
  async setStatus(accountId: string, status: AccountStatus, nowMs: number): Promise<boolean> {
    const { changes } = await this.db.execute('UPDATE accounts SET status = ?, updated_at_ms = ? WHERE id = ?', [status, nowMs, accountId]);
    return changes > 0;
  }

  /** The user with that (lower-case) email and their password hash, or null. */
  async findUserByEmail(email: string): Promise<{ user: UserRecord; passwordHash: string | null } | null> {
    const rows = await this.db.query(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`, [email]);
    const row = rows[0];
    return row === undefined ? null : { user: toUser(row), passwordHash: orNull(asString)(row.password_hash, 'users.password_hash') };
  }

  /** The user, or null; with `accountId`, only a user of that account. */
  async findUser(userId: string, accountId?: string): Promise<UserRecord | null> {
    const rows =
      accountId === undefined
        ? await this.db.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, [userId])
        : await this.db.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = ? AND account_id = ?`, [userId, accountId]);
    return rows[0] === undefined ? null : toUser(rows[0]);
  }

  /** The users of an account, oldest first. */
  async listUsers(accountId: string): Promise<UserRecord[]> {
    return (await this.db.query(`SELECT ${USER_COLUMNS} FROM users WHERE account_id = ? ORDER BY created_at_ms, id`, [accountId])).map(toUser);
  }

  /** Emails of the account's active owners, oldest owner first. */
  async ownerEmails(accountId: string): Promise<string[]> {
    const rows = await this.db.query("SELECT email FROM users WHERE account_id = ? AND role = 'owner' AND disabled_at_ms IS NULL ORDER BY created_at_ms, id", [accountId]);
    return rows.map((r) => asString(r.email, 'users.email'));
  }

  /** How many active owners the account has. */
  async countActiveOwners(accountId: string): Promise<number> {
    const rows = await this.db.query("SELECT COUNT(*) AS n FROM users WHERE account_id = ? AND role = 'owner' AND disabled_at_ms IS NULL", [accountId]);
    return num(rows[0]?.n ?? 0n, 'count');
  }

  /** Marks the email verified (keeping the first time); false when no such user. */
  async markEmailVerified(userId: string, nowMs: number): Promise<boolean> {
    const { changes } = await this.db.execute('UPDATE users SET email_verified_at_ms = COALESCE(email_verified_at_ms, ?) WHERE id = ?', [nowMs, userId]);
    return changes > 0;
  }

  /** Sets the password hash. */
  async setPasswordHash(userId: string, hash: string): Promise<void> {
    await this.db.execute('UPDATE users SET password_hash = ? WHERE id = ?', [hash, userId]);
  }

  /** Disables a user of the account; false when no such active user. */
  async disableUser(accountId: string, userId: string, nowMs: number): Promise<boolean> {
    const { changes } = await this.db.execute('UPDATE users SET disabled_at_ms = ? WHERE id = ? AND account_id = ? AND disabled_at_ms IS NULL', [nowMs, userId, accountId]);
    return changes > 0;
  }
}
