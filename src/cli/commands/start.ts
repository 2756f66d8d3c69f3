import { readDemoLogin, startSystem } from '../../system/start-system.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, resolveDataDir } from '../data-dir.js';

const USAGE = `Usage: indicia start [options]

Starts the whole system on this machine: the postal authority, the processing servers and the web server,
each its own process on loopback, and keeps them running (a server that dies is restarted). Makes the data
folder first when it does not exist (see indicia init). Ctrl-C stops everything.

Options:
${DATA_DIR_HELP}
  --json              print one JSON line with the URLs and API key once ready (for scripts)
`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('start', args, { ...DATA_DIR_OPTION, json: { type: 'boolean', default: false } }, false);
  const dataDir = resolveDataDir(values['data-dir'], io);
  const system = await startSystem({ dataDir, log: values.json ? () => {} : (line) => io.out(`${line}\n`) });
  const s = system;
  const demo = readDemoLogin(s.config);
  if (values.json) {
    io.out(`${JSON.stringify({ webUrl: s.webUrl, authorityUrl: s.authorityUrl, processingUrls: s.processingUrls, licenseNumber: s.licenseNumber, apiKey: s.apiKey, dataDir })}\n`);
  } else {
    io.out(
      [
        '',
        `The postage vendor system is running (license ${s.licenseNumber}).`,
        `  web server (public API)   ${s.webUrl}      API docs: ${s.webUrl}/docs`,
        `  postal authority          ${s.authorityUrl}   certificates: ${s.authorityUrl}/.well-known/indicia-certificates.json`,
        ...s.config.processing.map((p) => `  ${p.id.padEnd(25)} ${s.processingUrls[p.id]}`),
        '',
        ...(demo === null
          ? [`API key: ${s.apiKey}   (also in ${dataDir}/api-key.txt)`]
          : [
              `Demo customer (US$1,000 of prepaid postage to start): log in at ${s.webUrl}/login with ${demo.email} / ${demo.password}`,
              `  (also in ${dataDir}/demo-login.json); its API key: ${s.apiKey}   (also in ${dataDir}/api-key.txt)`,
            ]),
        ...(s.config.web.operatorToken === undefined ? [] : [`Operator console: ${s.webUrl}/operator (token: web.operatorToken in ${dataDir}/config.json)`]),
        '',
        'Buy a stamp at the rate (postage may be left out; a First-Class letter is $0.81):',
        `  curl -s ${s.webUrl}/v1/stamps -H "Authorization: Bearer ${s.apiKey}" -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" \\`,
        `    -H "Content-Type: application/json" -d '{"stamps":[{"rateCategory":1,"weightOz":1,"originZip":"94107","destinationZip":"10001"}]}'`,
        '',
        `Logs are in ${dataDir}/logs. Press Ctrl-C to stop.`,
        '',
      ].join('\n'),
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (!values.json) io.out('stopping…\n');
      system.stop().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

/** `indicia start`: runs the whole system until interrupted. */
export const startCommand: CliCommand = { name: 'start', summary: 'start the authority, processing servers and web server', usage: USAGE, run };
