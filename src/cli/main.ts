// Entry point of the `indicia` command line.
import { COMMANDS } from './commands/index.js';
import { runCli } from './run-cli.js';

const status = await runCli(
  process.argv.slice(2),
  {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    errIsTty: process.stderr.isTTY === true,
  },
  COMMANDS,
);
process.exitCode = status;
