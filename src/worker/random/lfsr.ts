/**
 * fio's `random_generator=lfsr`: a Galois LFSR that visits every block of
 * the file exactly once per pass, so no random map is needed.
 *
 * Behaviour (measured on fio 3.33): the register has the smallest width
 * n >= 3 with 2^n > count; a step is `v = ((v >> 1) | top) ^ (v odd ? 0 :
 * taps)`, so zero is a valid state and all-ones is the one excluded state;
 * states >= count are skipped. The register starts at `seed & (2^n - 1)`
 * (all-ones becomes 0). The first pass takes one extra step before its first
 * output; later passes (loops, time_based) restart at the seed state without
 * it, so pass 2 is pass 1 rotated by one.
 */

import { FioError } from "../../errors.ts";
import { LFSR_TAPS } from "./lfsr_taps.ts";
import { seedHigh32, seedLow32 } from "./seeds.ts";

const TWO32 = 4294967296;

/** Register width fio picks for `count` values, or 0 when none fits. */
export function lfsrWidth(count: number): number {
  for (let n = 3; n < LFSR_TAPS.length; n++) {
    if (2 ** n > count) return n;
  }
  return 0;
}

/** A full-period LFSR over [0, count). */
export class Lfsr {
  /** Register width in bits. */
  readonly bits: number;
  /** Number of distinct values per pass. */
  readonly count: number;
  private readonly maskHi: number;
  private readonly maskLo: number;
  private readonly topHi: number;
  private readonly topLo: number;
  private readonly maxHi: number;
  private readonly maxLo: number;
  private readonly seedHi: number;
  private readonly seedLo: number;
  /**
   * Register as [hi, lo] and the values given this pass. Typed arrays, not
   * number fields: values of 2^30 and more in fields are boxed per store.
   */
  private readonly reg = new Uint32Array(2);
  private readonly given = new Float64Array(1);

  /**
   * `count` values per pass (the file's blocks), seeded with the job's
   * offset seed. Throws fio's error when no register width fits.
   */
  constructor(count: number, seed: bigint) {
    const bits = lfsrWidth(count);
    if (bits === 0) throw new FioError("fio: failed initializing LFSR");
    this.bits = bits;
    this.count = count;
    let mHi = 0, mLo = 0;
    for (const tap of LFSR_TAPS[bits]) {
      if (tap > 32) mHi |= 1 << (tap - 33);
      else mLo |= 1 << (tap - 1);
    }
    this.maskHi = mHi >>> 0;
    this.maskLo = mLo >>> 0;
    this.topHi = bits > 32 ? (1 << (bits - 33)) >>> 0 : 0;
    this.topLo = bits > 32 ? 0 : (1 << (bits - 1)) >>> 0;
    const max = count - 1;
    this.maxHi = Math.floor(max / TWO32);
    this.maxLo = max - this.maxHi * TWO32;
    // The register holds n bits; the seed is cut to them once, here.
    const width = (1n << BigInt(bits)) - 1n;
    const s = seed & width;
    this.seedHi = s === width ? 0 : seedHigh32(s);
    this.seedLo = s === width ? 0 : seedLow32(s);
    this.reset();
    this.step();
  }

  /** Back to the seed state with a fresh pass, as fio does between loops. */
  reset(): void {
    this.reg[0] = this.seedHi;
    this.reg[1] = this.seedLo;
    this.given[0] = 0;
  }

  private step(): void {
    const reg = this.reg;
    const hi = reg[0], lo = reg[1];
    let nHi = (hi >>> 1) | this.topHi;
    let nLo = (lo >>> 1) | (hi << 31) | this.topLo;
    if ((lo & 1) === 0) {
      nHi ^= this.maskHi;
      nLo ^= this.maskLo;
    }
    reg[0] = nHi;
    reg[1] = nLo;
  }

  /** Next value of this pass, or -1 once all `count` values were given. */
  next(): number {
    if (this.given[0] >= this.count) return -1;
    this.given[0]++;
    const maxHi = this.maxHi, maxLo = this.maxLo;
    const reg = this.reg;
    do {
      this.step();
    } while (reg[0] > maxHi || (reg[0] === maxHi && reg[1] > maxLo));
    return reg[0] * TWO32 + reg[1];
  }
}
