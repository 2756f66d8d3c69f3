// Makes a SoftHSM2 token in a folder of this project (default .softhsm/, git-ignored) and prints the
// PKCS#11 module configuration that reaches it.
//   npx tsx scripts/softhsm-init.ts [--dir .softhsm] [--label indicia] [--pin PIN] [--so-pin PIN]
// PINs left out are generated and printed once: keep them, SoftHSM2 cannot show them again.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { isAppError } from '../src/errors/app-error.js';
import { createSoftHsmToken } from '../src/crypto/softhsm-token.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '.softhsm' },
    label: { type: 'string', default: 'indicia' },
    pin: { type: 'string' },
    'so-pin': { type: 'string' },
  },
});

const pin = values.pin ?? randomBytes(8).toString('hex');
const soPin = values['so-pin'] ?? randomBytes(8).toString('hex');
try {
  const token = await createSoftHsmToken({ dir: values.dir, label: values.label, pin, soPin });
  const config = { kind: 'pkcs11', libraryPath: token.libraryPath, tokenLabel: token.tokenLabel, pin, softhsmConfPath: token.confPath };
  console.log(`Token "${token.tokenLabel}" made in ${token.tokenDir}`);
  console.log(`Crypto module config:\n${JSON.stringify(config, null, 2)}`);
  if (values['so-pin'] === undefined) console.log(`Security officer PIN (keep it to reset the user PIN): ${soPin}`);
  console.log(`For softhsm2-util and pkcs11-tool: export SOFTHSM2_CONF=${token.confPath}`);
} catch (err) {
  console.error(isAppError(err) ? `error ${err.code}: ${err.message}` : err);
  process.exitCode = 1;
}
