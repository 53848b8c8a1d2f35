/**
 * Rate limits (`rate`, `rate_iops`, `rate_process`) and rate minimums
 * (`rate_min`, `rate_iops_min`, `rate_cycle`), per direction, with fio's
 * accounting: a direction may issue its next I/O once the clock passes
 * `issued bytes / bytes per second` since the job's epoch (linear), or
 * after an exponentially distributed gap per I/O (poisson). Because the
 * schedule is absolute, a late wake-up is caught up by the next I/Os, so
 * the average rate holds however coarse a single sleep is.
 *
 * Times are ns on the job's clock; the poisson gaps are computed in whole
 * microseconds as fio does.
 */

import { DDIR } from "../engines/types.ts";
import { FioError } from "../errors.ts";
import { isSet, numberOption, perDirOption, stringOption } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";
import { Taus88 } from "./random/taus88.ts";
import { jobSeeds, seedLow32 } from "./random/seeds.ts";

/** Rate settings of one job, per direction (read, write, trim). */
export interface RateOptions {
  /** Bytes per second (rate=). */
  readonly bps: readonly number[];
  /** I/Os per second (rate_iops=). */
  readonly iops: readonly number[];
  /** Minimum bytes per second (rate_min=). */
  readonly minBps: readonly number[];
  /** Minimum I/Os per second (rate_iops_min=). */
  readonly minIops: readonly number[];
  /** rate_cycle in ms. */
  readonly cycleMs: number;
  readonly poisson: boolean;
  /** rate_ignore_thinktime. */
  readonly ignoreThinktime: boolean;
}

/** fio's seed slots of the poisson generators (read, write, trim). */
const POISSON_SLOTS = [15, 17, 18];
/** fio lets a job settle this long before it checks rate minimums (ns). */
const SETTLE_NS = 2e9;

/** Reads the rate options of `spec`; null when none is set. */
export function readRateOptions(spec: JobSpec): RateOptions | null {
  const names = ["rate", "rate_iops", "rate_min", "rate_iops_min"];
  if (!names.some((n) => isSet(spec, n))) return null;
  return {
    bps: perDirOption(spec, "rate"),
    iops: perDirOption(spec, "rate_iops"),
    minBps: perDirOption(spec, "rate_min"),
    minIops: perDirOption(spec, "rate_iops_min"),
    cycleMs: numberOption(spec, "rate_cycle", 1000),
    poisson: stringOption(spec, "rate_process", "linear") === "poisson",
    ignoreThinktime: numberOption(spec, "rate_ignore_thinktime") !== 0,
  };
}

/**
 * fio's option checks on rates (made when the job is parsed): the fio
 * lines for a job whose rates contradict each other, [] when fine.
 */
export function rateOptionErrors(o: RateOptions): string[] {
  for (let d = 0; d < 3; d++) {
    if ((o.bps[d] > 0 && o.iops[d] > 0) || (o.minBps[d] > 0 && o.minIops[d] > 0)) {
      return ["fio: rate and rate_iops are mutually exclusive"];
    }
  }
  const out: string[] = [];
  for (let d = 0; d < 3; d++) {
    if ((o.bps[d] > 0 && o.bps[d] < o.minBps[d]) || (o.iops[d] > 0 && o.iops[d] < o.minIops[d])) {
      out.push(`fio: minimum rate exceeds rate, ddir ${d}`);
    }
  }
  return out;
}

/** Throws fio's error when any job of the run has contradicting rates. */
export function checkRates(jobs: readonly JobSpec[]): void {
  for (const spec of jobs) {
    const o = readRateOptions(spec);
    const errs = o === null ? [] : rateOptionErrors(o);
    if (errs.length > 0) throw new FioError(errs.join("\n"));
  }
}

/** One job's rate state. */
export class RateLimiter {
  /** Limit per direction in bytes/s (0: none). */
  readonly bps = new Float64Array(3);
  /** Whether any direction has a limit. */
  readonly limited: boolean;
  /** Whether a minimum is checked. */
  readonly hasMin: boolean;
  private readonly o: RateOptions;
  private readonly minBs: readonly number[];
  /** Bytes issued per direction since the epoch. */
  private readonly issuedBytes = new Float64Array(3);
  /** Earliest time of the next I/O per direction (ns, absolute). */
  readonly next = new Float64Array(3);
  /** poisson: the schedule in us since the epoch. */
  private readonly lastUs = new Float64Array(3);
  /** Rate minimum sampling: bytes and I/Os at the last sample, its time. */
  private readonly minBytes = new Float64Array(3);
  private readonly minIos = new Float64Array(3);
  private readonly minAt = new Float64Array(3);
  private readonly gens: Taus88[] = [];
  private epoch = 0;
  private startNs = 0;
  /** The fio line of a failed minimum check. */
  failure = "";

  /**
   * `minBs` is the smallest block size per direction (rate_iops counts
   * those); `seed` and `jobNumber` seed the poisson generators.
   */
  constructor(o: RateOptions, minBs: readonly number[], seed: bigint, jobNumber: number) {
    this.o = o;
    this.minBs = minBs;
    let limited = false;
    for (let d = 0; d < 3; d++) {
      this.bps[d] = o.bps[d] > 0 ? o.bps[d] : o.iops[d] * minBs[d];
      if (this.bps[d] > 0) limited = true;
    }
    this.limited = limited;
    this.hasMin = o.minBps.some((v) => v > 0) || o.minIops.some((v) => v > 0);
    if (o.poisson) {
      const seeds = jobSeeds(seed, jobNumber, 19);
      for (const s of POISSON_SLOTS) this.gens.push(new Taus88(seedLow32(seeds[s])));
    }
  }

  /** Starts the schedule (job start, and again when ramp_time ends). */
  reset(now: number): void {
    this.epoch = now;
    this.startNs = now;
    this.issuedBytes.fill(0);
    this.lastUs.fill(0);
    this.next.fill(now);
    this.minBytes.fill(0);
    this.minIos.fill(0);
    this.minAt.fill(0);
  }

  /**
   * fio's rate_ddir: the direction to issue next and how long to wait for
   * it. For a mixed job ahead of its rate in `ddir`, the other direction
   * goes first when it is behind. Writes the wait deadline (ns, absolute;
   * <= now when none) to `out[0]` and returns the direction.
   */
  pick(ddir: number, now: number, mixed: boolean, out: Float64Array): number {
    const next = this.next;
    if (next[ddir] <= now) {
      out[0] = now;
      return ddir;
    }
    const odir = ddir ^ 1;
    if (mixed && ddir <= DDIR.WRITE) {
      if (this.bps[odir] > 0 && next[odir] <= now) {
        out[0] = now;
        return odir;
      }
      if (this.bps[odir] > 0 && next[odir] < next[ddir]) {
        out[0] = next[odir];
        return odir;
      }
    }
    out[0] = next[ddir];
    return ddir;
  }

  /** Accounts an issued I/O and schedules the direction's next one. */
  issued(ddir: number, bytes: number): void {
    const bps = this.bps[ddir];
    if (bps === 0) return;
    this.issuedBytes[ddir] += bytes;
    if (this.o.poisson) {
      const iops = Math.floor(bps / this.minBs[ddir]);
      const gap = Math.floor(
        Math.floor(1e6 / Math.max(1, iops)) * -Math.log(this.gens[ddir].nextUnit()),
      );
      this.lastUs[ddir] += gap;
      this.next[ddir] = this.epoch + this.lastUs[ddir] * 1000;
    } else {
      this.next[ddir] = this.epoch + (this.issuedBytes[ddir] * 1e9) / bps;
    }
  }

  /**
   * rate_ignore_thinktime: counts `ns` of thinking as if the direction had
   * kept issuing, minus one block so it resumes at once.
   */
  thought(ddir: number, ns: number): void {
    const bps = this.bps[ddir];
    if (bps === 0 || !this.o.ignoreThinktime || ns <= 0) return;
    const us = Math.floor(ns / 1000);
    const missed = Math.floor((bps * us) / 1e6);
    const bs = this.minBs[ddir];
    const usPerOp = Math.floor((bs * 1e6) / bps);
    // fio's unsigned arithmetic makes the "over" term 0 when one block
    // takes longer than the pause.
    const over = usPerOp <= us ? bs : 0;
    this.issuedBytes[ddir] += missed - over;
    this.lastUs[ddir] += us;
  }

  /**
   * fio's rate minimum check after a completion: false (and `failure` set
   * to fio's line) when a direction fell below its minimum over the last
   * rate_cycle. `bytes` and `ios` are what the job completed so far.
   */
  checkMin(now: number, name: string, bytes: Float64Array, ios: Float64Array): boolean {
    if (now - this.startNs < SETTLE_NS) return true;
    const o = this.o;
    for (let d = 0; d < 3; d++) {
      if (o.minBps[d] === 0 && o.minIops[d] === 0) continue;
      if (this.minBytes[d] > 0 || this.minIos[d] > 0) {
        const spentMs = Math.floor((now - this.minAt[d]) / 1e6);
        if (spentMs < o.cycleMs) continue;
        if (o.minBps[d] > 0) {
          if (bytes[d] < this.minBytes[d]) {
            return this.fail(
              `${name}: rate_min=${o.minBps[d]}B/s not met, only transferred ${bytes[d]}B`,
            );
          }
          const rate = spentMs > 0
            ? Math.floor(((bytes[d] - this.minBytes[d]) * 1000) / spentMs)
            : 0;
          if (rate < o.minBps[d]) {
            return this.fail(`${name}: rate_min=${o.minBps[d]}B/s not met, got ${rate}B/s`);
          }
        } else {
          if (ios[d] < this.minIos[d]) {
            return this.fail(
              `${name}: rate_iops_min=${o.minIops[d]} not met, only performed ${ios[d]} IOs`,
            );
          }
          const rate = spentMs > 0 ? Math.floor(((ios[d] - this.minIos[d]) * 1000) / spentMs) : 0;
          if (rate < o.minIops[d]) {
            return this.fail(`${name}: rate_iops_min=${o.minIops[d]} not met, got ${rate} IOPS`);
          }
        }
      }
      this.minBytes[d] = bytes[d];
      this.minIos[d] = ios[d];
      this.minAt[d] = now;
    }
    return true;
  }

  private fail(line: string): boolean {
    this.failure = line;
    return false;
  }
}
