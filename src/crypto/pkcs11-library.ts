// One loaded and initialized PKCS#11 library per path for the whole process. C_Initialize may run once
// per process and C_Finalize ends every user's sessions, so modules share the library and the last to
// close finalizes it. SoftHSM2 reads SOFTHSM2_CONF (and its token folder) only at C_Initialize.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import pkcs11js from 'pkcs11js';
import { AppError } from '../errors/app-error.js';
import { isCkr, pkcs11Unavailable } from './pkcs11-errors.js';

/** A pkcs11js binding of one library. */
export type Pkcs11 = InstanceType<typeof pkcs11js.PKCS11>;
/** A PKCS#11 handle (slot, session or object) as pkcs11js gives it. */
export type Pkcs11Handle = Buffer;

interface LoadedLibrary {
  readonly pkcs11: Pkcs11;
  readonly softhsmConf: string | undefined;
  /** Tokens (slot id hex) logged in by this process, with the digest of the PIN that did it. */
  readonly logins: Map<string, { readonly pinDigest: string; users: number }>;
  users: number;
}

const libraries = new Map<string, LoadedLibrary>();

/** One user's hold on a loaded library; release() it exactly once. */
export interface LibraryLease {
  readonly pkcs11: Pkcs11;
  readonly libraryPath: string;
  /** SOFTHSM2_CONF as it was when the library was initialized (SoftHSM2 reads it only then). */
  readonly softhsmConf: string | undefined;
  /** Logs `session`'s token in as user with `pin`, or checks `pin` against this process's earlier login. */
  login(slot: Pkcs11Handle, session: Pkcs11Handle, pin: string): void;
  /** Drops this lease's login on `slot` (the token logs out when its last session closes). */
  logout(slot: Pkcs11Handle): void;
  release(): void;
}

/**
 * Loads and initializes the library at `libraryPath`, or shares the copy this process already has.
 * `softhsmConf`, when given, is put in SOFTHSM2_CONF first; a library already initialized under
 * another conf cannot honour it and throws CRYPTO_MODULE_UNAVAILABLE.
 */
export function acquireLibrary(libraryPath: string, softhsmConf?: string): LibraryLease {
  const path = resolve(libraryPath);
  const conf = softhsmConf === undefined ? undefined : resolve(softhsmConf);
  let lib = libraries.get(path);
  if (lib !== undefined && conf !== undefined && lib.softhsmConf !== conf) {
    throw new AppError('CRYPTO_MODULE_UNAVAILABLE', `${path} is already initialized in this process with SOFTHSM2_CONF=${lib.softhsmConf ?? '(unset)'}, not ${conf}; close its other modules first`, {
      libraryPath: path,
      softhsmConf: conf,
    });
  }
  if (lib === undefined) {
    if (conf !== undefined) {
      if (!existsSync(conf)) throw new AppError('CRYPTO_MODULE_UNAVAILABLE', `No SoftHSM2 configuration at ${conf}`, { softhsmConf: conf });
      process.env.SOFTHSM2_CONF = conf;
    }
    lib = loadLibrary(path);
    libraries.set(path, lib);
  }
  lib.users += 1;
  return makeLease(path, lib);
}

function loadLibrary(path: string): LoadedLibrary {
  if (!existsSync(path)) {
    throw new AppError('CRYPTO_MODULE_UNAVAILABLE', `No PKCS#11 library at ${path}`, { libraryPath: path });
  }
  const pkcs11 = new pkcs11js.PKCS11();
  try {
    pkcs11.load(path);
  } catch (err) {
    throw pkcs11Unavailable(`loading ${path}`, err, { libraryPath: path });
  }
  const softhsmConf = process.env.SOFTHSM2_CONF;
  try {
    // OS locking lets sessions be used from the libuv worker threads that run the *Async calls.
    pkcs11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (err) {
    if (!isCkr(err, 'CKR_CRYPTOKI_ALREADY_INITIALIZED')) {
      pkcs11.close();
      throw pkcs11Unavailable('C_Initialize', err, { libraryPath: path, softhsmConf });
    }
  }
  return { pkcs11, softhsmConf, logins: new Map(), users: 0 };
}

function makeLease(path: string, lib: LoadedLibrary): LibraryLease {
  let released = false;
  const mine = new Set<string>();
  const dropLogin = (key: string): void => {
    if (!mine.delete(key)) return;
    const entry = lib.logins.get(key);
    if (entry !== undefined && --entry.users === 0) lib.logins.delete(key);
  };
  return {
    pkcs11: lib.pkcs11,
    libraryPath: path,
    softhsmConf: lib.softhsmConf,
    login(slot, session, pin) {
      const key = slot.toString('hex');
      if (mine.has(key)) return;
      loginSlot(lib, key, session, pin);
      mine.add(key);
    },
    logout(slot) {
      dropLogin(slot.toString('hex'));
    },
    release() {
      if (released) return;
      released = true;
      for (const key of [...mine]) dropLogin(key);
      lib.users -= 1;
      if (lib.users === 0) unloadLibrary(path, lib);
    },
  };
}

function loginSlot(lib: LoadedLibrary, key: string, session: Pkcs11Handle, pin: string): void {
  // Login state is per token and process: a second C_Login answers CKR_USER_ALREADY_LOGGED_IN whatever
  // the PIN, so a later module's PIN is compared with the one that logged in.
  const pinDigest = createHash('sha256').update(pin, 'utf8').digest('hex');
  const entry = lib.logins.get(key);
  if (entry !== undefined) {
    if (entry.pinDigest !== pinDigest) {
      throw new AppError('CRYPTO_MODULE_UNAVAILABLE', 'PKCS#11 C_Login failed: CKR_PIN_INCORRECT (the PIN differs from the one this process logged in with)', {
        step: 'C_Login',
        ckr: 'CKR_PIN_INCORRECT',
      });
    }
    entry.users += 1;
    return;
  }
  try {
    lib.pkcs11.C_Login(session, pkcs11js.CKU_USER, pin);
  } catch (err) {
    if (!isCkr(err, 'CKR_USER_ALREADY_LOGGED_IN')) throw pkcs11Unavailable('C_Login', err);
  }
  lib.logins.set(key, { pinDigest, users: 1 });
}

function unloadLibrary(path: string, lib: LoadedLibrary): void {
  libraries.delete(path);
  try {
    lib.pkcs11.C_Finalize();
  } catch {
    // Already finalized by someone else in the process: nothing is left to release.
  }
  lib.pkcs11.close();
}
