/**
 * Bandwidth and IOPS sampling as fio does it: every `bwavgtime` /
 * `iopsavgtime` ms the rate since the previous sample becomes one sample of
 * a running stat (fio's bw_min/bw_max/bw_mean/bw_dev/bw_samples and
 * iops_*). Rates are integers: bytes * 1000 / ms / 1024 for KiB/s, ios *
 * 1000 / ms for IOPS, each division truncated. A direction with nothing
 * done in the interval gets no sample.
 */

import { RunningStat } from "./running.ts";

/** fio samples up to this many ms early rather than sleeping again. */
export const LOG_MSEC_SLACK = 1;

/** What a sampler measures. */
export type RateUnit = "kib" | "count";

/** One rate sample per interval, per direction (read, write, trim). */
export class RateSampler {
  /** Interval in ms. */
  readonly avgTimeMs: number;
  /** "kib" for bandwidth in KiB/s, "count" for IOPS. */
  readonly unit: RateUnit;
  /** Running stat of the samples, per direction. */
  readonly stats: RunningStat[] = [new RunningStat(), new RunningStat(), new RunningStat()];
  /** Totals at the previous sample, per direction. */
  private readonly lastTotals = new Float64Array(3);
  /** Time of the previous sample, ms. */
  private lastMs: number;

  /** Starts sampling at `startMs` (the job's start time, ms). */
  constructor(avgTimeMs: number, unit: RateUnit, startMs: number) {
    this.avgTimeMs = avgTimeMs;
    this.unit = unit;
    this.lastMs = startMs;
  }

  /**
   * Call with the current time (ms, whole milliseconds as fio measures
   * them) and the running totals per direction (bytes for "kib", I/Os for
   * "count"). Takes a sample when an interval is (nearly) over. Returns the
   * ms until the next sample is due. Allocation-free.
   */
  tick(nowMs: number, totals: ArrayLike<number>): number {
    const spent = Math.floor(nowMs - this.lastMs);
    const avg = this.avgTimeMs;
    if (spent < avg && avg - spent > LOG_MSEC_SLACK) return avg - spent;
    for (let d = 0; d < 3; d++) {
      const delta = totals[d] - this.lastTotals[d];
      if (delta === 0) continue;
      let rate = 0;
      if (spent > 0) {
        rate = Math.floor((delta * 1000) / spent);
        if (this.unit === "kib") rate = Math.floor(rate / 1024);
      }
      this.stats[d].add(rate);
      this.lastTotals[d] = totals[d];
    }
    this.lastMs = nowMs;
    return avg;
  }
}
