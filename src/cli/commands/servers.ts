import { AppError } from '../../errors/app-error.js';
import { resolveDatabaseUrl } from '../../system/process-env.js';
import { openWebAdmin } from '../../web/admin.js';
import type { ProcessingServerRecord } from '../../web/processing-server.repository.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, loadConfigFor } from '../data-dir.js';

const USAGE = `Usage: indicia servers <list|add|remove|drain|enable> [options]

Manages the list of processing servers the web server hands purchases to (kept in the vendor database).

  indicia servers list               every server: state, health, round-robin position
  indicia servers add NAME URL       adds a server (e.g. http://127.0.0.1:4414); it takes purchases once healthy
  indicia servers drain NAME         takes no new purchases; purchases in flight finish
  indicia servers enable NAME        takes purchases again after a drain
  indicia servers remove NAME        removes it from the list (its stamps stay where they are)

Options:
${DATA_DIR_HELP}
  --json              print JSON

Running web servers pick up a change at their next health check (within a second by default).
`;

function row(s: ProcessingServerRecord): string {
  const health = s.healthy ? 'up' : 'down';
  const checked = s.lastHealthCheckAtMs === null ? 'never checked' : `checked ${new Date(s.lastHealthCheckAtMs).toISOString()}`;
  return `${s.name.padEnd(16)} ${s.state.padEnd(9)} ${health.padEnd(5)} ${s.url.padEnd(28)} position ${s.position}, ${checked}`;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('servers', args, { ...DATA_DIR_OPTION, json: { type: 'boolean', default: false } });
  const [verb, ...rest] = positionals;
  const config = loadConfigFor(values['data-dir'], io);
  const admin = await openWebAdmin(resolveDatabaseUrl(config, config.vendorDatabaseUrl));
  try {
    let result: ProcessingServerRecord | ProcessingServerRecord[];
    switch (verb) {
      case 'list':
        result = await admin.servers.list();
        break;
      case 'add': {
        const [name, url] = rest;
        if (!name || !url) throw new AppError('INVALID_ARGUMENT', 'indicia servers add needs NAME and URL; run indicia help servers');
        result = await admin.servers.add(name, url);
        break;
      }
      case 'drain':
      case 'enable':
      case 'remove': {
        const [name] = rest;
        if (!name) throw new AppError('INVALID_ARGUMENT', `indicia servers ${verb} needs the server's NAME or id`);
        result = await admin.servers[verb](name);
        break;
      }
      default:
        throw new AppError('INVALID_ARGUMENT', `indicia servers needs one of list, add, remove, drain, enable (got ${verb ?? 'nothing'})`);
    }
    const list = Array.isArray(result) ? result : [result];
    if (values.json) io.out(`${JSON.stringify(Array.isArray(result) ? { servers: list } : result, null, 2)}\n`);
    else if (list.length === 0) io.out('no processing servers; add one with indicia servers add NAME URL\n');
    else for (const s of list) io.out(`${row(s)}\n`);
    return 0;
  } finally {
    await admin.close();
  }
}

/** `indicia servers`: the operator's list of processing servers. */
export const serversCommand: CliCommand = { name: 'servers', summary: 'list, add, remove, drain or enable processing servers', usage: USAGE, run };
