/**
 * L'Ecuyer's taus88: three 32-bit Tausworthe components combined by XOR.
 * This is fio's default `random_generator=tausworthe`. The per-number path
 * is plain 32-bit integer math so it never allocates.
 */

import type { ScaledRandom } from "./unit.ts";

const TWO32 = 4294967296;

/** fio's seeding LCG multiplier and start value. */
const LCG_MUL = 69069;
const LCG_START = 53;

/** Numbers fio throws away after seeding. */
const CRANKS = 6;

/** The 32-bit Tausworthe generator fio calls "tausworthe". */
export class Taus88 implements ScaledRandom {
  // A typed array, not number fields: uint32 values above 2^31 in object
  // fields are boxed doubles, and updating them allocated in V8 (measured).
  // s[0..2] are the components, s[3] the last output: step() returns
  // nothing, so a call V8 does not inline boxes no uint32 either.
  private readonly s = new Uint32Array(4);

  /** Seeds with the low 32 bits of `seed` (a uint32 number). */
  constructor(seed: number) {
    this.seed(seed);
  }

  /**
   * Seeds like fio: an LCG `x -> x*69069 ^ seed` from 53 gives s1, s2, s3,
   * each raised by its component's minimum (1, 7, 15) when below it so the
   * component cannot be stuck at zero; then six outputs are discarded.
   */
  seed(seed: number): void {
    const sd = seed >>> 0;
    let x = (Math.imul(LCG_START, LCG_MUL) ^ sd) >>> 0;
    if (x < 1) x += 1;
    this.s[0] = x;
    x = (Math.imul(x, LCG_MUL) ^ sd) >>> 0;
    if (x < 7) x += 7;
    this.s[1] = x;
    x = (Math.imul(x, LCG_MUL) ^ sd) >>> 0;
    if (x < 15) x += 15;
    this.s[2] = x;
    for (let i = 0; i < CRANKS; i++) this.next();
  }

  /** The generator's state words (live: for saving and restoring states in bulk). */
  get words(): Uint32Array {
    return this.s;
  }

  /** Takes the state of `other` (fio's frand_copy): both then give the same numbers. */
  copyFrom(other: Taus88): void {
    this.s.set(other.s);
  }

  /** Advances the generator; the output is left in s[3]. */
  private step(): void {
    const s = this.s;
    const s1 = s[0], s2 = s[1], s3 = s[2];
    const n1 = ((s1 & 0xfffffffe) << 12) ^ (((s1 << 13) ^ s1) >>> 19);
    const n2 = ((s2 & 0xfffffff8) << 4) ^ (((s2 << 2) ^ s2) >>> 25);
    const n3 = ((s3 & 0xfffffff0) << 17) ^ (((s3 << 3) ^ s3) >>> 11);
    s[0] = n1;
    s[1] = n2;
    s[2] = n3;
    s[3] = n1 ^ n2 ^ n3;
  }

  /** Next uint32 output. */
  next(): number {
    this.step();
    return this.s[3];
  }

  /** Next output scaled to [0, 1) as `r / 2^32`, fio's `r / (rand_max + 1.0)`. */
  nextUnit(): number {
    this.step();
    return this.s[3] / TWO32;
  }

  /** `floor(n * (r / 2^32))` for the next output r: fio's scaling to [0, n). */
  nextBelow(n: number): number {
    this.step();
    return Math.floor(n * (this.s[3] / TWO32));
  }
}
