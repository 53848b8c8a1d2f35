/**
 * fio's pareto generator (random_distribution=pareto:h,
 * file_service_type=pareto): rank `(nranges - 1) * u^(log h / log(1 - h))`
 * for a uniform u, so a fraction h of the draws falls in a fraction
 * (1 - h) of the ranks; then hashed and offset like zipf (see zipf.ts).
 */

import { type RangeRandom, SkewBase } from "./zipf.ts";

/** fio's pareto generator. */
export class Pareto extends SkewBase implements RangeRandom {
  private readonly power: number;

  /** `h` in (0, 1); `center` -1 for none; `hash` false for file choice. */
  constructor(nranges: number, h: number, center: number, seed: number, hash = true) {
    super(nranges, center, seed, hash);
    this.power = Math.log(h) / Math.log(1.0 - h);
  }

  /** Next range index. */
  next(): number {
    const u = this.uniform();
    return this.place(Math.floor((this.nranges - 1) * Math.pow(u, this.power)));
  }
}
