/**
 * fio's seeded random data, byte for byte (measured on fio 3.33), used for
 * write buffers (the buffer-contents stream, seed slot 9) and for verified
 * writes (the verify stream, seed slot 3): a fill takes a 64-bit seed `s`
 * (two draws of a generator multiplied together); each 32-byte group gets
 * s, 2s, 3s, 5s as little-endian uint64 and then `s *= 0x61C8864680B583EB`;
 * a tail of whole words gets s then the multiply per word; a tail under 8
 * bytes gets the low bytes of s. {@link BufRand} is one such generator
 * state, copyable (fio's frand_copy) so dedupe can replay an earlier
 * buffer.
 *
 * All 64-bit math is done on 32-bit halves in int32 arithmetic (values are
 * the bit patterns), so V8 keeps the fill loop in registers.
 */

import { seedLow32 } from "./random/seeds.ts";
import { Taus88 } from "./random/taus88.ts";
import { Tausworthe64 } from "./random/tausworthe64.ts";

// fio's 64-bit golden-ratio multiplier, as two 32-bit halves, the low one
// also as 16-bit halves for mulHi.
const G_HI = 0x61c88646;
const G_LO = 0x80b583eb;
const GL0 = G_LO & 0xffff;
const GL1 = G_LO >>> 16;

/**
 * High 32 bits (as int32 bits) of the 64-bit product of the uint32 bits of
 * `a` and `b0 + b1 * 2^16` (16-bit halves). Every partial sum stays below
 * 2^32, so it is exact in a double.
 */
function mulHi(a: number, b0: number, b1: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16;
  const t = a1 * b0 + ((a0 * b0) >>> 16);
  const u = (t & 0xffff) + a0 * b1;
  return (a1 * b1 + (t >>> 16) + (u >>> 16)) | 0;
}

/** Carry out of the low word of `lo * k` (k small). */
function carry(lo: number, k: number): number {
  return ((lo >>> 16) * k + (((lo & 0xffff) * k) >>> 16)) >>> 16;
}

/** A seed generator (32- or 64-bit, by random_generator) and its last seed. */
export class BufRand {
  /** High 32 bits (uint32) of the last seed from {@link nextSeed}. */
  hi = 0;
  /** Low 32 bits (uint32) of the last seed from {@link nextSeed}. */
  lo = 0;
  private readonly t32: Taus88 | null;
  private readonly t64: Tausworthe64 | null;

  /** Seeded from a seed slot value (a 32-bit generator takes its low half). */
  constructor(use64: boolean, seed: bigint) {
    this.t32 = use64 ? null : new Taus88(seedLow32(seed));
    this.t64 = use64 ? new Tausworthe64(seed) : null;
  }

  /** Takes the state of `other` (same width). */
  copyFrom(other: BufRand): void {
    if (this.t32 !== null) this.t32.copyFrom(other.t32!);
    else this.t64!.copyFrom(other.t64!);
  }

  /** Number of state words (for {@link saveTo} / {@link loadFrom} stores). */
  get stateSize(): number {
    return this.t32 !== null ? this.t32.words.length : this.t64!.words.length;
  }

  /** Copies the state into `store` at state index `i`. */
  saveTo(store: Uint32Array, i: number): void {
    const w = this.t32 !== null ? this.t32.words : this.t64!.words;
    store.set(w, i * w.length);
  }

  /** Restores the state saved at index `i` of `store`. */
  loadFrom(store: Uint32Array, i: number): void {
    const w = this.t32 !== null ? this.t32.words : this.t64!.words;
    w.set(store.subarray(i * w.length, (i + 1) * w.length));
  }

  /** Draws fio's next fill seed (two numbers multiplied, mod 2^64) into hi/lo. */
  nextSeed(): void {
    if (this.t32 !== null) {
      const a = this.t32.next(), b = this.t32.next();
      this.hi = mulHi(a, b & 0xffff, b >>> 16) >>> 0;
      this.lo = Math.imul(a, b) >>> 0;
    } else {
      const t = this.t64!;
      t.next();
      const ah = t.hi, al = t.lo;
      t.next();
      const bh = t.hi, bl = t.lo;
      this.hi = (mulHi(al, bl & 0xffff, bl >>> 16) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
      this.lo = Math.imul(al, bl) >>> 0;
    }
  }
}

/**
 * Fills `len` bytes of `buf` from byte `at` with fio's random data for the
 * last seed of `rand`. `w`, a Uint32Array over the whole of `buf`, is used
 * when `at` is a multiple of 4 (the fast path); else the data is made in a
 * scratch buffer and copied.
 */
export function fillFromSeed(
  rand: BufRand,
  buf: Uint8Array,
  at: number,
  len: number,
  w: Uint32Array | null,
): void {
  if (w !== null && (at & 3) === 0) fillSeedWords(buf, w, at, len, rand.hi, rand.lo);
  else fillUnaligned(buf, at, len, rand.hi, rand.lo);
}

/**
 * Fills `len` bytes of `buf` from byte `at` (a multiple of 4) with fio's
 * random data for the seed `hi:lo` (32-bit halves). `w` is a Uint32Array
 * over the whole of `buf`.
 */
export function fillSeedWords(
  buf: Uint8Array,
  w: Uint32Array,
  at: number,
  len: number,
  hi: number,
  lo: number,
): void {
  hi |= 0;
  lo |= 0;
  const end = at + len;
  let i = at;
  for (; i + 32 <= end; i += 32) {
    const k = i >>> 2;
    w[k] = lo;
    w[k + 1] = hi;
    w[k + 2] = lo << 1;
    w[k + 3] = (hi << 1) | (lo >>> 31);
    w[k + 4] = Math.imul(lo, 3);
    w[k + 5] = (Math.imul(hi, 3) + carry(lo, 3)) | 0;
    w[k + 6] = Math.imul(lo, 5);
    w[k + 7] = (Math.imul(hi, 5) + carry(lo, 5)) | 0;
    const nh = (mulHi(lo, GL0, GL1) + Math.imul(hi, G_LO) + Math.imul(lo, G_HI)) | 0;
    lo = Math.imul(lo, G_LO);
    hi = nh;
  }
  for (; i + 8 <= end; i += 8) {
    const k = i >>> 2;
    w[k] = lo;
    w[k + 1] = hi;
    const nh = (mulHi(lo, GL0, GL1) + Math.imul(hi, G_LO) + Math.imul(lo, G_HI)) | 0;
    lo = Math.imul(lo, G_LO);
    hi = nh;
  }
  for (let b = 0; i < end; i++, b++) {
    buf[i] = b < 4 ? (lo >>> (8 * b)) & 0xff : (hi >>> (8 * (b - 4))) & 0xff;
  }
}

// Where an unaligned fill is made before it is copied (grown on demand; only
// odd buffer_compress_chunk / block sizes or unaligned buffers get here).
let scratch = new Uint8Array(0);
let scratchWords = new Uint32Array(0);

function fillUnaligned(buf: Uint8Array, at: number, len: number, hi: number, lo: number): void {
  if (scratch.length < len) {
    scratch = new Uint8Array((len + 7) & ~7);
    scratchWords = new Uint32Array(scratch.buffer);
  }
  fillSeedWords(scratch, scratchWords, 0, len, hi, lo);
  buf.set(scratch.subarray(0, len), at);
}
