/**
 * Which of a job's files the next I/O goes to (file_service_type):
 * roundrobin (default) moves to the next file every N I/Os, sequential
 * stays on a file until it is done, random draws a file every N I/Os from
 * the job's file stream. Done files are skipped until the next pass.
 */

import { seedLow32, SeedSlot } from "./random/seeds.ts";
import { Taus88 } from "./random/taus88.ts";
import { Tausworthe64 } from "./random/tausworthe64.ts";
import type { UnitRandom } from "./random/unit.ts";

/** File choice for one job. */
export class FileSelector {
  /** Number of files. */
  readonly count: number;
  /** 1 for files finished this pass. */
  readonly done: Uint8Array;
  private readonly type: "roundrobin" | "random" | "sequential";
  private readonly switchEvery: number;
  private readonly rand: UnitRandom | null;
  private doneCount = 0;
  private current = -1;
  private left = 0;

  constructor(
    count: number,
    type: "roundrobin" | "random" | "sequential",
    switchEvery: number,
    seeds: BigUint64Array,
    use64: boolean,
  ) {
    this.count = count;
    this.done = new Uint8Array(count);
    this.type = type;
    this.switchEvery = Math.max(1, switchEvery);
    const seed = seeds[SeedSlot.file];
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
