// A customer that can buy in tests: an account ready to buy (verified owner, address; see
// test/accounts/ready-account.ts) with prepaid postage credited by the operator, and its API key.
import { BillingService } from '../../src/billing/billing.service.js';
import type { Database } from '../../src/db/database.js';
import { UNCONFIGURED_GATEWAY } from '../../src/payment/unconfigured-gateway.js';
import { makeReadyAccount, type ReadyAccount } from '../accounts/ready-account.js';

/** US$10,000 of prepaid postage: more than any test here buys. */
export const TEST_CREDIT_MILLS = 10_000_000n;

/** Makes a ready account with `creditMills` of prepaid postage (operator credit). */
export async function makeFundedCustomer(db: Database, creditMills: bigint = TEST_CREDIT_MILLS, overrides: Parameters<typeof makeReadyAccount>[1] = {}): Promise<ReadyAccount> {
  const customer = await makeReadyAccount(db, overrides);
  if (creditMills > 0n) await new BillingService({ db, gateway: UNCONFIGURED_GATEWAY }).creditPromotion(customer.accountId, creditMills, 'test credit');
  return customer;
}
