import { AppError } from '../../errors/app-error.js';
import { DEFAULT_INIT } from '../../system/default-config.js';
import { initDataDir } from '../../system/init.js';
import { provisionInstallation } from '../../system/provision-installation.js';
import { prepareSoftHsmTokens } from '../../system/softhsm-setup.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, resolveDataDir } from '../data-dir.js';

const USAGE = `Usage: indicia init [options]

Makes a new data folder: config.json (ports, database URLs, secrets), the master key that encrypts the
software module's private keys, and a folder per processing server; then starts the postal authority for
a moment to get the vendor's license number and to have every processing server's PSD keys (generated in
its cryptographic module) certified, and stores the PSDs in each server's ledger.

Options:
${DATA_DIR_HELP}
  --host ADDRESS        address every server listens on (default ${DEFAULT_INIT.host})
  --base-port N         web server port; authority N+1, processing servers N+11… (default ${DEFAULT_INIT.basePort})
  --servers N           number of processing servers (default ${DEFAULT_INIT.processingServers})
  --psds N              PSD resources per processing server (default ${DEFAULT_INIT.psdsPerServer})
  --crypto KIND         software (default) or pkcs11 (a SoftHSM2 token per server)
  --postgres URL        keep every database in PostgreSQL at URL (a schema per server) instead of SQLite
`;

function positiveInt(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new AppError('INVALID_ARGUMENT', `--${name} must be a whole number from 1 to ${max}, got ${text}`);
  return n;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    'init',
    args,
    {
      ...DATA_DIR_OPTION,
      host: { type: 'string' },
      'base-port': { type: 'string' },
      servers: { type: 'string' },
      psds: { type: 'string' },
      crypto: { type: 'string' },
      postgres: { type: 'string' },
    },
    false,
  );
  const crypto = values.crypto ?? 'software';
  if (crypto !== 'software' && crypto !== 'pkcs11') throw new AppError('INVALID_ARGUMENT', `--crypto must be software or pkcs11, got ${crypto}`);
  const config = initDataDir({
    dataDir: resolveDataDir(values['data-dir'], io),
    host: values.host ?? DEFAULT_INIT.host,
    basePort: positiveInt('base-port', values['base-port'], DEFAULT_INIT.basePort, 65_000),
    processingServers: positiveInt('servers', values.servers, DEFAULT_INIT.processingServers, 32),
    psdsPerServer: positiveInt('psds', values.psds, DEFAULT_INIT.psdsPerServer, 64),
    crypto,
    ...(values.postgres ? { postgresUrl: values.postgres } : {}),
  });
  io.out(`initialised ${config.dataDir}: ${config.processing.length} processing servers, web on port ${config.web.port}\n`);
  await prepareSoftHsmTokens(config, (line) => io.out(`${line}\n`));
  const provisioned = await provisionInstallation(config, (line) => io.out(`${line}\n`));
  io.out(`license ${provisioned.licenseNumber}; ${provisioned.servers.reduce((n, s) => n + s.psdIds.length, 0)} PSDs provisioned\n`);
  io.out('start it with: indicia start' + (values['data-dir'] ? ` --data-dir ${values['data-dir']}` : '') + '\n');
  return 0;
}

/** `indicia init`: makes a new data folder. */
export const initCommand: CliCommand = { name: 'init', summary: 'make a new data folder (config, master key)', usage: USAGE, run };
