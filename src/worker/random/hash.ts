/**
 * The integer hash fio's skewed distributions use, in allocation-free
 * 32-bit halves:
 * the 64-bit multiplicative hash (value times the golden-ratio constant
 * 0x61C8864680B583EB, wrapping) that scatters a zipf/pareto/normal rank
 * over the file, followed by `(hash + offset) mod 2^64 mod nranges`.
 */

const TWO16 = 65536;
const TWO32 = 4294967296;
/** The golden-ratio multiplier as 32-bit halves. */
const G_HI = 0x61c88646;
const G_LO = 0x80b583eb;

/** Result of the last {@link mulGolden}: [hi, lo] (module scratch, no allocation). */
const prod = new Uint32Array(2);

/** Full 64-bit product of two uint32 values into prod. */
function mul32(a: number, b: number): void {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const mid = a0 * b1 + a1 * b0;
  const low = a0 * b0 + (mid % TWO16) * TWO16;
  prod[1] = low % TWO32;
  prod[0] = (a1 * b1 + Math.floor(mid / TWO16) + Math.floor(low / TWO32)) % TWO32;
}

/** (hi:lo * golden) mod 2^64 into prod. */
function mulGolden(hi: number, lo: number): void {
  mul32(lo, G_LO);
  prod[0] = (prod[0] + Math.imul(hi, G_LO) + Math.imul(lo, G_HI)) >>> 0;
}

/** (hi:lo) mod n for n < 2^45, by bytes so no partial product passes 2^53. */
function mod64(hi: number, lo: number, n: number): number {
  let r = 0;
  for (let s = 24; s >= 0; s -= 8) r = (r * 256 + ((hi >>> s) & 0xff)) % n;
  for (let s = 24; s >= 0; s -= 8) r = (r * 256 + ((lo >>> s) & 0xff)) % n;
  return r;
}

/**
 * fio's final step of a skewed draw: `v` (an integer below 2^53) is hashed
 * when `hash` is set, `off` (given as uint32 halves) is added modulo 2^64,
 * and the sum is reduced modulo `n`.
 */
export function scatter(v: number, hash: boolean, offHi: number, offLo: number, n: number): number {
  const hi = Math.floor(v / TWO32);
  return scatterHalves(hi, v - hi * TWO32, hash, offHi, offLo, n);
}

/** {@link scatter} for a full 64-bit value given as uint32 halves. */
export function scatterHalves(
  hi: number,
  lo: number,
  hash: boolean,
  offHi: number,
  offLo: number,
  n: number,
): number {
  if (hash) {
    mulGolden(hi, lo);
    hi = prod[0];
    lo = prod[1];
  }
  const sumLo = lo + offLo;
  const carry = sumLo >= TWO32 ? 1 : 0;
  return mod64((hi + offHi + carry) >>> 0, sumLo - carry * TWO32, n);
}

/** A 64-bit unsigned value as uint32 halves [hi, lo] (BigInt: setup only). */
export function halves(v: bigint): [number, number] {
  const u = BigInt.asUintN(64, v);
  return [Number(u >> 32n), Number(u & 0xffff_ffffn)];
}
