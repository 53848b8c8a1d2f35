/**
 * latency_target: fio's search for the deepest queue whose latencies stay
 * under the target. The depth starts at 1; after every latency_window in
 * which enough I/Os (latency_percentile) met the target it doubles (or
 * bisects towards the lowest failing depth); a window that misses halves
 * it towards the highest passing one. Once the depth stops changing the
 * job runs one more window at it with fresh statistics and ends, unless
 * latency_run keeps it searching for the whole run. Missing the target at
 * depth 1 with percentile 100 fails the job.
 */

import { numberOption } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";

/** latency_target settings, times in ns. */
export interface LatencyTargetOptions {
  readonly targetNs: number;
  readonly windowNs: number;
  readonly percentile: number;
  /** latency_run: keep searching instead of ending after the final window. */
  readonly keepRunning: boolean;
  readonly iodepth: number;
}

/** Reads the latency_target options; null when there is no target. */
export function readLatencyTarget(spec: JobSpec, iodepth: number): LatencyTargetOptions | null {
  const target = numberOption(spec, "latency_target");
  if (target <= 0) return null;
  const pv = (spec.options["latency_percentile"] ?? null) as unknown;
  const perc = Array.isArray(pv) && typeof pv[0] === "number"
    ? pv[0]
    : typeof pv === "number"
    ? pv
    : 100;
  return {
    targetNs: target * 1000,
    windowNs: numberOption(spec, "latency_window") * 1000,
    percentile: perc,
    keepRunning: numberOption(spec, "latency_run") !== 0,
    iodepth,
  };
}

/** What a window check asks the loop to do. */
export const TargetStep = { NONE: 0, RESET_STATS: 1, DONE: 2 } as const;

/** The queue-depth search of one job. */
export class LatencyTarget {
  readonly o: LatencyTargetOptions;
  /** The depth the job may use now. */
  depth = 1;
  private low = 1;
  private high = 1;
  private stable = 0;
  private endRun = false;
  private failed = 0;
  private windowStart = 0;
  private windowIos = 0;
  /** Set when the depth dropped: in-flight I/O should drain first. */
  quiesce = false;

  constructor(o: LatencyTargetOptions) {
    this.o = o;
  }

  /** Starts the search (job start; again at ramp end unless in the final run). */
  reset(now: number, completed: number): void {
    if (this.endRun) return;
    this.depth = 1;
    this.high = this.o.iodepth;
    this.low = 1;
    this.newWindow(now, completed);
  }

  private newWindow(now: number, completed: number): void {
    this.windowStart = now;
    this.windowIos = completed;
    this.failed = 0;
  }

  /**
   * Accounts one completion's latency. False when the target cannot be
   * met at all (depth 1, percentile 100): the job fails.
   */
  onLatency(latNs: number, now: number, completed: number): boolean {
    if (latNs <= this.o.targetNs) return true;
    if (this.o.percentile !== 100) {
      this.failed++;
      return true;
    }
    return this.lower(now, completed);
  }

  private lower(now: number, completed: number): boolean {
    if (this.depth === 1) return false;
    this.high = this.depth;
    if (this.depth === this.low) this.low--;
    this.depth = Math.floor((this.depth + this.low) / 2);
    this.stable = 0;
    this.quiesce = true;
    this.newWindow(now, completed);
    return true;
  }

  /** After each I/O: judges a finished window. Returns a TargetStep. */
  check(now: number, completed: number): number {
    if (now - this.windowStart < this.o.windowNs) return TargetStep.NONE;
    const ios = completed - this.windowIos;
    const success = ios > 0 ? ((ios - this.failed) / ios) * 100 : 0;
    if (success >= this.o.percentile) return this.raise(now, completed);
    this.lower(now, completed);
    return TargetStep.NONE;
  }

  private raise(now: number, completed: number): number {
    const qd = this.depth;
    this.low = qd;
    if (qd + 1 === this.high) this.stable++;
    if (this.high !== this.o.iodepth) this.depth = Math.floor((qd + this.high) / 2);
    else this.depth = qd * 2;
    if (this.depth > this.o.iodepth) this.depth = this.o.iodepth;
    let step: number = TargetStep.NONE;
    if (!this.o.keepRunning && this.depth === qd) {
      if (this.endRun) return TargetStep.DONE;
      this.endRun = true;
      this.quiesce = true;
      step = TargetStep.RESET_STATS;
    }
    this.newWindow(now, completed);
    return step;
  }
}
