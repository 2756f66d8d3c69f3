/**
 * Reed-Solomon over GF(256) as ECC 200 uses it: field polynomial x^8+x^5+x^3+x^2+1 (0x12D),
 * generator with roots α^1 … α^n, and codeword blocks interleaved one codeword at a time.
 */

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x12d;
  }
  // Doubling the table lets products index EXP[log a + log b] without a modulo.
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

function mul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!;
}

function div(a: number, b: number): number {
  if (b === 0) throw new RangeError('division by zero in GF(256)');
  return a === 0 ? 0 : EXP[LOG[a]! + 255 - LOG[b]!]!;
}

/** α^e for any integer exponent e. */
function alphaPow(e: number): number {
  return EXP[((e % 255) + 255) % 255]!;
}

const generators = new Map<number, Uint8Array>();

/** Coefficients of Π (x − α^i), i = 1…n, highest degree first, leading 1 omitted. */
function generator(n: number): Uint8Array {
  const cached = generators.get(n);
  if (cached) return cached;
  let poly = [1];
  for (let i = 1; i <= n; i++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j]! ^= poly[j]!;
      next[j + 1]! ^= mul(poly[j]!, alphaPow(i));
    }
    poly = next;
  }
  const g = Uint8Array.from(poly.slice(1));
  generators.set(n, g);
  return g;
}

/** The n error-correction codewords of one block: the remainder of data·x^n divided by the generator. */
export function reedSolomonEncode(data: ArrayLike<number>, n: number): Uint8Array {
  const g = generator(n);
  const rem = new Uint8Array(n);
  for (let i = 0; i < data.length; i++) {
    const factor = data[i]! ^ rem[0]!;
    rem.copyWithin(0, 1);
    rem[n - 1] = 0;
    for (let j = 0; j < n; j++) rem[j]! ^= mul(g[j]!, factor);
  }
  return rem;
}

/** Syndromes S_1 … S_n of a received block (first codeword is the highest power). */
function syndromes(block: Uint8Array, n: number): Uint8Array {
  const s = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const a = alphaPow(j + 1);
    let acc = 0;
    for (const c of block) acc = mul(acc, a) ^ c;
    s[j] = acc;
  }
  return s;
}

/** Berlekamp-Massey: the error-locator polynomial Λ, lowest degree first. */
function errorLocator(s: Uint8Array): number[] {
  let lambda = [1];
  let prev = [1];
  let len = 0;
  let shift = 1;
  let prevDisc = 1;
  for (let k = 0; k < s.length; k++) {
    let d = s[k]!;
    for (let i = 1; i <= len; i++) d ^= mul(lambda[i] ?? 0, s[k - i]!);
    if (d === 0) {
      shift++;
      continue;
    }
    const scale = div(d, prevDisc);
    const next = lambda.slice();
    for (let i = 0; i < prev.length; i++) {
      const at = i + shift;
      while (next.length <= at) next.push(0);
      next[at]! ^= mul(scale, prev[i]!);
    }
    if (2 * len <= k) {
      prev = lambda;
      len = k + 1 - len;
      prevDisc = d;
      shift = 1;
    } else {
      shift++;
    }
    lambda = next;
  }
  while (lambda.length > len + 1 && lambda[lambda.length - 1] === 0) lambda.pop();
  return lambda.length === len + 1 ? lambda : [];
}

function evalLow(poly: readonly number[], x: number): number {
  let acc = 0;
  for (let i = poly.length - 1; i >= 0; i--) acc = mul(acc, x) ^ poly[i]!;
  return acc;
}

/**
 * Corrects one block in place (data then error-correction codewords) with n check codewords.
 * Returns how many codewords were changed, or -1 when the errors exceed what n can correct.
 */
export function reedSolomonCorrect(block: Uint8Array, n: number): number {
  const s = syndromes(block, n);
  if (s.every((v) => v === 0)) return 0;
  const lambda = errorLocator(s);
  const errors = lambda.length - 1;
  if (errors <= 0 || 2 * errors > n) return -1;
  // Ω = S·Λ mod x^n, with S(x) = S_1 + S_2 x + …
  const omega = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i && j < lambda.length; j++) omega[i]! ^= mul(lambda[j]!, s[i - j]!);
  }
  // In characteristic 2 the formal derivative keeps only the odd-degree terms.
  const derivative = lambda.map((c, i) => (i % 2 === 1 ? c : 0)).slice(1);
  let found = 0;
  const last = block.length - 1;
  for (let power = 0; power <= last; power++) {
    const xInv = alphaPow(-power);
    if (evalLow(lambda, xInv) !== 0) continue;
    // Forney with first root α^1: e = Ω(X⁻¹) / Λ'(X⁻¹).
    const denom = evalLow(derivative, xInv);
    if (denom === 0) return -1;
    block[last - power]! ^= div(evalLow(omega, xInv), denom);
    found++;
  }
  if (found !== errors) return -1;
  return syndromes(block, n).every((v) => v === 0) ? found : -1;
}

/** Appends interleaved error-correction codewords to `data` for a symbol of `blocks` blocks. */
export function addErrorCorrection(data: Uint8Array, eccTotal: number, blocks: number): Uint8Array {
  const out = new Uint8Array(data.length + eccTotal);
  out.set(data);
  const perBlock = eccTotal / blocks;
  for (let b = 0; b < blocks; b++) {
    const blockData: number[] = [];
    for (let i = b; i < data.length; i += blocks) blockData.push(data[i]!);
    const ecc = reedSolomonEncode(blockData, perBlock);
    for (let k = 0; k < perBlock; k++) out[data.length + b + k * blocks] = ecc[k]!;
  }
  return out;
}

/**
 * Corrects every interleaved block of a symbol's codewords and returns the data codewords with
 * the number of codewords corrected, or undefined when some block cannot be corrected.
 */
export function correctInterleaved(
  codewords: Uint8Array,
  dataTotal: number,
  blocks: number,
): { data: Uint8Array; corrected: number } | undefined {
  const perBlock = (codewords.length - dataTotal) / blocks;
  const data = new Uint8Array(dataTotal);
  let corrected = 0;
  for (let b = 0; b < blocks; b++) {
    const dataIdx: number[] = [];
    for (let i = b; i < dataTotal; i += blocks) dataIdx.push(i);
    const block = new Uint8Array(dataIdx.length + perBlock);
    dataIdx.forEach((idx, k) => (block[k] = codewords[idx]!));
    for (let k = 0; k < perBlock; k++) block[dataIdx.length + k] = codewords[dataTotal + b + k * blocks]!;
    const fixed = reedSolomonCorrect(block, perBlock);
    if (fixed < 0) return undefined;
    corrected += fixed;
    dataIdx.forEach((idx, k) => (data[idx] = block[k]!));
  }
  return { data, corrected };
}
