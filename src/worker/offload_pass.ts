/**
 * One pass of the I/O loop with io_submit_mode=offload (see offload.ts).
 * The job only prepares units and accounts completions; the submit Workers
 * do the I/O. As in fio's offload mode:
 *
 * - the job hands out units while it has free ones (the depth limit is the
 *   unit count, or latency_target's limit) and waits for a completion when
 *   none is free;
 * - each I/O is a blocking call on a submit thread, so it counts as depth 1,
 *   one submit and one completion (fio's submit threads account their own
 *   sync I/O that way; with null, depth only), and there is no submission
 *   latency (but libaio's, up to its io_submit);
 * - a sync (fsync=, fdatasync=, sync_file_range=) runs alone: after the
 *   I/O before it and before the next (fio 3.33 itself hangs on these with
 *   offload; this gives the inline engines' sync count);
 * - serialize_overlap holds a unit back while one it overlaps is out;
 * - clat is the call's own time on the submit thread, lat runs from the
 *   job's preparing the unit to the call's return (so it includes the time
 *   the unit waited for its submit thread).
 *
 * Completions that have arrived are accounted before each new unit is
 * handed out, so the statistics and timed events keep up while the queue is
 * not full. Nothing allocates per I/O.
 */

import { DDIR, type IoUnit } from "../engines/types.ts";
import { fillWriteBuffer } from "./buffers.ts";
import type { OffloadEngine } from "./offload.ts";
import { depthSettings, overlapsInFlight, type PassHost, QueuedPass } from "./queued_pass.ts";

/** The reusable state of a job's offloaded passes. */
export class OffloadPass {
  private readonly host: PassHost;
  private readonly engine: OffloadEngine;
  private readonly units: IoUnit[];
  private readonly free: Int32Array;
  private nfree = 0;
  private inflight = 0;
  /** Units out on a submit worker (serialize_overlap looks at their ranges). */
  private readonly flight: Uint8Array;
  private readonly serialize: boolean;
  /** The engine has submission latency (libaio): slat ends at the worker's submit. */
  private readonly slat: boolean;
  /** Each I/O counts a submit and a completion (OffloadEngine.marks). */
  private readonly marks: boolean;
  private ok = true;
  private lastNs = 0;

  constructor(host: PassHost, engine: OffloadEngine) {
    this.host = host;
    this.engine = engine;
    this.units = host.env.units;
    this.free = new Int32Array(this.units.length);
    this.flight = new Uint8Array(this.units.length);
    this.serialize = host.env.opts.serializeOverlap;
    this.slat = engine.flags.noSlat !== true;
    this.marks = engine.marks;
  }

  /** Runs one pass. False: the job must stop. */
  run(): boolean {
    const host = this.host, env = host.env, now = env.now, engine = this.engine;
    const units = this.units, contents = env.contents, n = units.length;
    for (let i = 0; i < n; i++) this.free[i] = i;
    this.nfree = n;
    this.inflight = 0;
    this.flight.fill(0);
    this.ok = true;
    engine.active = true;
    let more = true;
    host.events(now());
    try {
      while (this.ok && more) {
        // Account what has finished meanwhile (no wait).
        if (this.inflight > 0 && this.reap(0) < 0) break;
        if (this.nfree === 0 || n - this.nfree >= host.depthLimit) {
          if (this.reap(1) < 0) break;
          if (this.lastNs >= host.nextEventNs && !host.events(this.lastNs)) more = false;
          continue;
        }
        if (!host.canIssue()) break;
        const io = units[this.free[--this.nfree]];
        if (!host.prepare(io)) {
          this.nfree++;
          if (host.error !== 0) this.ok = false;
          break;
        }
        // A sync starts once everything before it is done, and is waited
        // for: the next choice then knows the last I/O was a sync, as with
        // inline sync engines (else every pick while it runs, or a write
        // finishing after it, would add another sync).
        if (io.ddir > DDIR.TRIM) this.quiesce();
        // serialize_overlap: fio's submit thread waits for an overlapping I/O in flight.
        while (
          this.serialize && this.inflight > 0 && overlapsInFlight(io, this.units, this.flight)
        ) {
          if (this.reap(1) < 0) break;
        }
        if (!this.ok) {
          this.free[this.nfree++] = io.index;
          break;
        }
        const t0 = now();
        if (io.ddir === DDIR.WRITE && contents !== null) fillWriteBuffer(io, contents, t0);
        io.startNs = t0;
        host.issued(io);
        engine.queue(io);
        this.flight[io.index] = 1;
        this.inflight++;
        if (io.ddir > DDIR.TRIM) this.quiesce();
        if (t0 >= host.nextEventNs && !host.events(t0)) more = false;
      }
      // After a failure fio first takes what has finished, then waits for the rest.
      while (this.inflight > 0) {
        if (this.reap(this.inflight) < 0) break;
      }
    } finally {
      engine.active = false;
    }
    return this.ok && !host.terminated && !host.stopped();
  }

  private inline: QueuedPass | null = null;

  /**
   * A pass on the job's own engine, with the inline queue-depth rules: fio
   * runs its verify phase on the job thread, not through the submit threads.
   */
  runInline(): boolean {
    const host = this.host;
    this.inline ??= new QueuedPass(host, depthSettings(this.units.length, host.env.opts));
    return this.inline.run();
  }

  /** fio's io_u_quiesce: waits for everything in flight (rate, flow and think pauses). */
  quiesce(): void {
    while (this.inflight > 0 && this.ok) {
      if (this.reap(1) < 0) break;
    }
  }

  /**
   * fio's sync of every open file before a verify phase. With offload fio
   * keeps the files open through the pass, so these syncs run and count as
   * sync I/O (depth 1); they run inline on the job's engine, as in fio.
   */
  syncOpen(opened: Uint8Array): void {
    const host = this.host, env = host.env, c = host.collector, io = this.units[0];
    for (let i = 0; i < opened.length; i++) {
      if (opened[i] === 0) continue;
      io.ddir = DDIR.SYNC;
      io.file = env.files[i].engineFile;
      io.buflen = 0;
      const t0 = env.now();
      io.startNs = t0;
      this.engine.queue(io);
      const t1 = env.now();
      c.ioDepth[0]++;
      c.ioSubmit[1]++;
      c.ioComplete[1]++;
      if (!host.complete(io, -1, t1 - t0, t1 - t0)) break;
    }
  }

  /** Takes at least `min` completions and accounts each. Returns the count or -1. */
  private reap(min: number): number {
    const host = this.host, engine = this.engine, c = host.collector;
    const n = engine.getEvents(min, this.inflight, -1);
    if (n < 0) {
      host.fail(-n, "");
      this.ok = false;
      return -1;
    }
    for (let i = 0; i < n; i++) {
      const io = engine.event(i);
      this.inflight--;
      this.flight[io.index] = 0;
      this.free[this.nfree++] = io.index;
      // Each offloaded call is a sync I/O on its submit thread: depth 1, one
      // submit, one completion (none of these two for null, as in fio).
      c.ioDepth[0]++;
      if (this.marks) {
        c.ioSubmit[1]++;
        c.ioComplete[1]++;
      }
      const issue = engine.issueNs(io), done = engine.doneNs(io);
      if (done > this.lastNs) this.lastNs = done;
      if (this.ok) {
        const slat = this.slat ? issue - io.startNs : -1;
        if (!host.complete(io, slat, done - issue, done - io.startNs)) this.ok = false;
      } else if (io.error !== 0) {
        // After the first failure every failed I/O reaped is still reported, as fio does.
        host.complete(io, 0, 0, 0);
      }
    }
    return n;
  }
}
