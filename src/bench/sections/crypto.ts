// Signatures per second on one core: raw node:crypto (key object built once) as the machine's bound,
// then the software module and the PKCS#11 module on a SoftHSM2 token made for the run, each as a
// ratio of the raw rate of its algorithm.
import { generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureAlgorithm } from '../../core/signature-algorithm.js';
import type { CryptoModule, KeyInfo } from '../../crypto/crypto-module.js';
import { openPkcs11Module } from '../../crypto/pkcs11-module.js';
import { createSoftHsmToken, softHsmMissingReason } from '../../crypto/softhsm-token.js';
import { openSoftwareModule } from '../../crypto/software-module.js';
import type { BenchSection } from '../bench-section.js';
import { measureAsyncRate, measureRounds, measureSyncRate, median, type RateSubject } from '../measure.js';
import { formatCount, formatTable } from '../table.js';

/** Rounds per subject and the window of each, in milliseconds: 7 subjects × 5 × 0.5 s keeps the section near 20 s. */
const ROUNDS = 5;
const WINDOW_MS = 500;
const WARMUP_MS = 200;
/** Calls kept outstanding in the PKCS#11 throughput row: one per session of the module's default pool. */
const IN_FLIGHT = 4;

/** The 53 signed bytes of an indicium: the content does not change the cost of a signature. */
const SIGNED_BYTES = randomBytes(53);

/** The crypto section of `npm run bench`. */
export const cryptoSection: BenchSection = {
  name: 'crypto',
  summary: 'signatures per second: raw node:crypto, software module, PKCS#11 on SoftHSM2',
  async run(print) {
    const dir = await mkdtemp(join(tmpdir(), 'indicia-bench-crypto-'));
    const modules: CryptoModule[] = [];
    try {
      const software = await openSoftwareModule({ keyStoreDir: join(dir, 'keys'), masterKey: randomBytes(32) });
      modules.push(software);
      const pkcs11 = await openBenchToken(dir, print);
      if (pkcs11 !== undefined) modules.push(pkcs11);
      for (const algorithm of [SignatureAlgorithm.EcdsaP256, SignatureAlgorithm.Ed25519]) {
        await benchAlgorithm(algorithm, software, pkcs11, print);
      }
    } finally {
      for (const module of modules) await module.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

async function openBenchToken(dir: string, print: (line: string) => void): Promise<CryptoModule | undefined> {
  const missing = softHsmMissingReason();
  if (missing !== undefined) {
    print(`PKCS#11 rows skipped: ${missing} (apt-get install softhsm2)`);
    return undefined;
  }
  const token = await createSoftHsmToken({ dir: join(dir, 'softhsm'), label: 'bench', pin: randomBytes(8).toString('hex'), soPin: randomBytes(8).toString('hex') });
  return openPkcs11Module({ libraryPath: token.libraryPath, tokenLabel: token.tokenLabel, pin: token.pin, softhsmConfPath: token.confPath });
}

function rawSigner(algorithm: SignatureAlgorithm): () => void {
  if (algorithm === SignatureAlgorithm.EcdsaP256) {
    const key: KeyObject = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    return () => sign('sha256', SIGNED_BYTES, { key, dsaEncoding: 'ieee-p1363' });
  }
  const key: KeyObject = generateKeyPairSync('ed25519').privateKey;
  return () => sign(null, SIGNED_BYTES, key);
}

async function moduleSubjects(algorithm: SignatureAlgorithm, software: CryptoModule, pkcs11: CryptoModule | undefined): Promise<RateSubject[]> {
  const subjects: RateSubject[] = [];
  const softKey = await software.generateKeyPair(algorithm, `bench-${algorithm}`);
  await checkSignature(software, softKey);
  subjects.push({ name: 'software module', measure: (ms) => measureAsyncRate(() => software.sign(softKey.keyId, SIGNED_BYTES), ms) });
  if (pkcs11 !== undefined && pkcs11.algorithms.includes(algorithm)) {
    const hsmKey = await pkcs11.generateKeyPair(algorithm, `bench-${algorithm}`);
    await checkSignature(pkcs11, hsmKey);
    const op = () => pkcs11.sign(hsmKey.keyId, SIGNED_BYTES);
    subjects.push({ name: 'PKCS#11 module (SoftHSM2)', measure: (ms) => measureAsyncRate(op, ms) });
    subjects.push({ name: `PKCS#11, ${IN_FLIGHT} in flight (>1 core)`, measure: (ms) => measureAsyncRate(op, ms, IN_FLIGHT) });
  }
  return subjects;
}

/** Refuses to time a module whose signatures do not verify: a fast wrong answer is no result. */
async function checkSignature(module: CryptoModule, key: KeyInfo): Promise<void> {
  const signature = await module.sign(key.keyId, SIGNED_BYTES);
  const ok =
    key.algorithm === SignatureAlgorithm.EcdsaP256
      ? verify('sha256', SIGNED_BYTES, { key: key.publicKeyPem, dsaEncoding: 'ieee-p1363' }, signature)
      : verify(null, SIGNED_BYTES, key.publicKeyPem, signature);
  if (!ok) throw new Error(`The ${module.kind} module's ${key.algorithm} signature does not verify; not benchmarking it`);
}

async function benchAlgorithm(algorithm: SignatureAlgorithm, software: CryptoModule, pkcs11: CryptoModule | undefined, print: (line: string) => void): Promise<void> {
  const raw = rawSigner(algorithm);
  const rawName = 'raw node:crypto (key object once)';
  const subjects: RateSubject[] = [{ name: rawName, measure: (ms) => measureSyncRate(raw, ms) }, ...(await moduleSubjects(algorithm, software, pkcs11))];
  const rates = await measureRounds(subjects, { rounds: ROUNDS, durationMs: WINDOW_MS, warmupMs: WARMUP_MS });
  const rawMedian = median(rates.get(rawName) ?? []);
  const rows = subjects.map(({ name }) => {
    const list = rates.get(name) ?? [];
    const med = median(list);
    return [name, formatCount(med), `${formatCount(Math.min(...list))}-${formatCount(Math.max(...list))}`, `${(1e6 / med).toFixed(1)}`, (med / rawMedian).toFixed(2)];
  });
  print('');
  print(`${algorithm === SignatureAlgorithm.EcdsaP256 ? 'ECDSA P-256' : 'Ed25519'}: signatures/s, one at a time unless said, median of ${ROUNDS} rounds of ${WINDOW_MS} ms`);
  for (const line of formatTable(['subject', 'median/s', 'min-max/s', 'us/sig', 'x raw'], rows)) print(line);
}
