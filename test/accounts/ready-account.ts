// A test helper: an account that may buy (owner with a verified email, a valid address) and an API key
// of its owner, made through the operator's AccountAdmin over the test database.
import { AccountAdmin } from '../../src/accounts/account-admin.js';
import type { AddressInput } from '../../src/accounts/address.js';
import type { Database } from '../../src/db/database.js';

/** Fast scrypt parameters for tests (the stored hash records them, so verification works the same). */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 } as const;

/** A valid address in California. */
export const TEST_ADDRESS: AddressInput = { name: 'Ada Lovelace', street: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94105' };

/** What makeReadyAccount returns. */
export interface ReadyAccount {
  readonly accountId: string;
  readonly userId: string;
  readonly email: string;
  /** Bearer secret of an API key of the owner. */
  readonly apiKeySecret: string;
  /** The id of that API key (the credential of the principal). */
  readonly credentialId: string;
}

let counter = 0;

/** Makes an account ready to buy; `overrides` change the account's name, owner email, password or address. */
export async function makeReadyAccount(
  db: Database,
  overrides: { name?: string; ownerEmail?: string; password?: string; address?: AddressInput; emailVerified?: boolean } = {},
): Promise<ReadyAccount> {
  const admin = new AccountAdmin(db, { passwordParams: TEST_SCRYPT });
  counter += 1;
  const email = overrides.ownerEmail ?? `owner${counter}-${Date.now()}@example.com`;
  const { account, user } = await admin.createAccount({
    name: overrides.name ?? `Test account ${counter}`,
    ownerEmail: email,
    password: overrides.password ?? 'correct horse battery',
    address: overrides.address ?? TEST_ADDRESS,
    emailVerified: overrides.emailVerified ?? true,
  });
  const key = await admin.apiKeys.create('test key', { accountId: account.id, userId: user.id });
  return { accountId: account.id, userId: user.id, email: user.email, apiKeySecret: key.secret, credentialId: key.record.id };
}
