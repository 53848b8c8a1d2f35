/**
 * The completion latency histogram log (write_hist_log + log_hist_msec):
 * per direction, the clat histogram of the I/Os since that direction's last
 * entry, as `time, ddir, bs, bin0, bin1, ...` with fio's 1856 buckets
 * merged 2^log_hist_coarseness at a time.
 *
 * Window rule measured on fio 3.33: a direction's window starts at the
 * first completion with a non-zero elapsed time; each completion at least
 * log_hist_msec after the window start writes an entry (that completion
 * included) and moves the start on by exactly log_hist_msec, so windows
 * keep a fixed cadence and a long pause yields several entries in a row.
 * Nothing is written for an unfinished window at exit.
 */

import { bucketIndex, PLAT_NR } from "../../stats/histogram.ts";

/** Number of columns of bins fio writes for `coarseness`. */
export function histBins(coarseness: number): number {
  return Math.ceil(PLAT_NR / 2 ** coarseness);
}

/** Merges `counts` (PLAT_NR buckets from `from`) into `histBins(c)` sums. */
export function mergeBins(counts: Float64Array, from: number, coarseness: number): number[] {
  const step = 2 ** coarseness;
  const out: number[] = [];
  for (let s = 0; s < PLAT_NR; s += step) {
    let sum = 0;
    const end = Math.min(s + step, PLAT_NR);
    for (let k = s; k < end; k++) sum += counts[from + k];
    out.push(sum);
  }
  return out;
}

/** A histogram log. */
export class HistLog {
  private readonly write: (text: string) => void;
  private readonly msec: number;
  private readonly coarseness: number;
  /** Bucket counts of the open window, PLAT_NR per direction. */
  private readonly counts = new Float64Array(3 * PLAT_NR);
  /** Window start per direction, ms (0: not started yet). */
  private readonly last = new Float64Array(3);
  private pending: string[] = [];

  /** `msec` is log_hist_msec (> 0), `coarseness` log_hist_coarseness. */
  constructor(write: (text: string) => void, msec: number, coarseness: number) {
    this.write = write;
    this.msec = msec;
    this.coarseness = coarseness;
  }

  /**
   * One completion: direction, block size, clat in ns, at `elapsedMs`
   * since the stats started (`stampMs` is the time written).
   */
  add(elapsedMs: number, stampMs: number, ddir: number, bs: number, clatNs: number): void {
    this.counts[ddir * PLAT_NR + bucketIndex(clatNs)]++;
    const last = this.last[ddir];
    if (last === 0) {
      this.last[ddir] = elapsedMs;
      return;
    }
    if (elapsedMs - last < this.msec) return;
    this.last[ddir] = last + this.msec;
    const from = ddir * PLAT_NR;
    const bins = mergeBins(this.counts, from, this.coarseness);
    this.counts.fill(0, from, from + PLAT_NR);
    this.pending.push(`${stampMs}, ${ddir}, ${bs}, ${bins.join(", ")}\n`);
  }

  /** Forgets the windows (the stats restart after ramp_time). */
  reset(): void {
    this.counts.fill(0);
    this.last.fill(0);
  }

  /** Writes the finished entries out. */
  flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join("");
    this.pending = [];
    this.write(text);
  }
}
