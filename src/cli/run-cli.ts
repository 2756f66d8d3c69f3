import { isAppError } from '../errors/app-error.js';
import type { CliCommand, CliIo } from './command.js';

/** Exit status for a usage or input error, as opposed to a failure of the system (1). */
export const EXIT_USAGE = 2;

function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return ['Usage: indicia <command> [options]', '', 'Commands:', ...rows, '', 'Run `indicia help <command>` for the options of one command.', ''].join('\n');
}

/** Dispatches argv (without node and script) to a command, printing catalogued errors. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const target = rest[0] && commands.find((c) => c.name === rest[0]);
    io.out(target ? `${target.usage.trimEnd()}\n` : helpText(commands));
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`error INVALID_ARGUMENT: unknown command "${name}". Run indicia help to list the commands.\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (isAppError(err)) {
      io.err(`error ${err.code}: ${err.message}\n`);
      return err.kind === 'invalid_input' || err.kind === 'not_found' ? EXIT_USAGE : 1;
    }
    io.err(`error INTERNAL: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}
