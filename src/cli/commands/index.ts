import type { CliCommand } from '../command.js';
import { auditCommand } from './audit.js';
import { buyCommand } from './buy.js';
import { calibrateCommand } from './calibrate.js';
import { authorityCommand } from './authority.js';
import { initCommand } from './init.js';
import { keysCommand } from './keys.js';
import { loginCommand, logoutCommand } from './login.js';
import { printCommand } from './print.js';
import { psdCommand } from './psd.js';
import { serversCommand } from './servers.js';
import { stampsCommand } from './stamps.js';
import { startCommand } from './start.js';
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
  auditCommand,
  authorityCommand,
  // A user system buying and printing postage.
  loginCommand,
  logoutCommand,
  buyCommand,
  stampsCommand,
  printCommand,
  calibrateCommand,
  // Anyone checking indicia.
  verifyCommand,
];
