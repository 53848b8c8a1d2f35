/**
 * Trim verification (trim_percentage, trim_backlog, trim_backlog_batch,
 * trim_verify_zero), as measured on fio 3.33 with a loop block device:
 * - each verified write is picked for trimming with probability
 *   trim_percentage (one draw of the job's trim random state per write);
 * - picked writes are trimmed, oldest first, in batches: when the history
 *   length is a multiple of trim_backlog, one trim, then up to
 *   trim_backlog_batch (default trim_backlog) more on the following I/Os;
 *   these trims do not count toward the job's size;
 * - with trim_verify_zero (default) a trimmed block stays in the history
 *   and the verify phase checks that it reads back as zeroes; without it
 *   the block is dropped from the history (not read back);
 * - picked writes not trimmed by the end of a write pass are reported
 *   ("fio: N trim entries leaked?"); without trim_backlog none are trimmed.
 * fio 3.33 only runs these trims for rw=trimwrite / randtrimwrite: any
 * other writing job aborts on an assertion, so dfio refuses it.
 */

import { FioError } from "../../errors.ts";
import { boolOption, numberOption } from "../../job/options.ts";
import type { JobSpec } from "../../job/spec.ts";
import type { JobRunOptions } from "../job_options.ts";
import { Taus88 } from "../random/taus88.ts";
import { Tausworthe64 } from "../random/tausworthe64.ts";
import { seedLow32 } from "../random/seeds.ts";
import { grown } from "../typed_grow.ts";

/** A job's trim verification settings. */
export interface TrimOptions {
  /** trim_percentage (1..100). */
  readonly percentage: number;
  /** trim_verify_zero. */
  readonly zero: boolean;
  /** trim_backlog (0: never trim, entries leak). */
  readonly backlog: number;
  /** trim_backlog_batch (0: trim_backlog). */
  readonly batch: number;
}

/** Per history entry: not trimmed, trimmed and to be read as zeroes, dropped. */
export const TRIM_NONE = 0;
/** A trimmed entry kept for the zero check. */
export const TRIM_ZERO = 1;
/** A trimmed entry dropped from the history (trim_verify_zero=0). */
export const TRIM_DROPPED = 2;

/**
 * The trim settings of a verifying job, or null when trim_percentage is 0.
 * Throws for jobs fio 3.33 cannot run.
 */
export function readTrimOptions(
  spec: JobSpec,
  run: JobRunOptions,
  verifyBacklog: number,
): TrimOptions | null {
  const percentage = numberOption(spec, "trim_percentage", 0);
  if (percentage <= 0) return null;
  const backlog = numberOption(spec, "trim_backlog", 0);
  if (backlog > 0 && !run.rw.trimWrite && run.rw.write) {
    // fio 3.33 aborts (fio_ro_check assertion) when it issues these trims.
    throw new FioError(
      "fio: trim_backlog with trim_percentage needs rw=trimwrite or randtrimwrite (fio 3.33 aborts)",
    );
  }
  if (backlog > 0 && verifyBacklog > 0) {
    throw new FioError("fio: option 'trim_backlog' with verify_backlog is not supported yet");
  }
  return {
    percentage,
    zero: boolOption(spec, "trim_verify_zero", true),
    backlog,
    batch: numberOption(spec, "trim_backlog_batch", 0),
  };
}

/** The trim side of one job's verify state. */
export class TrimVerify {
  readonly opts: TrimOptions;
  /** Per history entry: TRIM_NONE, TRIM_ZERO or TRIM_DROPPED. */
  state = new Uint8Array(1024);
  /** Entries dropped from the history (they no longer count in its length). */
  dropped = 0;
  private queue = new Int32Array(1024);
  private qHead = 0;
  private qTail = 0;
  private batchLeft = 0;
  private readonly r32: Taus88 | null;
  private readonly r64: Tausworthe64 | null;
  /** Draws at or below this pick a write (fio: rand_max / 100 * percentage), 32-bit form. */
  private readonly limit32: number;
  private readonly limitHi: number;
  private readonly limitLo: number;

  private readonly seed: bigint;

  constructor(opts: TrimOptions, seed: bigint, use64: boolean) {
    this.opts = opts;
    this.seed = seed;
    this.r32 = use64 ? null : new Taus88(seedLow32(seed));
    this.r64 = use64 ? new Tausworthe64(seed) : null;
    this.limit32 = Math.floor(0xffffffff / 100) * opts.percentage;
    const lim64 = (0xffffffffffffffffn / 100n) * BigInt(opts.percentage);
    this.limitHi = Number(lim64 >> 32n);
    this.limitLo = Number(lim64 & 0xffffffffn);
  }

  /** Trim entries picked and not yet trimmed. */
  get waiting(): number {
    return this.qTail - this.qHead;
  }

  /** A verified write was logged as history entry `e`: draws whether to trim it. */
  logged(e: number): void {
    if (e >= this.state.length) {
      this.state = grown(this.state, Math.max(e + 1, this.state.length * 2));
    }
    this.state[e] = TRIM_NONE;
    if (!this.pick()) return;
    if (this.qTail === this.queue.length) {
      if (this.qHead > 0) {
        this.queue.copyWithin(0, this.qHead, this.qTail);
        this.qTail -= this.qHead;
        this.qHead = 0;
      } else this.queue = grown(this.queue, this.queue.length * 2);
    }
    this.queue[this.qTail++] = e;
  }

  /** fio's io_u_should_trim: one draw of the trim random state. */
  private pick(): boolean {
    if (this.r32 !== null) return this.r32.next() <= this.limit32;
    const r = this.r64!;
    r.next();
    const hi = r.hi, lo = r.lo;
    return hi < this.limitHi || (hi === this.limitHi && lo <= this.limitLo);
  }

  /**
   * fio's check_get_trim, asked before each I/O of the write pass: the
   * history entry to trim now, or -1. `histLen` is the history length,
   * `lastWasRead` whether the previous I/O was a verify read.
   */
  next(histLen: number, lastWasRead: boolean): number {
    const o = this.opts;
    if (o.backlog === 0 || this.qTail === this.qHead) return -1;
    if (this.batchLeft > 0) {
      this.batchLeft--;
    } else if (histLen % o.backlog === 0 && !lastWasRead) {
      // fio trims once here and then up to `batch` more on later I/Os.
      this.batchLeft = o.batch > 0 ? o.batch : o.backlog;
    } else return -1;
    const e = this.queue[this.qHead++];
    if (this.qHead === this.qTail) this.qHead = this.qTail = 0;
    if (o.zero) this.state[e] = TRIM_ZERO;
    else {
      this.state[e] = TRIM_DROPPED;
      this.dropped++;
    }
    return e;
  }

  /** fio's end-of-pass report of picked writes never trimmed, or "". */
  leakReport(): string {
    const n = this.waiting;
    return n > 0 ? `fio: ${n} trim entries leaked?` : "";
  }

  /** A new loop: fio reseeds its trim random state (the same picks again). */
  newPass(): void {
    if (this.r32 !== null) this.r32.seed(seedLow32(this.seed));
    else this.r64!.seed(this.seed);
  }

  /** Forgets everything (the history was cleared after a verify phase). */
  clear(): void {
    this.qHead = this.qTail = 0;
    this.dropped = 0;
    this.batchLeft = 0;
  }
}

/** Index of the first non-zero byte in `buf[0, len)`, or -1. */
export function firstNonZero(buf: Uint8Array, len: number): number {
  for (let i = 0; i < len; i++) if (buf[i] !== 0) return i;
  return -1;
}
