/**
 * One pass of the I/O loop on a queueing engine (libaio, io_uring,
 * posixaio, null with iodepth > 1), with fio's queue-depth rules:
 *
 * - An io unit counts toward the depth from the moment it leaves the free
 *   list (fio's cur_depth). Units are queued one by one; once
 *   `iodepth_batch_submit` of them are queued the job commits, recording
 *   the depth distribution at that moment, weighted by the batch (fio's
 *   td_io_commit). Units the engine submitted on its own (a reap submits
 *   what it holds) stay in that count, even into the next pass (loops=),
 *   as in fio.
 * - The job reaps only when the queue is full (iodepth units out) or the engine
 *   said BUSY with I/O in flight. Then it waits for
 *   min(iodepth_batch_complete_min, depth) completions, at least one, and
 *   at most iodepth_batch_complete_max (which defaults to, and is never
 *   below, the min); it keeps reaping until the depth is down to
 *   `iodepth_low`. Every reap that waits first submits what the engine still
 *   holds (fio's td_io_getevents calls the engine's commit).
 * - The submit distribution counts each engine commit that submitted
 *   something, by how many; slat ends at that engine commit for each unit
 *   it carried. lat = slat + clat for every I/O, so the means add up exactly.
 * - `serialize_overlap`: a unit whose range overlaps one in flight waits,
 *   as if the engine were busy, until completions clear it. Like fio, only
 *   offsets are compared, not files.
 * - With iodepth_batch_complete_min and _max both 0 the job reaps after
 *   every I/O (fio's "polling" mode).
 * - When nothing more can be issued, everything in flight is reaped in one
 *   wait for all of it (fio's final io_u_queued_complete); after a failed
 *   I/O a non-waiting reap comes first, and every failed I/O reaped is
 *   reported, as fio reports them.
 * - Free units leave in fio's order (a stack filled in slot order), which
 *   shows in engines that scan their units in slot order (posixaio).
 *
 * Nothing here allocates per I/O: the free list, the unit index lists and
 * the time stamps are typed arrays sized once.
 */

import { DDIR, type IoUnit, Q } from "../engines/types.ts";
import { fillWriteBuffer } from "./buffers.ts";
import { batchIndex, type Collector, depthIndex } from "./collect.ts";
import type { LoopEnv } from "./loop_env.ts";
import { errnoMessage } from "../sys/errno.ts";

/** What a pass needs from its JobLoop. */
export interface PassHost {
  readonly env: LoopEnv;
  readonly collector: Collector;
  readonly error: number;
  readonly terminated: boolean;
  /** When the next timed event is due, ns. */
  readonly nextEventNs: number;
  /** continue_on_error's counters (errors_policy.ts); absent in unit-test hosts. */
  readonly errors?: { record(ddir: number, err: number, fromEngine?: boolean): boolean };
  /** latency_target's current queue depth limit (Infinity without a target). */
  readonly depthLimit: number;
  /** Nothing per I/O needs the time (JobLoop.untimed); absent: false. */
  readonly untimed?: boolean;
  prepare(io: IoUnit): boolean;
  issued(io: IoUnit): void;
  complete(io: IoUnit, slat: number, clat: number, lat: number): boolean;
  fail(errno: number, line: string, text?: string): void;
  canIssue(): boolean;
  stopped(): boolean;
  events(now: number): boolean;
}

/** The queue-depth settings of a job (fio's, after its fixups). */
export interface DepthSettings {
  readonly depth: number;
  readonly batchSubmit: number;
  readonly completeMin: number;
  readonly completeMax: number;
  readonly low: number;
  readonly serializeOverlap: boolean;
  /**
   * iodepth_batch_complete_min and _max both 0: fio reaps after every
   * queued I/O (its io_in_polling), not only when the queue is full.
   */
  readonly polling: boolean;
}

/**
 * fio's fixups of the depth options: iodepth_batch 0 or above the depth
 * means the depth; iodepth_low 0 or above it means the depth;
 * iodepth_batch_complete_max unset or below the min means the min.
 */
export function depthSettings(
  depth: number,
  o: {
    iodepthBatch: number;
    iodepthBatchCompleteMin: number;
    iodepthBatchCompleteMax: number;
    iodepthLow: number;
    serializeOverlap?: boolean;
  },
): DepthSettings {
  const batch = o.iodepthBatch > 0 && o.iodepthBatch <= depth ? o.iodepthBatch : depth;
  const low = o.iodepthLow > 0 && o.iodepthLow <= depth ? o.iodepthLow : depth;
  const min = Math.max(0, o.iodepthBatchCompleteMin);
  const max = o.iodepthBatchCompleteMax < min ? min : o.iodepthBatchCompleteMax;
  return {
    depth,
    batchSubmit: batch,
    completeMin: min,
    completeMax: max,
    low,
    serializeOverlap: o.serializeOverlap === true,
    polling: min === 0 && o.iodepthBatchCompleteMax === 0,
  };
}

/**
 * An engine whose requests start inside `queue` and that has no commit step
 * (fio's posixaio): the issue time is taken right after `queue`, and each
 * I/O counts as a submit and a completion of one there, as fio counts it.
 */
export interface SubmitsAtQueue {
  readonly submitsAtQueue: true;
}

/**
 * fio's in_flight_overlap: whether `io`'s byte range overlaps a unit marked
 * in `flight`. Ranges only: fio does not compare files.
 */
export function overlapsInFlight(
  io: IoUnit,
  units: readonly IoUnit[],
  flight: Uint8Array,
): boolean {
  const a = io.offset, b = a + io.buflen;
  for (let i = 0; i < units.length; i++) {
    if (flight[i] === 0) continue;
    const y = units[i].offset;
    if (a < y + units[i].buflen && y < b) return true;
  }
  return false;
}

/** The reusable state of a job's queued passes. */
export class QueuedPass {
  private readonly host: PassHost;
  private readonly s: DepthSettings;
  private readonly units: IoUnit[];
  /** Free unit indices (a stack); `nfree` of them are valid. */
  private readonly free: Int32Array;
  private nfree = 0;
  /** Units the engine holds that its commit has not submitted yet. */
  private readonly engPend: Int32Array;
  private nEngPend = 0;
  /** Units queued since the last job-level commit (fio's io_u_queued). */
  private queued = 0;
  /** Units handed to the engine and not yet completed (fio's IO_U_F_FLIGHT). */
  private readonly flight: Uint8Array;
  private inflight = 0;
  /** Issue (submit) time of each unit, ns. */
  private readonly issueNs: Float64Array;
  private ok = true;
  private readonly atQueue: boolean;
  /**
   * The clock: the job's, or for an untimed job (gtod_reduce) one that
   * reads it at every 64th call and repeats that time in between, as fio's
   * time cache.
   */
  private readonly now: () => number;
  private lastTime = 0;
  private calls = 0;

  constructor(host: PassHost, s: DepthSettings) {
    this.atQueue = (host.env.engine as Partial<SubmitsAtQueue>).submitsAtQueue === true;
    this.host = host;
    this.s = s;
    this.units = host.env.units;
    const n = this.units.length;
    this.free = new Int32Array(n);
    this.engPend = new Int32Array(n);
    this.flight = new Uint8Array(n);
    this.issueNs = new Float64Array(n);
    const clock = host.env.now;
    this.now = host.untimed !== true ? clock : () => {
      if ((++this.calls & 63) === 0) this.lastTime = clock();
      return this.lastTime;
    };
  }

  /** Runs one pass. False: the job must stop. */
  run(): boolean {
    const host = this.host, env = host.env, engine = env.engine, now = this.now;
    const units = this.units, c = host.collector, contents = env.contents;
    const s = this.s;
    const n = units.length;
    // fio's free list is a stack filled in slot order: the last slot goes
    // out first (it matters for engines that reap in slot order: posixaio).
    for (let i = 0; i < n; i++) this.free[i] = i;
    this.nfree = n;
    this.nEngPend = 0;
    this.inflight = 0;
    this.flight.fill(0);
    this.ok = true;
    let held: IoUnit | null = null;
    // The held unit was refused by the engine (fio requeues it: not part of
    // the depth) rather than held back for an overlap (still counted).
    let heldByEngine = false;
    let more = true;
    this.lastTime = env.now();
    host.events(this.lastTime);
    while (this.ok && more) {
      let io: IoUnit | null = held;
      if (io === null && (this.nfree === 0 || this.atLimit(n - this.nfree))) {
        // Every unit is out (a reap stopped early): wait for one back.
        if (this.reap(1) < 0) break;
        continue;
      }
      if (io === null) {
        if (!host.canIssue()) {
          more = false;
          break;
        }
        io = units[this.free[--this.nfree]];
        if (!host.prepare(io)) {
          this.nfree++;
          more = false;
          if (host.error !== 0) this.ok = false;
          break;
        }
      }
      let busy = false;
      held = null;
      heldByEngine = false;
      if (
        s.serializeOverlap && this.inflight > 0 && overlapsInFlight(io, this.units, this.flight)
      ) {
        held = io;
        busy = true;
      } else {
        const t0 = now();
        if (io.ddir === DDIR.WRITE && contents !== null) fillWriteBuffer(io, contents, t0);
        io.startNs = t0;
        const r = engine.queue(io);
        if (r === Q.BUSY) {
          held = io;
          heldByEngine = true;
          busy = true;
          this.jobCommit(n - this.nfree - 1);
        } else {
          host.issued(io);
          if (r === Q.COMPLETED) {
            const t1 = now();
            c.ioDepth[depthIndex(n - this.nfree)]++;
            if (io.ddir === DDIR.TRIM || this.atQueue) {
              c.ioSubmit[1]++;
              c.ioComplete[1]++;
            }
            this.free[this.nfree++] = io.index;
            if (!host.complete(io, -1, t1 - t0, t1 - t0)) this.ok = false;
            if (this.ok && t1 >= host.nextEventNs && !host.events(t1)) more = false;
            continue;
          }
          this.flight[io.index] = 1;
          this.inflight++;
          if (this.atQueue) {
            this.issueNs[io.index] = now();
            c.ioSubmit[1]++;
            c.ioComplete[1]++;
          } else {
            this.engPend[this.nEngPend++] = io.index;
          }
          this.queued++;
          if (this.queued >= s.batchSubmit) this.jobCommit(n - this.nfree);
        }
      }
      // fio's queue_full(), or BUSY with something in flight.
      const out = n - this.nfree - (heldByEngine ? 1 : 0);
      const full = this.nfree === 0 || this.atLimit(out) || (busy && out > 0);
      if (!full && !s.polling) continue;
      // fio's wait_for_completions: at least one, until the depth is at iodepth_low.
      let min = s.completeMin < out ? s.completeMin : out;
      if (min === 0) min = 1;
      do {
        if (this.inflight === 0 || this.reap(min) < 0 || !this.ok) break;
        const t1 = this.lastReapNs;
        if (t1 >= host.nextEventNs && !host.events(t1)) {
          more = false;
          break;
        }
      } while (full && n - this.nfree - (heldByEngine ? 1 : 0) > s.low);
    }
    if (held !== null) {
      // Prepared but never queued: it goes back unissued.
      this.free[this.nfree++] = held.index;
    }
    // After a failure fio first takes whatever has finished, without waiting
    // (counted even when nothing has); then, as at a normal end, one wait
    // for everything still in flight.
    if (!this.ok) this.reap(0);
    while (this.inflight > 0) {
      if (this.reap(this.inflight) < 0) break;
    }
    return this.ok && !host.terminated && !host.stopped();
  }

  private lastReapNs = 0;

  /**
   * fio's io_u_quiesce: commits what is queued, then reaps until nothing is
   * in flight (rate, flow and think pauses call it before they sleep).
   */
  quiesce(): void {
    if (this.queued > 0) this.jobCommit(this.units.length - this.nfree);
    while (this.inflight > 0 && this.ok) {
      if (this.reap(1) < 0) break;
    }
  }

  /**
   * fio's queue_full beyond an empty free list: iodepth units out, or, with
   * latency_target, as many as its depth search allows now.
   */
  private atLimit(out: number): boolean {
    return out >= this.s.depth || out >= this.host.depthLimit;
  }

  /** fio's td_io_commit: depth mark weighted by the batch, then the engine. */
  private jobCommit(cur: number): void {
    if (this.queued === 0 || cur <= 0) return;
    this.host.collector.ioDepth[depthIndex(cur)] += this.queued;
    this.queued = 0;
    this.engineCommit();
  }

  /** Engine commit: submit distribution and issue times of what it carried. */
  private engineCommit(): void {
    const host = this.host, env = host.env;
    const rc = env.engine.commit();
    if (rc < 0) {
      // fio's td_io_commit: td_verror(td, -ret, "io commit"); under
      // continue_on_error the error is counted, and the job still stops.
      const d = this.nEngPend > 0 ? this.units[this.engPend[0]].ddir : DDIR.WRITE;
      host.errors?.record(d, -rc, false);
      host.fail(-rc, "", `file:ioengines.c:496, func=io commit, error=${errnoMessage(-rc)}`);
      this.ok = false;
    }
    const k = this.nEngPend;
    if (k === 0) return;
    const t = this.now();
    host.collector.ioSubmit[batchIndex(k)]++;
    const ids = this.engPend, issue = this.issueNs;
    for (let i = 0; i < k; i++) issue[ids[i]] = t;
    this.nEngPend = 0;
  }

  /**
   * fio's io_u_queued_complete(min): submit what the engine holds, wait for
   * min..max completions, account each. Returns the count or -1 (failed).
   */
  private reap(min: number): number {
    const host = this.host, env = host.env, engine = env.engine, s = this.s;
    if (min > this.inflight) min = this.inflight;
    if (min > 0 && this.nEngPend > 0) this.engineCommit();
    let max = s.completeMax < this.inflight ? s.completeMax : this.inflight;
    if (min > max) max = min;
    const n = max > 0 ? engine.getEvents(min, max, -1) : 0;
    if (n < 0) {
      host.fail(-n, "");
      this.ok = false;
      this.inflight = 0;
      return -1;
    }
    const c = host.collector;
    c.ioComplete[batchIndex(n)]++;
    if (n === 0) return 0;
    const t1 = this.now();
    this.lastReapNs = t1;
    const issue = this.issueNs;
    for (let i = 0; i < n; i++) {
      const io = engine.event(i);
      this.flight[io.index] = 0;
      this.inflight--;
      this.free[this.nfree++] = io.index;
      const t = issue[io.index];
      if (this.ok) {
        if (!host.complete(io, t - io.startNs, t1 - t, t1 - io.startNs)) this.ok = false;
      } else if (io.error !== 0) {
        // After the first failure fio still reports each failed I/O it reaps.
        host.complete(io, 0, 0, 0);
      }
    }
    return n;
  }
}
