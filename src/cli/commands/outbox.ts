import { Outbox } from '../../accounts/outbox.js';
import { resolveDatabaseUrl } from '../../system/process-env.js';
import { openDatabase } from '../../db/open-database.js';
import { WEB_MIGRATIONS } from '../../web/migrations.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, loadConfigFor } from '../data-dir.js';

const USAGE = `Usage: indicia outbox [--to EMAIL] [--json]

The mail the system would have sent (there is no mail server): verification links, invitations,
warnings. Newest first.

Options:
${DATA_DIR_HELP}
  --to EMAIL          only the mail to this address
  --limit N           at most N messages (default 20)
  --json              print JSON
`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('outbox', args, {
    ...DATA_DIR_OPTION,
    json: { type: 'boolean', default: false },
    to: { type: 'string' },
    limit: { type: 'string' },
  });
  const limit = values.limit === undefined ? 20 : Math.max(1, Math.min(1000, Number.parseInt(values.limit, 10) || 20));
  const config = loadConfigFor(values['data-dir'], io);
  const db = await openDatabase(resolveDatabaseUrl(config, config.vendorDatabaseUrl));
  try {
    await db.migrate(WEB_MIGRATIONS);
    const messages = await new Outbox(db).list({ ...(values.to ? { to: values.to } : {}), limit });
    if (values.json) {
      io.out(`${JSON.stringify({ messages: messages.map((m) => ({ ...m, createdAt: new Date(m.createdAtMs).toISOString() })) }, null, 2)}\n`);
    } else {
      for (const m of messages) io.out(`--- ${new Date(m.createdAtMs).toISOString()}  to ${m.to}  [${m.kind}]\nSubject: ${m.subject}\n\n${m.body}\n`);
      if (messages.length === 0) io.out('The outbox is empty.\n');
    }
    return 0;
  } finally {
    await db.close();
  }
}

/** `indicia outbox`: the mail the system would have sent. */
export const outboxCommand: CliCommand = { name: 'outbox', summary: 'show the mail the system would have sent (verification links, invitations)', usage: USAGE, run };
