// The web app (buildWebApp, which registers the customer pages through registerWebAppRoutes) on a fresh
// test database, for the customer pages' tests: fake processing servers by default, or any processing
// server URLs the test gives (a real in-process one for the printed-stamp test), and a card gateway.
import { onTestFinished } from 'vitest';
import type { PaymentGateway } from '../../src/payment/gateway-port.js';
import { defineWebConfig } from '../../src/web/config.js';
import { WEB_MIGRATIONS } from '../../src/web/migrations.js';
import { buildWebApp, type WebApp } from '../../src/web/web-app.js';
import { TEST_SCRYPT } from '../accounts/ready-account.js';
import type { OpenTestDatabase, TestDatabase } from '../helpers/dialects.js';
import { FakeProcessingServer } from '../web/helpers/fake-processing-server.js';
import { ensureWebappErrors } from './helpers/catalogue.js';

export const CUSTOMER_INTERNAL_TOKEN = 'customer-internal-token-0123456789';
export const CUSTOMER_LICENSE = 40001234;

/** A running app for the customer pages. */
export interface CustomerHarness {
  readonly app: WebApp;
  readonly db: TestDatabase;
  readonly fakes: readonly FakeProcessingServer[];
  /** http://127.0.0.1:PORT once listen() ran. */
  url: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** How the harness is built. */
export interface CustomerHarnessOptions {
  /** Processing servers to register instead of the fakes: name and base URL. */
  readonly servers?: readonly { readonly name: string; readonly url: string }[];
  readonly internalToken?: string;
  readonly licenseNumber?: number;
  readonly gateway?: PaymentGateway;
  readonly nowMs?: () => number;
}

/** Builds the app over a fresh database, registers the processing servers and runs one health round. */
export async function startCustomerHarness(open: OpenTestDatabase, options: CustomerHarnessOptions = {}): Promise<CustomerHarness> {
  ensureWebappErrors();
  const db = await open({ migrations: WEB_MIGRATIONS });
  const internalToken = options.internalToken ?? CUSTOMER_INTERNAL_TOKEN;
  const licenseNumber = options.licenseNumber ?? CUSTOMER_LICENSE;
  const config = defineWebConfig({ licenseNumber, internalToken, dispatchTimeoutMs: 5_000, lookupTimeoutMs: 5_000, healthTimeoutMs: 2_000, healthIntervalMs: 60_000 });
  const fakes: FakeProcessingServer[] = [];
  const built: { app?: WebApp } = {};
  const close = async (): Promise<void> => {
    await built.app?.close();
    await Promise.all(fakes.map((f) => f.close()));
  };
  try {
    onTestFinished(close);
  } catch {
    // Started in beforeAll: the caller closes it in afterAll.
  }
  const servers = options.servers ?? [];
  if (options.servers === undefined) {
    const fake = new FakeProcessingServer({ name: 'ps-a', psdId: 101, internalToken, licenseNumber });
    await fake.accept();
    fakes.push(fake);
  }
  const app = await buildWebApp({
    config,
    db,
    operator: null,
    vendorName: 'Test Postage',
    accounts: { passwordParams: TEST_SCRYPT },
    ...(options.gateway ? { gateway: options.gateway } : {}),
    ...(options.nowMs ? { nowMs: options.nowMs } : {}),
  });
  built.app = app;
  for (const s of servers) await app.web.registry.add(s.name, s.url);
  for (const f of fakes) await app.web.registry.add(f.options.name, f.url);
  await app.web.healthChecker.checkNow();
  const h: CustomerHarness = {
    app,
    db,
    fakes,
    url: '',
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      h.url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
      return h.url;
    },
    close,
  };
  return h;
}

/** The verification token of the last verification mail to `email`, from the outbox. */
export async function verificationToken(app: WebApp, email: string): Promise<string> {
  const mails = await app.web.customers.outbox.list({ to: email });
  const mail = mails.find((m) => m.kind === 'verify-email');
  const m = mail === undefined ? null : /verify-email\?token=([A-Za-z0-9_-]+)/.exec(mail.body);
  if (m === null) throw new Error(`no verification mail to ${email} in the outbox (${mails.length} mails)`);
  return m[1]!;
}
