import type { CliCommand } from '../command.js';
import { accountsCommand } from './accounts.js';
import { auditCommand } from './audit.js';
import { balanceCommand } from './balance.js';
import { buyCommand } from './buy.js';
import { calibrateCommand } from './calibrate.js';
import { cardsCommand } from './cards.js';
import { authorityCommand } from './authority.js';
import { initCommand } from './init.js';
import { keysCommand } from './keys.js';
import { mediaCommand } from './media.js';
import { outboxCommand } from './outbox.js';
import { loginCommand, logoutCommand } from './login.js';
import { ordersCommand } from './orders.js';
import { printCommand } from './print.js';
import { psdCommand } from './psd.js';
import { refundCommand } from './refund.js';
import { serversCommand } from './servers.js';
import { stampsCommand } from './stamps.js';
import { startCommand } from './start.js';
import { topupCommand } from './topup.js';
import { verifyCommand } from './verify.js';

/**
 * Every verb of the `indicia` command line. Each part of the system adds its verbs here, one file per
 * verb (or verb group) in this folder.
 */
export const COMMANDS: readonly CliCommand[] = [
  // Operating the vendor system.
  initCommand,
  startCommand,
  serversCommand,
  psdCommand,
  keysCommand,
  accountsCommand,
  outboxCommand,
  mediaCommand,
  auditCommand,
  authorityCommand,
  // A user system buying and printing postage.
  loginCommand,
  logoutCommand,
  buyCommand,
  stampsCommand,
  printCommand,
  balanceCommand,
  topupCommand,
  cardsCommand,
  refundCommand,
  ordersCommand,
  calibrateCommand,
  // Anyone checking indicia.
  verifyCommand,
];
