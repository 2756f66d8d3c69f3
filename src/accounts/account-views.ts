// How accounts and users appear in API answers and operator output.
import { addressJson } from './address.js';
import type { AccountRecord, UserRecord } from './account.repository.js';

/** A user as the API shows it. */
export interface UserJson {
  id: string;
  email: string;
  role: string;
  /** 'active'; 'invited' (no password chosen yet); 'removed'. */
  status: 'active' | 'invited' | 'removed';
  emailVerified: boolean;
  createdAt: string;
}

/** An account as the API shows it. */
export interface AccountJson {
  id: string;
  name: string;
  status: string;
  address: ReturnType<typeof addressJson> | null;
  createdAt: string;
}

/** The API view of a user. */
export function userJson(u: UserRecord): UserJson {
  const status = u.disabledAtMs !== null ? 'removed' : u.hasPassword ? 'active' : 'invited';
  return { id: u.id, email: u.email, role: u.role, status, emailVerified: u.emailVerifiedAtMs !== null, createdAt: new Date(u.createdAtMs).toISOString() };
}

/** The API view of an account. */
export function accountJson(a: AccountRecord): AccountJson {
  return { id: a.id, name: a.name, status: a.status, address: a.address === null ? null : addressJson(a.address), createdAt: new Date(a.createdAtMs).toISOString() };
}
