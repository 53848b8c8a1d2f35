/**
 * Which of a job's files the next I/O goes to (file_service_type):
 * roundrobin (default) moves to the next file every N I/Os, sequential
 * stays on a file until it is done, random draws a file every N I/Os from
 * the job's file stream. Done files are skipped until the next pass.
 *
 * zipf, pareto and normal (measured on fio 3.33) draw a file for every I/O
 * from a skewed generator over `nrfiles * 1024` ranges, seeded from the
 * file seed slot, with no hash (so file 0's neighbourhood is the hot one,
 * shifted by the generator's random offset for zipf and pareto); the file
 * is the range divided by 1024.
 */

import { Gauss } from "./random/gauss.ts";
import { Pareto } from "./random/pareto.ts";
import { seedLow32, SeedSlot } from "./random/seeds.ts";
import { Taus88 } from "./random/taus88.ts";
import { Tausworthe64 } from "./random/tausworthe64.ts";
import type { UnitRandom } from "./random/unit.ts";
import { type RangeRandom, Zipf } from "./random/zipf.ts";

/** fio's file_service_type policies. */
export type FileServicePolicy =
  | "roundrobin"
  | "random"
  | "sequential"
  | "zipf"
  | "pareto"
  | "normal";

/** Ranges per file of the skewed file choice (fio's shift of 10 bits). */
const RANGES_PER_FILE = 1024;

/** fio's default parameter of a skewed policy given without one. */
const SKEW_DEFAULT: Record<string, number> = { zipf: 1.1, pareto: 0.2, normal: 0 };

/** The skewed file-choice generator of `type` over `count` files. */
function skewedFiles(type: string, count: number, param: number, seed: number): RangeRandom {
  const n = count * RANGES_PER_FILE;
  const p = Number.isNaN(param) ? SKEW_DEFAULT[type] : param;
  if (type === "zipf") return new Zipf(n, p, -1, seed, false);
  if (type === "pareto") return new Pareto(n, p, -1, seed, false);
  return new Gauss(n, p, -1, seed, false);
}

/** File choice for one job. */
export class FileSelector {
  /** Number of files. */
  readonly count: number;
  /** 1 for files finished this pass. */
  readonly done: Uint8Array;
  private readonly type: FileServicePolicy;
  private readonly switchEvery: number;
  private readonly rand: UnitRandom | null;
  private readonly skew: RangeRandom | null;
  private doneCount = 0;
  private current = -1;
  private left = 0;

  /**
   * `switchEvery` is the policy's number: the switch count for roundrobin,
   * random and sequential; θ, h or σ for zipf, pareto and normal (NaN for
   * fio's default), which switch on every I/O.
   */
  constructor(
    count: number,
    type: FileServicePolicy,
    switchEvery: number,
    seeds: BigUint64Array,
    use64: boolean,
  ) {
    this.count = count;
    this.done = new Uint8Array(count);
    this.type = type;
    const seed = seeds[SeedSlot.file];
    const skewed = type === "zipf" || type === "pareto" || type === "normal";
    this.switchEvery = skewed ? 1 : Math.max(1, switchEvery);
    this.skew = skewed && count > 1 ? skewedFiles(type, count, switchEvery, seedLow32(seed)) : null;
    this.rand = type !== "random" || count < 2
      ? null
      : use64
      ? new Tausworthe64(seed)
      : new Taus88(seedLow32(seed));
  }

  /** Index of the file for the next I/O, or -1 when every file is done. */
  pick(): number {
    if (this.count === 1) return this.doneCount === 0 ? 0 : -1;
    if (this.doneCount >= this.count) return -1;
    const cur = this.current;
    if (cur >= 0 && this.done[cur] === 0 && this.left > 0) {
      this.left--;
      return cur;
    }
    let next: number;
    if (this.type === "sequential") {
      next = cur < 0 ? 0 : cur;
      while (this.done[next] !== 0) next = (next + 1) % this.count;
    } else if (this.skew !== null) {
      do {
        next = Math.floor(this.skew.next() / RANGES_PER_FILE);
      } while (this.done[next] !== 0);
    } else if (this.rand !== null) {
      do {
        next = Math.floor(this.count * this.rand.nextUnit());
      } while (this.done[next] !== 0);
    } else {
      next = cur < 0 ? 0 : (cur + 1) % this.count;
      while (this.done[next] !== 0) next = (next + 1) % this.count;
    }
    this.current = next;
    this.left = this.type === "sequential" ? Infinity : this.switchEvery - 1;
    return next;
  }

  /** Marks file `i` finished for this pass. */
  markDone(i: number): void {
    if (this.done[i] === 0) {
      this.done[i] = 1;
      this.doneCount++;
    }
  }

  /** Whether every file is done. */
  allDone(): boolean {
    return this.doneCount >= this.count;
  }

  /** A new pass: every file is available again. */
  resetPass(): void {
    this.done.fill(0);
    this.doneCount = 0;
    this.current = -1;
    this.left = 0;
  }
}
