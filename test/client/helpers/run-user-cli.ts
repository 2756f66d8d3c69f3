// Runs the user verbs through runCli with captured output and a fresh config folder per test.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { onTestFinished } from 'vitest';
import { balanceCommand } from '../../../src/cli/commands/balance.js';
import { buyCommand } from '../../../src/cli/commands/buy.js';
import { cardsCommand } from '../../../src/cli/commands/cards.js';
import { loginCommand, logoutCommand } from '../../../src/cli/commands/login.js';
import { ordersCommand } from '../../../src/cli/commands/orders.js';
import { printCommand } from '../../../src/cli/commands/print.js';
import { refundCommand } from '../../../src/cli/commands/refund.js';
import { stampsCommand } from '../../../src/cli/commands/stamps.js';
import { topupCommand } from '../../../src/cli/commands/topup.js';
import type { CliIo } from '../../../src/cli/command.js';
import type { JournalEntry } from '../../../src/cli/user/journal.js';
import { runCli } from '../../../src/cli/run-cli.js';

/** The user verbs, as the lead registers them in src/cli/commands/index.ts. */
export const USER_COMMANDS = [loginCommand, logoutCommand, buyCommand, stampsCommand, printCommand, balanceCommand, topupCommand, cardsCommand, refundCommand, ordersCommand];

/** A run's standard input: a pipe's text, or what is typed at a terminal. */
export type StdinSpec = string | { readonly tty: string };

/** What one run printed. */
export interface CliRun {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

/** A user's machine: a home folder with its own config folder. */
export interface UserHome {
  readonly home: string;
  /** $XDG_CONFIG_HOME/indicia. */
  readonly configDir: string;
  run(argv: readonly string[], env?: Record<string, string>, stdin?: StdinSpec): Promise<CliRun>;
  /** Every entry of the journal. */
  journal(): Promise<JournalEntry[]>;
}

/** Makes a temporary home, removed when the test ends. */
export async function userHome(): Promise<UserHome> {
  const home = await mkdtemp(join(tmpdir(), 'indicia-user-'));
  onTestFinished(() => rm(home, { recursive: true, force: true }));
  const configDir = join(home, 'config', 'indicia');
  return {
    home,
    configDir,
    async run(argv, env = {}, stdin = '') {
      let out = '';
      let err = '';
      // Standard input as src/cli/user/secret-input.ts reads it: a pipe's text, never the test runner's own stdin.
      const input =
        typeof stdin === 'string'
          ? Object.assign(Readable.from([stdin]), { isTTY: false })
          : Object.assign(Readable.from([stdin.tty]), { isTTY: true as const });
      const status = await runCli(
        argv,
        { out: (t) => void (out += t), err: (t) => void (err += t), env: { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), ...env }, cwd: home, stdin: input } as CliIo,
        USER_COMMANDS,
      );
      return { status, out, err };
    },
    async journal() {
      const text = await readFile(join(configDir, 'stamps.jsonl'), 'utf8').catch(() => '');
      return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as JournalEntry);
    },
  };
}
