// The system under test of the purchase section: a fresh installation in a temp data folder, started
// through startSystem() on free ports, with a deposit large enough that a fast run never exhausts it.
import { randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_INIT, type InitChoices } from '../../system/default-config.js';
import { initDataDir } from '../../system/init.js';
import { creditAccount, readDemoLogin, startSystem } from '../../system/start-system.js';
import { CONFIG_FILE } from '../../system/system-config.js';

/** One first-class letter of 740 mills ($0.74), the purchase every request of the section makes. */
export const PURCHASE_BODY = JSON.stringify({ stamps: [{ rateCategory: 1, postage: '850', originZip: '94107', destinationZip: '10001' }] });

/**
 * The authority's deposit for the run, in mills: $10,000,000, enough for 13 million purchases of $0.74
 * (the default $100,000 would run out after about 135,000, within a minute at the target rate).
 */
const BENCH_DEPOSIT_MILLS = '10000000000';

/** A started installation, as the section uses it. */
export interface BenchSystem {
  readonly webUrl: string;
  readonly apiKey: string;
  /** Process id of every server by name (web, authority, processing-1, …), as they are now. */
  readonly pids: Readonly<Record<string, number>>;
  /** The installation's shape: "3 processing servers × 4 PSDs, software crypto, SQLite". */
  readonly shape: string;
  stop(): Promise<void>;
}

/** Initialises `dataDir` on free loopback ports with a large deposit and starts every server. */
export async function startBenchSystem(dataDir: string, choices: Partial<Omit<InitChoices, 'dataDir' | 'basePort'>> = {}): Promise<BenchSystem> {
  const init = { ...DEFAULT_INIT, ...choices };
  const basePort = await findFreeBasePort(init.processingServers);
  initDataDir({ ...init, basePort, dataDir });
  const configPath = join(dataDir, CONFIG_FILE);
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { authority: { initialDepositMills: string } };
  config.authority.initialDepositMills = BENCH_DEPOSIT_MILLS;
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  const system = await startSystem({ dataDir });
  // The demo customer buys every purchase of the run: fund it like the deposit.
  const demo = readDemoLogin(system.config);
  if (demo === null) throw new Error(`${dataDir} has no demo customer to buy with`);
  await creditAccount(system.config, demo.accountId, BigInt(BENCH_DEPOSIT_MILLS), 'benchmark credit');
  return {
    webUrl: system.webUrl,
    apiKey: system.apiKey,
    get pids() {
      return system.supervisor.pids();
    },
    shape: `${init.processingServers} processing servers × ${init.psdsPerServer} PSDs, ${init.crypto} crypto, ${init.postgresUrl ? 'PostgreSQL' : 'SQLite'}`,
    stop: () => system.stop(),
  };
}

/**
 * Makes one purchase and checks the answer is a dispensed indicium (201, 117 bytes): a benchmark of
 * requests that fail fast would measure nothing.
 */
export async function checkPurchase(system: Pick<BenchSystem, 'webUrl' | 'apiKey'>): Promise<void> {
  const res = await fetch(`${system.webUrl}/v1/stamps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${system.apiKey}`, 'idempotency-key': `bench-check-${randomInt(2 ** 47)}`, 'content-type': 'application/json' },
    body: PURCHASE_BODY,
  });
  const text = await res.text();
  const indicium = res.status === 201 ? (JSON.parse(text) as { stamps?: { indicium?: string }[] }).stamps?.[0]?.indicium : undefined;
  if (indicium === undefined || Buffer.from(indicium, 'base64').length !== 117) {
    throw new Error(`The first purchase did not dispense a 117-byte indicium (HTTP ${res.status}): ${text.slice(0, 500)}`);
  }
}

/** The ports an installation uses: web at base, the authority at base+1, processing server n at base+10+n. */
function installationPorts(basePort: number, processingServers: number): number[] {
  return [basePort, basePort + 1, ...Array.from({ length: processingServers }, (_, i) => basePort + 11 + i)];
}

/** A base port whose every installation port is free on loopback now (another system may be running at 4400). */
async function findFreeBasePort(processingServers: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = randomInt(20_000, 60_000);
    const free = await Promise.all(installationPorts(base, processingServers).map(portIsFree));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free range of loopback ports found for the benchmark system after 20 tries');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
