/**
 * L'Ecuyer's five-component 64-bit Tausworthe generator (lfsr258), fio's
 * `random_generator=tausworthe64`. Each 64-bit word is kept as two uint32
 * halves in a typed array so the per-number path has no BigInt and no
 * allocation.
 */

import { seedHigh32, seedLow32 } from "./seeds.ts";
import type { ScaledRandom } from "./unit.ts";

const TWO32 = 4294967296;
const TWO64 = 18446744073709551616;
const U64 = 0xffff_ffff_ffff_ffffn;

/** fio's 64-bit seeding LCG multiplier; the LCG starts from 53 like taus88's. */
const LCG_MUL = 6906969069n;
const LCG_START = 53n;
const CRANKS = 6;

/** Smallest allowed start value of each component (its low bits are masked off). */
const MINIMUMS = [1n, 511n, 4095n, 131071n, 8388607n];

/** 64-bit left shift of (hi, lo) by k in 1..63: high half. */
function shlHi(hi: number, lo: number, k: number): number {
  return k >= 32 ? lo << (k - 32) : (hi << k) | (lo >>> (32 - k));
}

/** 64-bit left shift of (hi, lo) by k in 1..63: low half. */
function shlLo(lo: number, k: number): number {
  return k >= 32 ? 0 : lo << k;
}

/** 64-bit logical right shift of (hi, lo) by k in 1..63: high half. */
function shrHi(hi: number, k: number): number {
  return k >= 32 ? 0 : hi >>> k;
}

/** 64-bit logical right shift of (hi, lo) by k in 1..63: low half. */
function shrLo(hi: number, lo: number, k: number): number {
  return k >= 32 ? hi >>> (k - 32) : (lo >>> k) | (hi << (32 - k));
}

/**
 * One Tausworthe component step on state words st[i] (hi), st[i+1] (lo):
 * `s = ((s & c) << d) ^ (((s << a) ^ s) >> b)`, where c's high half is all
 * ones and its low half is `cLo`.
 */
function step(st: Uint32Array, i: number, a: number, b: number, cLo: number, d: number): void {
  const hi = st[i], lo = st[i + 1];
  const tHi = shlHi(hi, lo, a) ^ hi;
  const tLo = shlLo(lo, a) ^ lo;
  const mLo = lo & cLo;
  const nHi = shlHi(hi, mLo, d) ^ shrHi(tHi, b);
  const nLo = shlLo(mLo, d) ^ shrLo(tHi, tLo, b);
  st[i] = nHi;
  st[i + 1] = nLo;
}

/** The 64-bit Tausworthe generator fio calls "tausworthe64". */
export class Tausworthe64 implements ScaledRandom {
  /**
   * Five components as [hi, lo] pairs, then the last output's hi and lo
   * (uint32s in number fields would be boxed: an allocation per draw).
   */
  private readonly st = new Uint32Array(12);

  /** High 32 bits of the last output. */
  get hi(): number {
    return this.st[10];
  }

  /** Low 32 bits of the last output. */
  get lo(): number {
    return this.st[11];
  }

  /** Seeds with a full 64-bit seed. */
  constructor(seed: bigint) {
    this.seed(seed);
  }

  /**
   * Seeds like fio: an LCG `x -> x*6906969069 ^ seed` (uint64) from 53 gives
   * the five components, each raised by its minimum when below it; then six
   * outputs are discarded. BigInt is fine here: it runs once per job.
   */
  seed(seed: bigint): void {
    const sd = seed & U64;
    let x = LCG_START;
    for (let c = 0; c < 5; c++) {
      x = ((x * LCG_MUL) & U64) ^ sd;
      if (x < MINIMUMS[c]) x += MINIMUMS[c];
      this.st[2 * c] = seedHigh32(x);
      this.st[2 * c + 1] = seedLow32(x);
    }
    for (let i = 0; i < CRANKS; i++) this.next();
  }

  /** The generator's state words (live: for saving and restoring states in bulk). */
  get words(): Uint32Array {
    return this.st;
  }

  /** Takes the state of `other` (fio's frand_copy): both then give the same numbers. */
  copyFrom(other: Tausworthe64): void {
    this.st.set(other.st);
  }

  /** Advances; the 64-bit output is left in {@link hi} and {@link lo}. */
  next(): void {
    const st = this.st;
    step(st, 0, 1, 53, 0xfffffffe, 10);
    step(st, 2, 24, 50, 0xfffffe00, 5);
    step(st, 4, 3, 23, 0xfffff000, 29);
    step(st, 6, 5, 24, 0xfffe0000, 23);
    step(st, 8, 3, 33, 0xff800000, 8);
    st[10] = st[0] ^ st[2] ^ st[4] ^ st[6] ^ st[8];
    st[11] = st[1] ^ st[3] ^ st[5] ^ st[7] ^ st[9];
  }

  /**
   * Next output as `(double) r / 2^64`. `hi * 2^32` is exact, so the sum
   * rounds once to nearest, like C's uint64 -> double conversion.
   */
  nextUnit(): number {
    this.next();
    const st = this.st;
    return (st[10] * TWO32 + st[11]) / TWO64;
  }

  /** `Math.floor(n * nextUnit())`. */
  nextBelow(n: number): number {
    this.next();
    const st = this.st;
    return Math.floor(n * ((st[10] * TWO32 + st[11]) / TWO64));
  }
}
