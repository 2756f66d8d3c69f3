import type { CliCommand } from '../command.js';
import { verifyCommand } from './verify.js';

/**
 * Every verb of the `indicia` command line. Each part of the system adds its verbs here, one file per
 * verb (or verb group) in this folder.
 */
export const COMMANDS: readonly CliCommand[] = [verifyCommand];
