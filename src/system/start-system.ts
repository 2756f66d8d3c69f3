import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { AccountAdmin } from '../accounts/account-admin.js';
import { BillingService } from '../billing/billing.service.js';
import type { Database } from '../db/database.js';
import { UNCONFIGURED_GATEWAY } from '../payment/unconfigured-gateway.js';
import { join } from 'node:path';
import { openWebAdmin } from '../web/admin.js';
import { bootstrapFromAuthority, LICENSE_FILE, writeLicenseFile } from './authority-bootstrap.js';
import { DEFAULT_INIT, type InitChoices } from './default-config.js';
import { initDataDir } from './init.js';
import { prepareSoftHsmTokens } from './softhsm-setup.js';
import { resolveDatabaseUrl, serverUrl, type AuthorityFacts } from './process-env.js';
import { authoritySpec, paymentSimulatorSpec, processingSpec, webSpec } from './server-specs.js';
import { Supervisor } from './supervisor.js';
import { CONFIG_FILE, dataPath, loadSystemConfig, type SystemConfig } from './system-config.js';

/** A running installation. */
export interface StartedSystem {
  readonly config: SystemConfig;
  readonly webUrl: string;
  readonly authorityUrl: string;
  readonly processingUrls: Readonly<Record<string, string>>;
  readonly licenseNumber: number;
  /** The API key made at first start (kept in DATA_DIR/api-key.txt, mode 0600). */
  readonly apiKey: string;
  readonly supervisor: Supervisor;
  /** Stops every server (SIGTERM, then SIGKILL after the grace period). */
  stop(): Promise<void>;
}

/** Options of startSystem. */
export interface StartOptions {
  readonly dataDir: string;
  /** Used to initialise the data folder when it has no config.json yet. */
  readonly init?: Partial<Omit<InitChoices, 'dataDir'>>;
  /** Progress lines ("authority ready at …"). */
  readonly log?: (line: string) => void;
}

/** Name of the file that keeps the first API key for the operator. */
export const API_KEY_FILE = 'api-key.txt';
/** Name of the file that keeps the demo customer's email and password (for the browser). */
export const DEMO_LOGIN_FILE = 'demo-login.json';
/** What the demo customer starts with: an operator credit of US$1,000 of prepaid postage. */
const DEMO_CREDIT_MILLS = 1_000_000n;

/**
 * The embedded system's first customer, so that `npm start` can be tried at once: an account with a
 * verified owner and a postal address, US$1,000 of prepaid postage credited by the operator, and an API key.
 * Its login is kept in DATA_DIR/demo-login.json (mode 0600). Returns the API key's secret.
 */
async function createDemoAccount(db: Database, loginFile: string): Promise<string> {
  const accounts = new AccountAdmin(db);
  const email = 'demo@example.com';
  const password = randomBytes(12).toString('base64url');
  const { account, user } = await accounts.createAccount({
    name: 'Demo customer',
    ownerEmail: email,
    password,
    emailVerified: true,
    address: { name: 'Demo customer', street: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94105' },
  });
  await new BillingService({ db, gateway: UNCONFIGURED_GATEWAY }).creditPromotion(account.id, DEMO_CREDIT_MILLS, 'Welcome credit of the demo installation');
  writeFileSync(loginFile, `${JSON.stringify({ email, password, accountId: account.id }, null, 2)}\n`, { mode: 0o600 });
  const key = await accounts.apiKeys.create('default', { accountId: account.id, userId: user.id });
  return key.secret;
}

async function registerServersAndKey(config: SystemConfig): Promise<string> {
  const admin = await openWebAdmin(resolveDatabaseUrl(config, config.vendorDatabaseUrl));
  try {
    const known = await admin.servers.list({ includeRemoved: true });
    for (const p of config.processing) {
      if (!known.some((s) => s.name === p.id)) await admin.servers.add(p.id, serverUrl(config, p.port));
    }
    const keyFile = dataPath(config, API_KEY_FILE);
    if (existsSync(keyFile)) return readFileSync(keyFile, 'utf8').trim();
    const secret = await createDemoAccount(admin.db, dataPath(config, DEMO_LOGIN_FILE));
    writeFileSync(keyFile, `${secret}\n`, { mode: 0o600 });
    return secret;
  } finally {
    await admin.close();
  }
}

/**
 * Credits `mills` of prepaid postage to an account of the installation (an operator credit in the account
 * ledger: promotion → balance). The benchmark funds the demo customer with it.
 */
export async function creditAccount(config: SystemConfig, accountId: string, mills: bigint, memo: string): Promise<void> {
  const admin = await openWebAdmin(resolveDatabaseUrl(config, config.vendorDatabaseUrl));
  try {
    await new BillingService({ db: admin.db, gateway: UNCONFIGURED_GATEWAY }).creditPromotion(accountId, mills, memo);
  } finally {
    await admin.close();
  }
}

/** The demo customer's login of an installation (DATA_DIR/demo-login.json); null for one made before it existed. */
export function readDemoLogin(config: SystemConfig): { readonly email: string; readonly password: string; readonly accountId: string } | null {
  const file = dataPath(config, DEMO_LOGIN_FILE);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as { email: string; password: string; accountId: string };
}

/** Starts the authority under `supervisor` and learns the license number and its key from it. */
export async function startAuthority(config: SystemConfig, supervisor: Supervisor, log: (line: string) => void): Promise<AuthorityFacts> {
  const authorityUrl = serverUrl(config, config.authority.port);
  await supervisor.start(authoritySpec(config));
  log(`postal authority ready at ${authorityUrl}`);
  const facts = await bootstrapFromAuthority(authorityUrl, config.authority.vendorToken, dataPath(config, 'authority/authority-public.pem'));
  writeLicenseFile(dataPath(config, LICENSE_FILE), facts);
  log(`license number ${facts.licenseNumber}`);
  return facts;
}

/**
 * Starts a whole installation on one machine: initialises the data folder if needed, starts the postal
 * authority, learns the license number and authority key from it, starts the processing servers (each
 * provisions any PSDs it still lacks with the authority), registers them in the vendor database, makes
 * the first API key, and starts the web server. Every server is a child process under a Supervisor.
 */
export async function startSystem(options: StartOptions): Promise<StartedSystem> {
  const log = options.log ?? (() => {});
  if (!existsSync(join(options.dataDir, CONFIG_FILE))) {
    initDataDir({ ...DEFAULT_INIT, ...options.init, dataDir: options.dataDir });
    log(`initialised ${options.dataDir}`);
  }
  const config = loadSystemConfig(options.dataDir);
  await prepareSoftHsmTokens(config, log);
  const supervisor = new Supervisor(dataPath(config, 'run/pids.json'), log);
  try {
    const facts = await startAuthority(config, supervisor, log);
    const processingUrls: Record<string, string> = {};
    await Promise.all(
      config.processing.map(async (p) => {
        await supervisor.start(processingSpec(config, p, facts));
        processingUrls[p.id] = serverUrl(config, p.port);
        log(`${p.id} ready at ${processingUrls[p.id]} with ${p.psdCount} PSDs`);
      }),
    );
    if (config.payment?.kind === 'simulator') {
      await supervisor.start(paymentSimulatorSpec(config));
      log(`payment simulator (card gateway in test mode) ready at ${serverUrl(config, config.payment.port ?? 0)}`);
    }
    const apiKey = await registerServersAndKey(config);
    const webUrl = serverUrl(config, config.web.port);
    await supervisor.start(webSpec(config, facts));
    log(`web server ready at ${webUrl}`);
    const authorityUrl = facts.url;
    return { config, webUrl, authorityUrl, processingUrls, licenseNumber: facts.licenseNumber, apiKey, supervisor, stop: () => supervisor.stopAll() };
  } catch (err) {
    await supervisor.stopAll(2_000);
    throw err;
  }
}
