// Billing: cards, the account's double-entry ledger, prepaid balance, top-ups, auto-refill, charges per
// purchase and automatic refunds (docs/customers.md). The lead wires BillingService into the purchase
// path and registerBillingRoutes into the web app.
export { BILLING_MIGRATION } from './billing.migration.js';
export {
  BillingService,
  type BalanceView,
  type BillingLogger,
  type BillingServiceOptions,
  type LedgerPage,
  type PaymentOf,
  type PaymentPlan,
  type RefillStatus,
  type SettingsView,
  type TopUpView,
} from './billing.service.js';
export { registerBillingRoutes, type BillingRouteDeps } from './billing.routes.js';
export type { Notifier } from './notifier.js';
export { SILENT_NOTIFIER } from './notifier.js';
export type { CardView, NewCardInput } from './card.service.js';
export type { LedgerAuditReport } from './ledger.repository.js';
export { DEFAULT_SETTINGS, MAX_TOPUP_MILLS, MIN_TOPUP_MILLS, type BillingSettings, type BillingMode } from './billing-settings.js';
