/**
 * fio's normal (gauss) generator (random_distribution=normal:σ,
 * file_service_type=normal), measured on fio 3.33: a draw is the mean of
 * 12 uniform integers `r mod (nranges + 1)` (rounded up), plus, when σ is
 * not 0, one uniform deviate `floor(W u) - floor(W / 2)` with
 * `W = ceil(nranges * σ / 100)` capped at nranges / 2; then hashed and
 * offset like zipf (see zipf.ts). The bell's width is nranges / 12 even
 * with σ = 0; σ only widens it.
 */

import { halves, scatterHalves } from "./hash.ts";
import { Taus88 } from "./taus88.ts";
import type { RangeRandom } from "./zipf.ts";

/** Uniform numbers averaged per draw. */
const ITERS = 12;
const TWO32 = 4294967296;

/** fio's normal generator (see the module note). */
export class Gauss implements RangeRandom {
  /** Number of ranges. */
  readonly nranges: number;
  private readonly rand: Taus88;
  private readonly width: number;
  private readonly half: number;
  private readonly hash: boolean;
  private readonly offHi: number;
  private readonly offLo: number;

  /**
   * `dev` (σ) in [0, 100) percent; `center` in [0, 1] or -1 for none
   * (offset 0); `hash` false for file choice.
   */
  constructor(nranges: number, dev: number, center: number, seed: number, hash = true) {
    this.nranges = nranges;
    this.rand = new Taus88(seed >>> 0);
    this.hash = hash;
    let w = 0;
    if (dev !== 0) {
      w = Math.ceil((nranges * dev) / 100.0);
      if (w > Math.floor(nranges / 2)) w = Math.floor(nranges / 2);
    }
    this.width = w;
    this.half = Math.floor(w / 2);
    const off = center === -1 ? 0n : BigInt(Math.trunc(nranges * (center - 0.5)));
    [this.offHi, this.offLo] = halves(off);
  }

  /** Next range index. */
  next(): number {
    const n1 = this.nranges + 1;
    let sum = 0;
    for (let i = 0; i < ITERS; i++) sum += this.rand.next() % n1;
    let v = Math.floor((sum + ITERS - 1) / ITERS);
    if (this.width !== 0) v += Math.floor(this.width * (this.rand.next() / TWO32)) - this.half;
    if (v >= 0) {
      const hi = Math.floor(v / TWO32);
      return scatterHalves(hi, v - hi * TWO32, this.hash, this.offHi, this.offLo, this.nranges);
    }
    // A negative value wraps to 2^64 + v (|v| is below 2^32 here).
    return scatterHalves(0xffffffff, TWO32 + v, this.hash, this.offHi, this.offLo, this.nranges);
  }
}
