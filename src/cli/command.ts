/** Where a command writes; tests pass buffers, main passes the process streams. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Environment variables the command may read (configuration). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory relative paths are resolved against. */
  readonly cwd: string;
  /** Whether `err` writes to a terminal (progress is then a redrawn bar rather than lines). */
  readonly errIsTty?: boolean;
}

/** One verb of the `indicia` command line. */
export interface CliCommand {
  readonly name: string;
  /** One line shown by `indicia help`. */
  readonly summary: string;
  /** Full usage text shown by `indicia help NAME` and on a usage error. */
  readonly usage: string;
  /** Runs the verb with the arguments after its name; resolves to the process exit status. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
