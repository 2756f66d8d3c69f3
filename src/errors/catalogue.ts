/**
 * The one error catalogue. Every error a user or operator can cause has a stable code here, a kind
 * (which decides the HTTP status in one place, see http-status.ts), a message that says what went
 * wrong and a fix that says what to do. docs/errors.md is generated from this table
 * (`npm run docs:errors`) and a test keeps the two equal.
 *
 * Add codes in the section (src/errors/sections/) of the part of the system that raises them; never reuse or rename a code.
 */

export type { ErrorDefinition, ErrorKind, ErrorSection } from './error-definition.js';
import type { ErrorDefinition, ErrorSection } from './error-definition.js';
import { general, money, media, indicium, mailingDates, barcode, verifier } from './sections/core.js';
import { crypto, softhsm } from './sections/crypto.js';
import { database, ledger } from './sections/storage.js';
import { http, processing, webApi } from './sections/servers.js';
import { authority, authorityScanning, verifyPage, reports } from './sections/authority.js';
import { printing, cups, client } from './sections/printing.js';
import { rates, payment } from './sections/customers.js';
import { accountsErrors } from './sections/accounts.js';
import { billingErrors } from './sections/billing.js';
import { mediaRegistryErrors } from './sections/media-registry.js';
import { refundsErrors } from './sections/refunds.js';
import { historyErrors } from './sections/history.js';
import { webappErrors } from './sections/webapp.js';

/** Every section of the catalogue, in the order the documentation lists them. */
export const ERROR_SECTIONS: readonly ErrorSection[] = [
  { title: 'General', codes: general },
  { title: 'Money, dates, ZIP codes and rate categories', codes: money },
  { title: 'Media serial numbers', codes: media },
  { title: 'Indicium codec', codes: indicium },
  { title: 'Cryptographic modules', codes: crypto },
  { title: 'SoftHSM2 tokens', codes: softhsm },
  { title: 'Barcodes and input files', codes: barcode },
  { title: 'Verification', codes: verifier },
  { title: 'Dates of mailing', codes: mailingDates },
  { title: 'Database', codes: database },
  { title: 'PSD ledger', codes: ledger },
  { title: 'Processing servers', codes: processing },
  { title: 'HTTP requests', codes: http },
  { title: 'Postal authority', codes: authority },
  { title: 'Postal authority scanning', codes: authorityScanning },
  { title: 'Postal authority verification page', codes: verifyPage },
  { title: 'Transaction reports and reconciliation', codes: reports },
  { title: 'Web API (stamp purchases)', codes: webApi },
  { title: 'Printing', codes: printing },
  { title: 'Printing through CUPS', codes: cups },
  { title: 'Rates and postage', codes: rates },
  { title: 'Card payments', codes: payment },
  { title: 'Accounts, users and sessions', codes: accountsErrors },
  { title: 'Postage balance and account ledger', codes: billingErrors },
  { title: 'Media registry', codes: mediaRegistryErrors },
  { title: 'Stamp refunds', codes: refundsErrors },
  { title: 'Order history and receipts', codes: historyErrors },
  { title: 'Web app and operator console', codes: webappErrors },
  { title: 'Client library and user command line', codes: client },
];

/** The whole catalogue, keyed by code. */
export const ERRORS = {
  ...general,
  ...money,
  ...media,
  ...indicium,
  ...crypto,
  ...softhsm,
  ...barcode,
  ...verifier,
  ...mailingDates,
  ...database,
  ...ledger,
  ...processing,
  ...http,
  ...authority,
  ...authorityScanning,
  ...verifyPage,
  ...reports,
  ...webApi,
  ...printing,
  ...cups,
  ...rates,
  ...payment,
  ...accountsErrors,
  ...billingErrors,
  ...mediaRegistryErrors,
  ...refundsErrors,
  ...historyErrors,
  ...webappErrors,
  ...client,
} as const satisfies Record<string, ErrorDefinition>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERRORS;
