import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AppError } from '../errors/app-error.js';

/**
 * The configuration of a whole vendor installation on one machine: the postal authority (in a real
 * deployment a different party, here started beside the vendor for a self-contained system), the
 * processing servers and the web server. `indicia init` writes it to DATA_DIR/config.json; every
 * process of `indicia start` reads the same file, picks its own section, validates it once and freezes it.
 * Paths inside are relative to the data folder. Units are in the names.
 */
export interface SystemConfig {
  readonly dataDir: string;
  /** Address every server listens on; loopback by default. */
  readonly host: string;
  /** Release of the vendor software written into every indicium (spec §2, bytes 51–52). */
  readonly softwareId: number;
  /** Shared secret between the web server and the processing servers. */
  readonly internalToken: string;
  /** Database for the vendor's web server and, when it is PostgreSQL, for every vendor process. */
  readonly vendorDatabaseUrl: string;
  readonly authority: {
    readonly port: number;
    readonly databaseUrl: string;
    /** Bearer token the vendor presents to the authority. */
    readonly vendorToken: string;
    /** Bearer token of the authority's operator (funding the deposit). */
    readonly operatorToken: string;
    /** The deposit the demo installation funds at first start, in mills (decimal string). */
    readonly initialDepositMills: string;
  };
  readonly web: {
    readonly port: number;
    readonly dispatchTimeoutMs: number;
    readonly healthIntervalMs: number;
    /** Token that opens the operator console (/operator); absent in installations made before it existed. */
    readonly operatorToken?: string;
  };
  /**
   * The card gateway the web server charges. The embedded system runs the payment simulator (test mode of
   * a card gateway) on loopback; a real installation names its gateway's URL and key instead.
   */
  readonly payment?: {
    /** "simulator" runs src/payment/simulator on `port`; "external" uses `url`. */
    readonly kind: 'simulator' | 'external';
    readonly port?: number;
    readonly url?: string;
    readonly secretKey: string;
  };
  readonly ledger: {
    readonly autoReset: boolean;
    /** A PSD whose descending register falls below this is reset (mills, decimal string). */
    readonly resetThresholdMills: string;
    /** Amount of each automatic reset (mills, decimal string). */
    readonly resetAmountMills: string;
    readonly inspectionPeriodDays: number;
  };
  readonly processing: readonly ProcessingServerConfig[];
}

/** One processing server of this installation. */
export interface ProcessingServerConfig {
  /** Stable name, also the folder under the data directory. */
  readonly id: string;
  readonly port: number;
  /** Its own database (a SQLite file of its own by default; a shared PostgreSQL in deployments). */
  readonly databaseUrl: string;
  /** How many PSD resources it holds. */
  readonly psdCount: number;
  readonly crypto:
    | { readonly kind: 'software'; readonly keyStoreDir: string; readonly masterKeyFile: string }
    | { readonly kind: 'pkcs11'; readonly libraryPath: string; readonly tokenLabel: string; readonly pinFile: string };
}

/** Name of the configuration file inside the data folder. */
export const CONFIG_FILE = 'config.json';

function fail(detail: string): never {
  throw new AppError('CONFIG_INVALID', detail);
}

function checkPort(name: string, port: unknown): void {
  if (!Number.isInteger(port) || (port as number) < 0 || (port as number) > 65535) fail(`${name} must be a port number 0..65535, got ${String(port)}`);
}

function checkMills(name: string, value: unknown): void {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) fail(`${name} must be a decimal string of mills, got ${JSON.stringify(value)}`);
}

/** Validates a parsed configuration; every problem found is reported at once. */
export function validateSystemConfig(raw: unknown, dataDir: string): SystemConfig {
  const problems: string[] = [];
  const collect = (f: () => void) => {
    try {
      f();
    } catch (err) {
      problems.push(err instanceof AppError ? err.message.split('. ')[0]! : String(err));
    }
  };
  const c = raw as SystemConfig;
  if (typeof raw !== 'object' || raw === null) fail('config.json must hold a JSON object');
  collect(() => { if (typeof c.host !== 'string' || c.host === '') fail('host must be a host name or address'); });
  collect(() => { if (!Number.isInteger(c.softwareId) || c.softwareId < 0 || c.softwareId > 65535) fail('softwareId must be 0..65535'); });
  collect(() => { if (typeof c.internalToken !== 'string' || c.internalToken.length < 32) fail('internalToken must be at least 32 characters'); });
  collect(() => { if (typeof c.vendorDatabaseUrl !== 'string') fail('vendorDatabaseUrl must be a database URL'); });
  collect(() => checkPort('authority.port', c.authority?.port));
  collect(() => { if (typeof c.authority?.vendorToken !== 'string' || c.authority.vendorToken.length < 32) fail('authority.vendorToken must be at least 32 characters'); });
  collect(() => { if (typeof c.authority?.operatorToken !== 'string' || c.authority.operatorToken.length < 32) fail('authority.operatorToken must be at least 32 characters'); });
  collect(() => checkMills('authority.initialDepositMills', c.authority?.initialDepositMills));
  collect(() => checkPort('web.port', c.web?.port));
  collect(() => { if (!(c.web?.dispatchTimeoutMs > 0)) fail('web.dispatchTimeoutMs must be a positive number of milliseconds'); });
  collect(() => { if (!(c.web?.healthIntervalMs > 0)) fail('web.healthIntervalMs must be a positive number of milliseconds'); });
  collect(() => {
    if (c.web?.operatorToken !== undefined && (typeof c.web.operatorToken !== 'string' || c.web.operatorToken.length < 32)) fail('web.operatorToken must be at least 32 characters');
  });
  collect(() => {
    const p = c.payment;
    if (p === undefined) return;
    if (p.kind !== 'simulator' && p.kind !== 'external') fail('payment.kind must be "simulator" or "external"');
    if (p.kind === 'simulator') checkPort('payment.port', p.port);
    if (p.kind === 'external' && (typeof p.url !== 'string' || !/^https?:\/\//.test(p.url))) fail('payment.url must be the gateway\'s http(s) URL');
    if (typeof p.secretKey !== 'string' || p.secretKey.length < 16) fail('payment.secretKey must be at least 16 characters');
  });
  collect(() => checkMills('ledger.resetThresholdMills', c.ledger?.resetThresholdMills));
  collect(() => checkMills('ledger.resetAmountMills', c.ledger?.resetAmountMills));
  collect(() => { if (!(Number.isInteger(c.ledger?.inspectionPeriodDays) && c.ledger.inspectionPeriodDays > 0)) fail('ledger.inspectionPeriodDays must be a positive whole number'); });
  collect(() => { if (!Array.isArray(c.processing) || c.processing.length === 0) fail('processing must list at least one processing server'); });
  const ids = new Set<string>();
  for (const [i, p] of (Array.isArray(c.processing) ? c.processing : []).entries()) {
    collect(() => { if (typeof p.id !== 'string' || !/^[a-z0-9-]{1,40}$/.test(p.id)) fail(`processing[${i}].id must be lower-case letters, digits and hyphens`); });
    collect(() => { if (ids.has(p.id)) fail(`processing[${i}].id "${p.id}" is used twice`); });
    ids.add(p.id);
    collect(() => checkPort(`processing[${i}].port`, p.port));
    collect(() => { if (!(Number.isInteger(p.psdCount) && p.psdCount >= 1 && p.psdCount <= 64)) fail(`processing[${i}].psdCount must be 1..64`); });
    collect(() => { if (p.crypto?.kind !== 'software' && p.crypto?.kind !== 'pkcs11') fail(`processing[${i}].crypto.kind must be "software" or "pkcs11"`); });
  }
  if (problems.length > 0) throw new AppError('CONFIG_INVALID', `${join(dataDir, CONFIG_FILE)} is invalid: ${problems.join('; ')}`);
  return deepFreeze({ ...c, dataDir });
}

/** Reads and validates DATA_DIR/config.json. */
export function loadSystemConfig(dataDir: string): SystemConfig {
  const dir = resolve(dataDir);
  let text: string;
  try {
    text = readFileSync(join(dir, CONFIG_FILE), 'utf8');
  } catch {
    throw new AppError('CONFIG_INVALID', `no ${CONFIG_FILE} in ${dir}; run indicia init (or npm start, which runs it) first`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AppError('CONFIG_INVALID', `${join(dir, CONFIG_FILE)} is not valid JSON: ${(err as Error).message}`);
  }
  return validateSystemConfig(raw, dir);
}

/** Resolves a path of the configuration against the data folder. */
export function dataPath(config: Pick<SystemConfig, 'dataDir'>, path: string): string {
  return isAbsolute(path) ? path : join(config.dataDir, path);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
