import { createHash, randomBytes } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { AppError } from '../errors/app-error.js';
import { SIGNATURE_LENGTH, SignatureAlgorithm } from '../core/signature-algorithm.js';
import type { CryptoModule, KeyInfo } from './crypto-module.js';
import { byLabelThenId, checkAlgorithmSupported, checkKeyLabel, keyNotFound, moduleClosed } from './module-checks.js';
import { isCkr, pkcs11Unavailable } from './pkcs11-errors.js';
import { CKM_EC_EDWARDS_KEY_PAIR_GEN, CKM_EDDSA, describePublicKey, findTokenKeys, keyPairTemplates, type TokenKey } from './pkcs11-keys.js';
import { acquireLibrary, type LibraryLease, type Pkcs11Handle } from './pkcs11-library.js';
import { SessionPool } from './session-pool.js';

/** Where SoftHSM2's PKCS#11 library is installed by the Debian package softhsm2. */
export const DEFAULT_PKCS11_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';
/** Sessions opened by default: as many as libuv's default worker threads, which run the *Async calls. */
export const DEFAULT_PKCS11_SESSIONS = 4;

/** Configuration of the PKCS#11 module. */
export interface Pkcs11ModuleConfig {
  /** Path of the PKCS#11 library; defaults to SoftHSM2's. */
  readonly libraryPath?: string;
  /** Label of the token holding the keys (at most 32 characters). */
  readonly tokenLabel: string;
  /** User PIN of the token. */
  readonly pin: string;
  /**
   * SoftHSM2 only: the softhsm2.conf naming the token folder, set as SOFTHSM2_CONF before the library
   * is initialized. Without it the environment's SOFTHSM2_CONF (or /etc/softhsm/softhsm2.conf) is used.
   */
  readonly softhsmConfPath?: string;
  /** Sessions to keep open, 1 to 32 (default 4): that many operations run at once. */
  readonly sessionCount?: number;
}

/** Opens the token named in `config`, logs in and readies a pool of sessions. */
export async function openPkcs11Module(config: Pkcs11ModuleConfig): Promise<CryptoModule> {
  const sessionCount = checkConfig(config);
  const lease = acquireLibrary(config.libraryPath ?? DEFAULT_PKCS11_LIBRARY, config.softhsmConfPath);
  const sessions: Pkcs11Handle[] = [];
  let slot: Pkcs11Handle | undefined;
  try {
    slot = findSlot(lease, config.tokenLabel);
    const algorithms = tokenAlgorithms(lease, slot, config.tokenLabel);
    const flags = pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION;
    for (let i = 0; i < sessionCount; i++) sessions.push(lease.pkcs11.C_OpenSession(slot, flags));
    const first = sessions[0] as Pkcs11Handle;
    lease.login(slot, first, config.pin);
    return new Pkcs11CryptoModule(lease, slot, algorithms, new SessionPool(sessions));
  } catch (err) {
    for (const session of sessions) closeQuietly(lease, session);
    if (slot !== undefined) lease.logout(slot);
    lease.release();
    throw pkcs11Unavailable('opening the token', err, { tokenLabel: config.tokenLabel });
  }
}

function closeQuietly(lease: LibraryLease, session: Pkcs11Handle): void {
  try {
    lease.pkcs11.C_CloseSession(session);
  } catch {
    // The token may have gone away, and the session with it: nothing is left to close.
  }
}

function checkConfig(config: Pkcs11ModuleConfig): number {
  const sessionCount = config.sessionCount ?? DEFAULT_PKCS11_SESSIONS;
  const problems: string[] = [];
  if (typeof config.tokenLabel !== 'string' || config.tokenLabel.trim() === '' || Buffer.byteLength(config.tokenLabel) > 32) {
    problems.push('tokenLabel must be 1 to 32 bytes');
  }
  if (typeof config.pin !== 'string' || config.pin === '') problems.push('pin must not be empty');
  if (!Number.isInteger(sessionCount) || sessionCount < 1 || sessionCount > 32) problems.push('sessionCount must be an integer from 1 to 32');
  if (problems.length > 0) throw new AppError('CONFIG_INVALID', `PKCS#11 module: ${problems.join('; ')}`, { problems });
  return sessionCount;
}

/** The slot whose token has `label` (token labels are blank-padded to 32 bytes). */
function findSlot(lease: LibraryLease, label: string): Pkcs11Handle {
  const slots = lease.pkcs11.C_GetSlotList(true);
  const labels: string[] = [];
  for (const slot of slots) {
    const info = lease.pkcs11.C_GetTokenInfo(slot);
    const tokenLabel = info.label.trimEnd();
    if (tokenLabel === label.trimEnd()) return slot;
    if (tokenLabel !== '') labels.push(tokenLabel);
  }
  const conf = lease.softhsmConf === undefined ? '' : ` (SoftHSM2 read SOFTHSM2_CONF=${lease.softhsmConf} when this process initialized it; tokens made later are seen after every module closes)`;
  throw new AppError('CRYPTO_MODULE_UNAVAILABLE', `No token labelled ${JSON.stringify(label)} in ${lease.libraryPath}; tokens present: ${labels.map((l) => JSON.stringify(l)).join(', ') || 'none'}${conf}`, {
    tokenLabel: label,
    tokensPresent: labels,
  });
}

/** ECDSA P-256 when the token has CKM_EC_KEY_PAIR_GEN and CKM_ECDSA; Ed25519 when it also has the EdDSA pair. */
function tokenAlgorithms(lease: LibraryLease, slot: Pkcs11Handle, label: string): SignatureAlgorithm[] {
  const mechanisms = new Set(lease.pkcs11.C_GetMechanismList(slot));
  const algorithms: SignatureAlgorithm[] = [];
  if (mechanisms.has(pkcs11js.CKM_EC_KEY_PAIR_GEN) && mechanisms.has(pkcs11js.CKM_ECDSA)) algorithms.push(SignatureAlgorithm.EcdsaP256);
  if (mechanisms.has(CKM_EC_EDWARDS_KEY_PAIR_GEN) && mechanisms.has(CKM_EDDSA)) algorithms.push(SignatureAlgorithm.Ed25519);
  if (!algorithms.includes(SignatureAlgorithm.EcdsaP256)) {
    throw new AppError('CRYPTO_MODULE_UNAVAILABLE', `Token ${JSON.stringify(label)} offers no CKM_EC_KEY_PAIR_GEN with CKM_ECDSA, needed for ECDSA P-256`, { tokenLabel: label });
  }
  return algorithms;
}

/** Keys on a PKCS#11 token; signing happens inside the token. */
class Pkcs11CryptoModule implements CryptoModule {
  readonly kind = 'pkcs11';
  private readonly keys = new Map<string, TokenKey>();
  private closed = false;

  constructor(
    private readonly lease: LibraryLease,
    private readonly slot: Pkcs11Handle,
    readonly algorithms: readonly SignatureAlgorithm[],
    private readonly pool: SessionPool<Pkcs11Handle>,
  ) {}

  async generateKeyPair(algorithm: SignatureAlgorithm, label: string): Promise<KeyInfo> {
    this.checkOpen();
    checkAlgorithmSupported(this.kind, this.algorithms, algorithm);
    checkKeyLabel(label);
    const id = randomBytes(16);
    const { publicKey, privateKey } = keyPairTemplates(algorithm, id, label);
    const mechanism = { mechanism: algorithm === SignatureAlgorithm.EcdsaP256 ? pkcs11js.CKM_EC_KEY_PAIR_GEN : CKM_EC_EDWARDS_KEY_PAIR_GEN };
    const pkcs11 = this.lease.pkcs11;
    const key = await this.pool
      .use(async (session) => {
        const pair = await pkcs11.C_GenerateKeyPairAsync(session, mechanism, publicKey, privateKey);
        const info = describePublicKey(pkcs11, session, pair.publicKey);
        if (info === undefined) throw new AppError('CRYPTO_MODULE_UNAVAILABLE', 'The token did not keep the attributes of the key pair it generated');
        return { info, privateKey: pair.privateKey };
      })
      .catch((err: unknown) => {
        throw pkcs11Unavailable('C_GenerateKeyPair', err, { algorithm });
      });
    this.keys.set(key.info.keyId, key);
    return key.info;
  }

  async sign(keyId: string, data: Uint8Array): Promise<Buffer> {
    const key = this.keys.get(keyId) ?? (await this.lookup(keyId));
    try {
      return await this.signWith(key, data);
    } catch (err) {
      // A handle goes stale when another process deletes the key; look it up once more before giving up.
      if (!isCkr(err, 'CKR_KEY_HANDLE_INVALID', 'CKR_OBJECT_HANDLE_INVALID')) throw pkcs11Unavailable('C_Sign', err, { keyId });
      this.keys.delete(keyId);
      return this.signWith(await this.lookup(keyId), data).catch((again: unknown) => {
        throw pkcs11Unavailable('C_Sign', again, { keyId });
      });
    }
  }

  async getKey(keyId: string): Promise<KeyInfo> {
    return (this.keys.get(keyId) ?? (await this.lookup(keyId))).info;
  }

  async listKeys(): Promise<readonly KeyInfo[]> {
    this.checkOpen();
    const found = await this.pool
      .use((session) => findTokenKeys(this.lease.pkcs11, session))
      .catch((err: unknown) => {
        throw pkcs11Unavailable('C_FindObjects', err);
      });
    for (const key of found) this.keys.set(key.info.keyId, key);
    return found.map((k) => k.info).sort(byLabelThenId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.keys.clear();
    const sessions = await this.pool.drain();
    for (const session of sessions) closeQuietly(this.lease, session);
    this.lease.logout(this.slot);
    this.lease.release();
  }

  /** One signature on a borrowed session: SHA-256 in Node then raw CKM_ECDSA (SoftHSM2 has no CKM_ECDSA_SHA256), or CKM_EDDSA. */
  private signWith(key: TokenKey, data: Uint8Array): Promise<Buffer> {
    this.checkOpen();
    const ecdsa = key.info.algorithm === SignatureAlgorithm.EcdsaP256;
    const input = ecdsa ? createHash('sha256').update(data).digest() : Buffer.from(data);
    const mechanism = { mechanism: ecdsa ? pkcs11js.CKM_ECDSA : CKM_EDDSA };
    const pkcs11 = this.lease.pkcs11;
    return this.pool.use(async (session) => {
      pkcs11.C_SignInit(session, mechanism, key.privateKey);
      const signature = await pkcs11.C_SignAsync(session, input, Buffer.alloc(SIGNATURE_LENGTH));
      if (signature.length !== SIGNATURE_LENGTH) {
        throw new AppError('CRYPTO_MODULE_UNAVAILABLE', `The token returned a ${signature.length}-byte signature, not ${SIGNATURE_LENGTH}`);
      }
      return signature;
    });
  }

  /** Finds a key on the token by id (CKA_ID in hex) and caches its handles. */
  private async lookup(keyId: string): Promise<TokenKey> {
    this.checkOpen();
    if (!/^(?:[0-9a-f]{2}){1,64}$/.test(keyId)) throw keyNotFound(this.kind, keyId);
    const [key] = await this.pool
      .use((session) => findTokenKeys(this.lease.pkcs11, session, Buffer.from(keyId, 'hex')))
      .catch((err: unknown) => {
        throw pkcs11Unavailable('C_FindObjects', err, { keyId });
      });
    if (key === undefined) throw keyNotFound(this.kind, keyId);
    this.keys.set(keyId, key);
    return key;
  }

  private checkOpen(): void {
    if (this.closed) throw moduleClosed(this.kind);
  }
}
