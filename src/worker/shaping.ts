/**
 * Everything that shapes when a job may issue its next I/O, in one object
 * the I/O loop calls at three points (before an I/O, after issuing it,
 * after it completes): flow control, rate limits and minimums, thinktime,
 * the latency_target depth search and max_latency. A job that uses none of
 * them gets no Shaper, so the loop pays one null check per call site.
 */
import type { IoUnit } from "../engines/types.ts";
import { perDirOption } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";
import type { FlowJoin } from "../run/flow_area.ts";
import { FlowMember } from "./flow.ts";
import {
  LatencyTarget,
  type LatencyTargetOptions,
  readLatencyTarget,
  TargetStep,
} from "./latency_target.ts";
import { RateLimiter, type RateOptions, readRateOptions } from "./rate.ts";
import { Sleeper } from "./sleep.ts";
import { readThinkOptions, type ThinkOptions, ThinkTime } from "./thinktime.ts";

/** The shaping options of a job (part of JobRunOptions). */
export interface ShapingOptions {
  /** The job name (rate minimum messages). */
  readonly name: string;
  readonly jobNumber: number;
  readonly seed: bigint;
  readonly rate: RateOptions | null;
  readonly think: ThinkOptions | null;
  readonly target: LatencyTargetOptions | null;
  /** max_latency per direction in ns (0: none), or null. */
  readonly maxLatNs: readonly number[] | null;
}

/** Reads the shaping options of `spec`; null when the job uses none. */
export function readShapingOptions(spec: JobSpec, iodepth: number): ShapingOptions | null {
  const rate = readRateOptions(spec);
  const think = readThinkOptions(spec);
  const target = readLatencyTarget(spec, iodepth);
  const maxLat = perDirOption(spec, "max_latency").map((us) => us * 1000);
  const maxLatNs = maxLat.some((v) => v > 0) ? maxLat : null;
  if (rate === null && think === null && target === null && maxLatNs === null) return null;
  return {
    name: spec.name,
    jobNumber: spec.jobNumber,
    seed: spec.seed,
    rate,
    think,
    target,
    maxLatNs,
  };
}

/** What a completion asks of the loop. */
export const Shaped = {
  OK: 0,
  /** The job failed: `errno`, `errorText` and `line` say how. */
  FAIL: 1,
  /** latency_target's final window starts: statistics start again now. */
  RESET_STATS: 2,
  /** latency_target is done: the job ends. */
  DONE: 3,
} as const;

const DDIR_NAMES = ["read", "write", "trim"];

/** One job's shaping state. */
export class Shaper {
  readonly rate: RateLimiter | null;
  readonly think: ThinkTime | null;
  readonly flow: FlowMember | null;
  readonly target: LatencyTarget | null;
  private readonly maxLatNs: Float64Array | null;
  private readonly name: string;
  private readonly now: () => number;
  private readonly stopped: () => boolean;
  private readonly sleeper: Sleeper;
  /** Waits for every I/O in flight (fio's io_u_quiesce) before a pause. */
  private readonly quiesce: () => void;
  /** Direction of the last read/write/trim issued (thinktime's rate credit). */
  private lastDdir = 0;
  private readonly mixed: boolean;
  private readonly out = new Float64Array(1);
  /** Completed bytes and I/Os per direction (rate minimums). */
  private readonly doneBytes = new Float64Array(3);
  private readonly doneIos = new Float64Array(3);
  private issuedN = 0;
  private completedN = 0;
  private endNs = Infinity;
  /** In ramp_time: no rate minimum or latency target checks yet (as fio). */
  private inRamp = false;
  /** The failure of a FAIL completion: errno, fio's error text, the line printed first. */
  errno = 0;
  errorText = "";
  line = "";

  constructor(
    o: ShapingOptions | null,
    flow: FlowJoin | null,
    minBs: readonly number[],
    mixed: boolean,
    now: () => number,
    stopped: () => boolean,
    quiesce: () => void = () => {},
  ) {
    this.quiesce = quiesce;
    this.rate = o?.rate ? new RateLimiter(o.rate, minBs, o.seed, o.jobNumber) : null;
    this.think = o?.think ? new ThinkTime(o.think) : null;
    this.target = o?.target ? new LatencyTarget(o.target) : null;
    this.maxLatNs = o?.maxLatNs ? Float64Array.from(o.maxLatNs) : null;
    this.flow = flow ? new FlowMember(flow) : null;
    this.name = o?.name ?? "";
    this.mixed = mixed;
    this.now = now;
    this.stopped = stopped;
    this.sleeper = new Sleeper(now, stopped);
    this.flow?.join();
  }

  /** The queue depth the job may use now (latency_target), else Infinity. */
  get depthLimit(): number {
    return this.target === null ? Infinity : this.target.depth;
  }

  /**
   * The job starts its I/O at `now`; pauses never run past `endNs`;
   * `ramping` while ramp_time lasts.
   */
  start(now: number, endNs: number, ramping: boolean): void {
    this.endNs = endNs;
    this.inRamp = ramping;
    this.rate?.reset(now);
    this.think?.reset(now);
    this.target?.reset(now, this.completedN);
  }

  /** ramp_time ended: rates and the depth search start again. */
  rampEnd(now: number): void {
    this.inRamp = false;
    this.rate?.reset(now);
    this.target?.reset(now, this.completedN);
  }

  /**
   * Before a read, write or trim: waits for the flow and the rate. Returns
   * the direction to issue (a mixed job may switch to the direction that
   * is behind its rate), or -1 when the job must end instead.
   */
  beforeIssue(ddir: number): number {
    const think = this.think;
    if (think !== null) {
      // fio thinks after an I/O is issued, before the next one: the same point.
      const now = this.now();
      if (think.due(this.issuedN, this.completedN, now)) this.pause(this.lastDdir, now);
    }
    const target = this.target;
    if (target !== null && target.quiesce) {
      // The depth just dropped: let the deeper queue drain first.
      target.quiesce = false;
      this.quiesce();
    }
    const flow = this.flow;
    if (flow !== null && !flow.tryIssue()) {
      const sleepNs = flow.sleepNs;
      for (let tries = 0;; tries++) {
        // Without flow_sleep fio retries at once; after a few tries the
        // CPU goes to the jobs this one waits for.
        if (sleepNs === 0 && tries >= 16) this.sleeper.yieldCpu();
        if (sleepNs > 0 && tries === 0) this.quiesce();
        const t = sleepNs > 0 ? this.sleeper.for(sleepNs) : this.now();
        if (t >= this.endNs || this.stopped()) return -1;
        if (flow.tryIssue()) break;
      }
    }
    const rate = this.rate;
    if (rate !== null && rate.limited) {
      const now = this.now();
      const d = rate.pick(ddir, now, this.mixed, this.out);
      const at = this.out[0];
      if (at > now) {
        this.quiesce();
        const t = this.sleeper.until(at < this.endNs ? at : this.endNs);
        if (t >= this.endNs || this.stopped()) return -1;
      }
      return d;
    }
    return ddir;
  }

  /** After a read, write or trim was handed to the engine. */
  issued(ddir: number, bytes: number): void {
    this.issuedN++;
    this.lastDdir = ddir;
    if (this.rate !== null) this.rate.issued(ddir, bytes);
  }

  /** After a read, write or trim completed with `bytes` in `latNs`. Returns a Shaped code. */
  completed(io: IoUnit, bytes: number, latNs: number): number {
    const d = io.ddir;
    this.completedN++;
    const maxLat = this.maxLatNs;
    if (maxLat !== null && maxLat[d] > 0 && latNs > maxLat[d]) {
      return this.latencyFailure(io, latNs, maxLat[d]);
    }
    const target = this.target;
    let step: number = Shaped.OK;
    if (target !== null && !this.inRamp) {
      const now = this.now();
      if (!target.onLatency(latNs, now, this.completedN)) {
        return this.latencyFailure(io, latNs, target.o.targetNs);
      }
      const s = target.check(now, this.completedN);
      if (s === TargetStep.DONE) return Shaped.DONE;
      if (s === TargetStep.RESET_STATS) step = Shaped.RESET_STATS;
    }
    const rate = this.rate;
    if (rate !== null && rate.hasMin && !this.inRamp) {
      this.doneBytes[d] += bytes;
      this.doneIos[d]++;
      if (!rate.checkMin(this.now(), this.name, this.doneBytes, this.doneIos)) {
        this.errno = 5;
        this.errorText = "file:backend.c:1131, func=check_min_rate, error=Input/output error";
        this.line = rate.failure;
        return Shaped.FAIL;
      }
    }
    return step;
  }

  /** One thinktime pause: spin, then sleep, never past the runtime. */
  private pause(ddir: number, now: number): void {
    const o = this.think!.o;
    const issued = this.issuedN, completed = this.completedN;
    this.quiesce();
    now = this.now();
    const left = this.endNs - now;
    let t = now;
    if (o.spinNs > 0) t = this.sleeper.spin(o.spinNs < left ? o.spinNs : left);
    const rest = o.thinkNs - (t - now);
    if (rest > 0) {
      const end = t + rest;
      t = this.sleeper.until(end < this.endNs ? end : this.endNs);
    }
    this.rate?.thought(ddir, t - now);
    this.think!.thought(issued, completed, t);
  }

  private latencyFailure(io: IoUnit, latNs: number, maxNs: number): number {
    this.errno = 110;
    this.errorText = "file:io_u.c:1432, func=max latency exceeded, error=Connection timed out";
    this.line = `fio: latency of ${latNs} nsec exceeds specified max (${maxNs} nsec): ` +
      `${io.file.name} ${DDIR_NAMES[io.ddir]} ${io.offset} ${io.buflen}`;
    return Shaped.FAIL;
  }

  /** The job ended: it leaves its flow so the others rebalance. */
  finish(): void {
    this.flow?.leave();
  }
}
