// Reading what the CUPS tools print (in the C locale): lp's request id, lpstat's printer lines, the
// server lpstat talks to, and ipptool's CSV. Pure functions over text.

/** A job CUPS accepted: "indicia-pdf-12" is job 12 of printer indicia-pdf. */
export interface CupsJob {
  /** The request id lp prints and cancel takes. */
  readonly id: string;
  /** The job number on the server. */
  readonly number: number;
  /** The destination the job was sent to. */
  readonly printer: string;
}

/** The request id in lp's "request id is NAME-N (1 file(s))", or undefined when there is none. */
export function parseRequestId(stdout: string): CupsJob | undefined {
  const match = /request id is (\S+)-(\d+)\s/.exec(`${stdout} `);
  if (!match) return undefined;
  return { id: `${match[1]}-${match[2]}`, number: Number(match[2]), printer: match[1]! };
}

/** A job id given as text ("indicia-pdf-12") split into printer and number, or undefined. */
export function parseJobId(id: string): CupsJob | undefined {
  const match = /^(\S+)-(\d{1,9})$/.exec(id);
  return match ? { id, number: Number(match[2]), printer: match[1]! } : undefined;
}

/** What CUPS reports about one printer. */
export interface PrinterInfo {
  readonly name: string;
  /** idle or printing when enabled; disabled (stopped) holds jobs until cupsenable; unknown when lpstat -p gave no line. */
  readonly state: 'idle' | 'printing' | 'disabled' | 'unknown';
  /** Whether it takes new jobs (cupsaccept / cupsreject); undefined when lpstat -a gave no line. */
  readonly accepting: boolean | undefined;
  /** The printer's state message ("Rejecting Jobs", "Waiting for printer…"), '' when none. */
  readonly message: string;
  /** Device URI (cups-pdf:/indicia, socket://host:9100, usb://…), when lpstat -v gave one. */
  readonly device: string | undefined;
  /** Whether it is the system default destination. */
  readonly isDefault: boolean;
}

interface Collected {
  state?: PrinterInfo['state'];
  accepting?: boolean;
  message: string[];
  device?: string;
}

/**
 * The printers in the output of `lpstat -d -p -a -v`, in the order first named. Indented lines after a
 * "printer NAME …" line are its state message.
 */
export function parsePrinterStatus(output: string): PrinterInfo[] {
  const printers = new Map<string, Collected>();
  const entry = (name: string): Collected => {
    let p = printers.get(name);
    if (!p) printers.set(name, (p = { message: [] }));
    return p;
  };
  let defaultName: string | undefined;
  let messageOf: Collected | undefined;
  for (const line of output.split('\n')) {
    if (/^\s/.test(line)) {
      if (messageOf && line.trim() !== '') messageOf.message.push(line.trim());
      continue;
    }
    messageOf = undefined;
    let m: RegExpExecArray | null;
    if ((m = /^system default destination: (\S+)/.exec(line))) defaultName = m[1];
    else if ((m = /^printer (\S+) (is idle|now printing|disabled)/.exec(line))) {
      messageOf = entry(m[1]!);
      messageOf.state = m[2] === 'is idle' ? 'idle' : m[2] === 'now printing' ? 'printing' : 'disabled';
    } else if ((m = /^(\S+) (not )?accepting requests/.exec(line))) entry(m[1]!).accepting = m[2] === undefined;
    else if ((m = /^device for (\S+): (\S+)/.exec(line))) entry(m[1]!).device = m[2];
  }
  return [...printers].map(([name, p]) => ({
    name,
    state: p.state ?? 'unknown',
    accepting: p.accepting,
    message: p.message.join(' '),
    device: p.device,
    isDefault: name === defaultName,
  }));
}

/** The destinations `lpstat -e` lists, one a line (queues, classes, NAME/INSTANCE, discovered printers). */
export function parseDestinations(output: string): string[] {
  return output.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** True when `lpstat -r` says the scheduler runs. */
export function schedulerRunning(output: string): boolean {
  return /scheduler is running/.test(output);
}

/**
 * The ipp:// URI of a job on the server `lpstat -H` names: "localhost:631", "host", "[::1]:631" or a
 * domain socket path such as /run/cups/cups.sock, which CUPS takes as a %2F-encoded host name.
 */
export function jobUri(server: string, jobNumber: number): string {
  const host = server.trim();
  const authority = host.startsWith('/') ? encodeURIComponent(host) : host;
  return `ipp://${authority}/jobs/${jobNumber}`;
}

/** The rows of ipptool's `-c` output as header → value maps (quoted fields, backslash escapes). */
export function parseIpptoolCsv(output: string): Record<string, string>[] {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = csvFields(lines[0]!);
  return lines.slice(1).map((line) => {
    const values = csvFields(line);
    return Object.fromEntries(header.map((h, i) => [h, values[i] ?? '']));
  });
}

function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '\\' && i + 1 < line.length) field += line[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}
