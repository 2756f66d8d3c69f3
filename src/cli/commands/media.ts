import { AppError } from '../../errors/app-error.js';
import { mediaLayoutNames } from '../../media/media-layouts.js';
import { openMediaAdmin } from '../../media/media-admin.js';
import type { MediumRecord } from '../../media/media.repository.js';
import { mediumDetailView, operatorMediumView, type OperatorMediumView } from '../../media/media-view.js';
import { MAX_LIST_LIMIT } from '../../media/media.service.js';
import { resolveDatabaseUrl } from '../../system/process-env.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, loadConfigFor } from '../data-dir.js';

const USAGE = `Usage: indicia media <issue|list|show|void> [options]

The registered labels and sheets the vendor issues to accounts (spec §5): each carries a random
12-digit serial with a check digit, printed NNNN-NNNN-NNNN-C, and the stamps printed on it record
that serial and their slot. Purchases are refused on another account's or a voided medium.

  indicia media issue --account ID --layout NAME [--count N]
                                   issues N (1-1000, default 1) media to the account, prints their serials
  indicia media list [--account ID] [--layout NAME] [--free | --full]
                                   media of one account or of all, newest first
  indicia media show SERIAL        one medium with every slot: free, reserved or used, and by which stamp
  indicia media void SERIAL --reason TEXT
                                   no more stamps can be bought for its free slots (lost, stolen, damaged)

Layouts: ${mediaLayoutNames().join(', ')}

Options:
${DATA_DIR_HELP}
  --json              print JSON
`;

const OPTIONS = {
  ...DATA_DIR_OPTION,
  json: { type: 'boolean', default: false },
  account: { type: 'string' },
  layout: { type: 'string' },
  count: { type: 'string' },
  reason: { type: 'string' },
  free: { type: 'boolean', default: false },
  full: { type: 'boolean', default: false },
} as const;

function row(m: OperatorMediumView): string {
  const state = m.voided ? `VOIDED ${m.voidedAt} (${m.voidReason})` : `${m.freeSlots} of ${m.slotCount} free`;
  return `${m.serial}  ${m.layout.padEnd(13)} ${m.kind.padEnd(5)}  account ${m.accountId}  issued ${m.issuedAt}  ${state}`;
}

function parseCount(text: string | undefined): number {
  if (text === undefined) return 1;
  if (!/^\d{1,6}$/.test(text)) throw new AppError('MEDIA_ISSUE_COUNT_INVALID', `--count must be a whole number from 1 to 1000, not ${JSON.stringify(text)}`, { count: text });
  return Number(text);
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('media', args, OPTIONS);
  const [verb, arg] = positionals;
  if (!['issue', 'list', 'show', 'void'].includes(verb ?? '')) {
    throw new AppError('INVALID_ARGUMENT', `indicia media needs issue, list, show or void (got ${verb ?? 'nothing'})`);
  }
  const config = loadConfigFor(values['data-dir'], io);
  const handle = await openMediaAdmin(resolveDatabaseUrl(config, config.vendorDatabaseUrl));
  const print = (json: unknown, text: string) => io.out(values.json ? `${JSON.stringify(json, null, 2)}\n` : text);
  try {
    if (verb === 'issue') {
      if (!values.account) throw new AppError('INVALID_ARGUMENT', 'indicia media issue needs --account ID');
      if (!values.layout) throw new AppError('INVALID_ARGUMENT', `indicia media issue needs --layout NAME (${mediaLayoutNames().join(', ')})`);
      const issued = await handle.media.issue({ accountId: values.account, layout: values.layout, count: parseCount(values.count) });
      const media = issued.media.map(operatorMediumView);
      print({ batch: issued.batch, media }, `${media.map((m) => m.serial).join('\n')}\n`);
      return 0;
    }
    if (verb === 'list') {
      if (values.free && values.full) throw new AppError('INVALID_ARGUMENT', 'indicia media list takes --free or --full, not both');
      const all: MediumRecord[] = [];
      let cursor: string | undefined;
      // Every page: an operator's list is not paged on the terminal.
      do {
        const page = await handle.media.listForOperator({
          ...(values.account === undefined ? {} : { accountId: values.account }),
          ...(values.layout === undefined ? {} : { layout: values.layout }),
          ...(values.free ? { hasFreeSlots: true } : values.full ? { hasFreeSlots: false } : {}),
          ...(cursor === undefined ? {} : { cursor }),
          limit: MAX_LIST_LIMIT,
        });
        all.push(...page.media);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      const media = all.map(operatorMediumView);
      print({ media }, media.map((m) => `${row(m)}\n`).join(''));
      return 0;
    }
    if (!arg) throw new AppError('INVALID_ARGUMENT', `indicia media ${verb} needs the SERIAL (NNNN-NNNN-NNNN-C)`);
    if (verb === 'show') {
      const detail = await handle.media.getForOperator(arg);
      const view = { ...mediumDetailView(detail), accountId: detail.medium.accountId, issueBatch: detail.medium.issueBatch };
      const slots = view.slots.map((s) => `  slot ${String(s.slot).padStart(2)}  ${s.state.padEnd(8)} ${s.stampId ?? ''}\n`).join('');
      print(view, `${row(operatorMediumView(detail.medium))}\n${slots}`);
      return 0;
    }
    const voided = operatorMediumView(await handle.media.void(arg, values.reason ?? ''));
    print({ medium: voided }, `${row(voided)}\n`);
    return 0;
  } finally {
    await handle.close();
  }
}

/** `indicia media`: the operator's registry of labels and sheets. */
export const mediaCommand: CliCommand = { name: 'media', summary: 'issue, list, show or void registered labels and sheets', usage: USAGE, run };
