/**
 * fio's zipf generator over `nranges` ranges (random_distribution=zipf:θ,
 * file_service_type=zipf). The rank comes from the classic closed form of a
 * Zipf draw (Gray et al.'s "quickly generating billion-record databases"):
 * zeta(n, θ) summed once at setup (over at most 10M terms, as fio caps it),
 * then per draw `1 + n * (η u - η + 1)^(1/(1-θ))` with the first two ranks
 * special-cased. The rank is then scattered over the file with a 64-bit
 * multiplicative hash and shifted by an offset: the distribution `center`
 * times nranges when given, else the generator's first output.
 */

import { halves, scatter } from "./hash.ts";
import { Taus88 } from "./taus88.ts";

/** fio's cap on the number of zeta terms summed. */
const ZETA_MAX_TERMS = 10_000_000;
/** fio scales a draw by 2^32 - 1 here, not 2^32. */
const RAND32_MAX = 4294967295;

/** A generator of range indexes in [0, nranges). */
export interface RangeRandom {
  /** Number of ranges. */
  readonly nranges: number;
  /** Next range index. */
  next(): number;
}

/** The state every skewed generator starts with (fio's shared init). */
export class SkewBase {
  /** Number of ranges. */
  readonly nranges: number;
  /** The generator's own 32-bit stream. */
  protected readonly rand: Taus88;
  /** Whether ranks are hashed before the offset is added. */
  protected readonly hash: boolean;
  /** The offset added to every rank, as uint32 halves. */
  protected readonly offHi: number;
  /** Low half of the offset. */
  protected readonly offLo: number;

  /**
   * `center` in [0, 1], or -1 when none was given: then the offset is the
   * first number of the stream (drawn either way, as fio does).
   */
  constructor(nranges: number, center: number, seed: number, hash: boolean) {
    this.nranges = nranges;
    this.rand = new Taus88(seed >>> 0);
    this.hash = hash;
    let off = this.rand.next();
    if (center !== -1) off = Math.floor(nranges * center);
    [this.offHi, this.offLo] = halves(BigInt(off));
  }

  /** Next uniform number as fio scales it here: r / (2^32 - 1), so 1.0 is possible. */
  protected uniform(): number {
    return this.rand.next() / RAND32_MAX;
  }

  /** Turns rank `v` into a range index. */
  protected place(v: number): number {
    return scatter(v, this.hash, this.offHi, this.offLo, this.nranges);
  }
}

/** fio's zipf generator (see the module note). */
export class Zipf extends SkewBase implements RangeRandom {
  private readonly theta: number;
  private readonly alpha: number;
  private readonly eta: number;
  private readonly zetan: number;
  private readonly second: number;

  /** `theta` != 1; `center` -1 for none; `hash` false for file choice. */
  constructor(nranges: number, theta: number, center: number, seed: number, hash = true) {
    super(nranges, center, seed, hash);
    this.theta = theta;
    const zeta2 = Math.pow(1.0, theta) + Math.pow(0.5, theta);
    let zetan = 0;
    const terms = Math.min(nranges, ZETA_MAX_TERMS);
    for (let i = 0; i < terms; i++) zetan += Math.pow(1.0 / (i + 1), theta);
    this.zetan = zetan;
    this.alpha = 1.0 / (1.0 - theta);
    this.eta = (1.0 - Math.pow(2.0 / nranges, 1.0 - theta)) / (1.0 - zeta2 / zetan);
    this.second = 1.0 + Math.pow(0.5, theta);
  }

  /** Next range index. */
  next(): number {
    const u = this.uniform();
    const z = u * this.zetan;
    let v: number;
    if (z < 1.0) v = 0;
    else if (z < this.second) v = 1;
    else {
      const eta = this.eta;
      v = Math.floor(this.nranges * Math.pow(eta * u - eta + 1.0, this.alpha));
    }
    return this.place(v);
  }
}
