/**
 * The I/O loop of one job: passes over the job's files (loops, io_size,
 * time_based), each pass issuing I/Os until its bytes are done, the files
 * are exhausted, the runtime is over, number_ios is reached, an I/O fails
 * or the coordinator asks every job to stop. Sync engines run a tight
 * issue/complete loop with one clock read on each side of the syscall;
 * queueing engines (null with iodepth > 1) fill the queue, commit and reap.
 *
 * Per-I/O work allocates nothing: io units, stats and generator state are
 * all preallocated, and every per-I/O number lives in a typed array or a
 * Smi-sized field.
 */

import { DDIR, type EngineFile, type IoEngine, type IoUnit, Q } from "../engines/types.ts";
import { errnoMessage } from "../sys/errno.ts";
import { RunState, Slot } from "../run/thread_area.ts";
import { type BufferContents, fillWriteBuffer } from "./buffers.ts";
import { batchIndex, Collector, depthIndex } from "./collect.ts";
import { FileSelector } from "./fileselect.ts";
import { BlockSizer, DdirChooser, offsetOptions } from "./iogen.ts";
import type { JobRunOptions } from "./job_options.ts";
import { type FileOffsets, JobOffsets, mapBlocks } from "./offsets/offsets.ts";

/** A job file as the loop needs it (W1a's JobFile has these fields). */
export interface LoopFile {
  readonly engineFile: EngineFile;
  readonly ioOffset: number;
  readonly ioSize: number;
  realSize: number;
}

/** What the loop runs against. */
export interface LoopEnv {
  readonly engine: IoEngine;
  readonly units: IoUnit[];
  readonly files: LoopFile[];
  readonly opts: JobRunOptions;
  readonly seeds: BigUint64Array;
  /** Monotonic clock in integer ns. */
  readonly now: () => number;
  /** Thread area control words (STOP_ALL at 0) and slots. */
  readonly control: Int32Array;
  readonly slots: Float64Array;
  /** Index of this job's first field in `slots`. */
  readonly slotBase: number;
  /** Bytes one pass covers (fio's size after file setup). */
  readonly sizeLimit: number;
  /** Opens file i (0 or a negative errno). */
  openFile(i: number): number;
  /** Closes file i (openfiles limit, and between passes). */
  closeFile(i: number): void;
  /** Between passes (loops): fio's per-loop file work (unlink_each_loop). */
  newPass(): void;
  /** Whether only some files may be open at once (openfiles < nrfiles). */
  readonly limitOpen: boolean;
  /** Write buffer contents (scramble/refill per write), or null for none. */
  readonly contents: BufferContents | null;
  /** Prints a line on the coordinator's stdout/stderr. */
  log(stream: "stdout" | "stderr", text: string): void;
}

/** How often the thread area slot is refreshed, ns. */
const SLOT_EVERY_NS = 10e6;

/** One job's loop state. */
export class JobLoop {
  readonly env: LoopEnv;
  readonly collector: Collector;
  /** First error (errno) and fio's text for it; 0 when none. */
  error = 0;
  errorText = "";
  /** Stats period: start (job start or ramp end) and end, ns. */
  startNs = 0;
  endNs = 0;
  /** The job ended because of runtime or a stop request. */
  terminated = false;
  private readonly chooser: DdirChooser;
  private readonly sizer: BlockSizer;
  private readonly offsets: JobOffsets;
  private readonly fileOffsets: FileOffsets[];
  private readonly selector: FileSelector;
  private readonly opened: Uint8Array;
  private readonly trimWrite: boolean;
  private readonly maxBs: number;
  /**
   * Per-I/O doubles: [0] bytes issued this pass, [1] bytes issued in all,
   * [2] runtime end, [3] ramp end, [4] next slot refresh, [5] next timed
   * event (ns), [6] byte limit over the job.
   */
  private readonly t = new Float64Array(8);
  private readonly control: Int32Array;
  private readonly maxIos: number;
  private readonly issueNs: Float64Array;
  private issuedRw = 0;
  private pendingWrite = false;
  private pendingFile = 0;
  private inRamp = false;
  /** 1 for the directions whose bytes count toward size/io_size. */
  private readonly counted: Uint8Array;
  /** fsync=N or fdatasync=N is set for a writing job. */
  private readonly syncs: boolean;

  constructor(env: LoopEnv, collector: Collector) {
    this.env = env;
    this.collector = collector;
    const o = env.opts;
    const use64 = o.randomGenerator === "tausworthe64";
    this.chooser = new DdirChooser(o, env.seeds);
    this.sizer = new BlockSizer(o.bs, env.seeds, use64);
    const oo = offsetOptions(o);
    const infos = env.files.map((f) => ({
      name: f.engineFile.name,
      realFileSize: f.realSize,
      fileOffset: f.ioOffset,
      ioSize: f.ioSize,
    }));
    const maxBlocks = Math.max(0, ...infos.map((i) => mapBlocks(i, oo.rwMinBs)));
    this.offsets = new JobOffsets(oo, env.seeds, maxBlocks, infos[0]?.name ?? "");
    for (const m of this.offsets.messages) env.log("stderr", m);
    this.fileOffsets = infos.map((i) => this.offsets.addFile(i));
    this.selector = new FileSelector(
      env.files.length,
      o.fileService,
      o.fileServiceNr,
      env.seeds,
      use64,
    );
    this.opened = new Uint8Array(env.files.length);
    this.trimWrite = o.rw.trimWrite;
    this.maxBs = Math.max(...o.bs.maxBs);
    this.issueNs = new Float64Array(env.units.length);
    this.control = env.control;
    this.maxIos = o.numberIos > 0 ? o.numberIos : Infinity;
    // fio counts reads+writes for mixed jobs, else the job's one direction
    // (writes for trimwrite).
    const rw = o.rw;
    this.syncs = rw.write && (o.fsyncBlocks > 0 || o.fdatasyncBlocks > 0);
    this.counted = rw.read && rw.write
      ? Uint8Array.of(1, 1, 0)
      : rw.write
      ? Uint8Array.of(0, 1, 0)
      : rw.read
      ? Uint8Array.of(1, 0, 0)
      : Uint8Array.of(0, 0, 1);
  }

  /** Runs the whole job: every pass, ramp and runtime included. */
  run(): void {
    const env = this.env, o = env.opts;
    const t = this.t;
    const start = env.now();
    this.inRamp = o.rampNs > 0;
    t[3] = this.inRamp ? start + o.rampNs : Infinity;
    t[2] = o.runtimeNs > 0 ? start + o.rampNs + o.runtimeNs : Infinity;
    this.collector.reset(start);
    this.startNs = start;
    this.setState(this.inRamp ? RunState.RAMP : RunState.RUNNING);
    // fio stops issuing once the bytes of the directions it counts reach
    // (io_size or size) * loops, over all passes: without a random map one
    // pass does every loop; with one, each pass ends when the map is full.
    const limit = (o.ioSize > 0 ? o.ioSize : env.sizeLimit) * o.loops;
    t[6] = o.timeBased ? Infinity : limit;
    let loopsLeft = o.loops;
    for (let pass = 0;; pass++) {
      if (pass > 0) {
        if (!this.keepRunning(loopsLeft)) break;
        this.newPass();
      }
      loopsLeft--;
      t[0] = 0;
      const ok = this.env.engine.flags.sync && env.units.length >= 1
        ? this.syncPass()
        : this.queuedPass();
      if (!ok || this.terminated || this.error !== 0) break;
      // A pass that issued nothing ends the job (fio's "done" rule).
      if (t[0] === 0) break;
    }
    this.endNs = env.now();
    this.updateSlot(this.endNs);
  }

  /** fio's keep_running between passes. */
  private keepRunning(loopsLeft: number): boolean {
    const o = this.env.opts;
    if (o.timeBased) return true;
    if (loopsLeft > 0) return true;
    if (o.numberIos > 0 && this.issuedRw >= o.numberIos) return false;
    const limit = o.ioSize > 0 ? o.ioSize : this.env.sizeLimit;
    const done = this.t[1];
    if (done >= limit) return false;
    if (limit - done < this.maxBs) return false;
    return o.ioSize > 0;
  }

  private newPass(): void {
    // fio closes every file between passes; they reopen (and are
    // invalidated again) on first use.
    const env = this.env;
    for (let i = 0; i < this.opened.length; i++) {
      if (this.opened[i] !== 0) {
        env.closeFile(i);
        this.opened[i] = 0;
      }
    }
    env.newPass();
    for (const f of this.fileOffsets) f.reset();
    this.selector.resetPass();
    this.chooser.resetPass();
    this.pendingWrite = false;
  }

  /**
   * Fills `io` with the next I/O. False when every file is done for this
   * pass (or a file cannot be opened: then `error` is set).
   */
  private prepare(io: IoUnit): boolean {
    const env = this.env;
    if (this.pendingWrite) {
      // trimwrite: the block just trimmed is written next.
      this.pendingWrite = false;
      io.ddir = DDIR.WRITE;
      io.file = env.files[this.pendingFile].engineFile;
      return true;
    }
    for (;;) {
      const fi = this.selector.pick();
      if (fi < 0) return false;
      if (this.opened[fi] === 0) {
        const rc = env.openFile(fi);
        if (rc < 0) {
          this.fail(-rc, `fio: failed to open file ${env.files[fi].engineFile.name}`);
          return false;
        }
        this.opened[fi] = 1;
      }
      const fo = this.fileOffsets[fi];
      io.file = env.files[fi].engineFile;
      const sync = this.syncs ? this.chooser.syncDue() : 0;
      if (sync > 0) {
        io.ddir = sync as 3 | 4;
        io.buflen = 0;
        return true;
      }
      const ddir = this.trimWrite ? DDIR.TRIM : this.chooser.nextRw();
      const off = this.offsets.next(fo, ddir);
      if (off >= 0) {
        const room = fo.info.fileOffset + fo.info.ioSize - off;
        const len = this.sizer.next(ddir, this.offsets.lastWasRandom, room);
        if (len > 0) {
          const got = this.offsets.commit(fo, ddir, off, len);
          if (got > 0) {
            io.ddir = ddir as 0 | 1 | 2;
            io.offset = off;
            io.buflen = got;
            if (this.trimWrite) {
              this.pendingWrite = true;
              this.pendingFile = fi;
            }
            return true;
          }
        }
      }
      this.selector.markDone(fi);
      if (env.limitOpen && this.opened[fi] !== 0) {
        env.closeFile(fi);
        this.opened[fi] = 0;
      }
    }
  }

  /** Bookkeeping of an I/O about to be issued. */
  private issued(io: IoUnit): void {
    const d = io.ddir;
    this.chooser.issued(d);
    if (d <= DDIR.TRIM) {
      this.collector.issued[d]++;
      this.issuedRw++;
      this.t[0] += io.buflen;
      if (this.counted[d] !== 0) this.t[1] += io.buflen;
    }
  }

  /**
   * Accounts a finished I/O. Returns false when it failed (the job stops).
   * `slat` < 0 for sync engines.
   */
  private complete(io: IoUnit, slat: number, clat: number, lat: number): boolean {
    const d = io.ddir;
    if (io.error !== 0) {
      const names = ["read", "write", "trim", "sync", "datasync", "sync_file_range"];
      const f = io.file.name;
      this.fail(
        io.error,
        `fio: io_u error on file ${f}: ${errnoMessage(io.error)}: ${
          names[d]
        } offset=${io.offset}, buflen=${io.buflen}`,
      );
      return false;
    }
    if (d > DDIR.TRIM) {
      this.collector.addSync(lat);
      return true;
    }
    const c = this.collector;
    let bytes = io.buflen;
    if (io.resid > 0) {
      bytes -= io.resid;
      c.short[d]++;
      if (bytes <= 0) {
        this.fail(5, "");
        return false;
      }
    }
    c.addRw(d, bytes, slat, clat, lat);
    return true;
  }

  /** Records the job's first error and fio's report line for it. */
  private fail(errno: number, line: string): void {
    if (this.error !== 0) return;
    this.error = errno;
    this.errorText = `file:io_u.c:1876, func=io_u error, error=${errnoMessage(errno)}`;
    if (line !== "") this.env.log("stderr", line);
  }

  /** Whether the pass may issue another I/O (bytes, number_ios, stop flag). */
  private canIssue(): boolean {
    const t = this.t;
    return t[1] < t[6] && this.issuedRw < this.maxIos && !this.stopped();
  }

  /** Whether the coordinator asked every job, or this one, to stop. */
  private stopped(): boolean {
    return this.control[0] !== 0 || this.env.slots[this.env.slotBase + Slot.STOP] !== 0;
  }

  /**
   * Timed events: ramp end, runtime end, rate samples, slot refresh.
   * Returns false when the job must stop. Sets the next event time.
   */
  private events(now: number): boolean {
    const t = this.t;
    if (now >= t[2]) {
      this.terminated = true;
      return false;
    }
    if (this.inRamp && now >= t[3]) {
      this.inRamp = false;
      t[3] = Infinity;
      this.collector.reset(now);
      this.startNs = now;
      this.onRampEnd?.();
      this.setState(RunState.RUNNING);
    }
    const c = this.collector;
    if (now >= c.nextSampleNs && !this.inRamp) c.sample(now);
    if (now >= t[4]) this.updateSlot(now);
    let next = t[2] < t[3] ? t[2] : t[3];
    if (c.nextSampleNs < next) next = c.nextSampleNs;
    if (t[4] < next) next = t[4];
    t[5] = next;
    return true;
  }

  /** Called when ramp_time ends (job.ts resets its rusage baseline). */
  onRampEnd: (() => void) | null = null;

  private setState(state: number): void {
    this.env.slots[this.env.slotBase + Slot.STATE] = state;
  }

  /** Publishes progress in the thread area. */
  updateSlot(now: number): void {
    const s = this.env.slots, b = this.env.slotBase, c = this.collector;
    for (let d = 0; d < 3; d++) {
      s[b + Slot.BYTES + d] = c.bytes[d];
      s[b + Slot.IOS + d] = c.ios[d];
    }
    s[b + Slot.ELAPSED_MS] = Math.floor((now - this.startNs) / 1e6);
    if (this.error !== 0) s[b + Slot.ERROR] = this.error;
    this.t[4] = now + SLOT_EVERY_NS;
  }

  /** One pass on an engine that completes in `queue`. False: stop the job. */
  private syncPass(): boolean {
    const engine = this.env.engine;
    const now = this.env.now;
    const io = this.env.units[0];
    const c = this.collector;
    const t = this.t;
    const contents = this.env.contents;
    let t1 = now();
    this.events(t1);
    for (;;) {
      if (!this.canIssue()) return !this.stopped();
      if (!this.prepare(io)) return this.error === 0;
      this.issued(io);
      // The previous completion time stamps the buffer: no extra clock read.
      if (io.ddir === DDIR.WRITE && contents !== null) fillWriteBuffer(io, contents, t1);
      const t0 = now();
      io.startNs = t0;
      engine.queue(io);
      t1 = now();
      c.ioSubmit[1]++;
      c.ioComplete[1]++;
      c.ioDepth[0]++;
      if (!this.complete(io, -1, t1 - t0, t1 - t0)) return false;
      if (t1 >= t[5] && !this.events(t1)) return false;
    }
  }

  /** One pass on a queueing engine. False: stop the job. */
  private queuedPass(): boolean {
    const env = this.env, engine = env.engine, now = env.now;
    const units = env.units, depth = units.length, o = env.opts;
    const c = this.collector;
    const free: IoUnit[] = units.slice();
    let inflight = 0, pending = 0, more = true, ok = true;
    let held: IoUnit | null = null;
    this.events(now());
    while (ok && (more || inflight > 0)) {
      while (more) {
        let io: IoUnit;
        if (held !== null) {
          // A prepared I/O the engine refused (BUSY): queue it again as is.
          io = held;
        } else {
          if (free.length === 0) break;
          if (!this.canIssue()) {
            more = false;
            break;
          }
          io = free.pop()!;
          if (!this.prepare(io)) {
            free.push(io);
            more = false;
            if (this.error !== 0) ok = false;
            break;
          }
        }
        const t0 = now();
        if (io.ddir === DDIR.WRITE && env.contents !== null) fillWriteBuffer(io, env.contents, t0);
        io.startNs = t0;
        const r = engine.queue(io);
        if (r === Q.BUSY) {
          held = io;
          break;
        }
        held = null;
        this.issued(io);
        if (r === Q.COMPLETED) {
          const t1 = now();
          c.ioDepth[0]++;
          free.push(io);
          if (!this.complete(io, -1, t1 - io.startNs, t1 - io.startNs)) ok = false;
          continue;
        }
        inflight++;
        pending++;
        c.ioDepth[depthIndex(inflight)]++;
        if (pending >= o.iodepthBatch) {
          this.commit(pending);
          pending = 0;
        }
      }
      if (pending > 0) {
        this.commit(pending);
        pending = 0;
      }
      if (inflight === 0) {
        if (!more) break;
        continue;
      }
      // Wait for completions when nothing more can be queued now.
      const blocked = !more || held !== null || free.length === 0;
      const min = blocked ? Math.max(1, Math.min(inflight, o.iodepthBatchCompleteMin)) : 0;
      const n = engine.getEvents(min, Math.min(inflight, o.iodepthBatchCompleteMax || depth), -1);
      if (n < 0) {
        this.fail(-n, "");
        break;
      }
      if (n === 0) continue;
      const t1 = now();
      c.ioComplete[batchIndex(n)]++;
      for (let i = 0; i < n; i++) {
        const io = engine.event(i);
        inflight--;
        free.push(io);
        const issue = this.issueNs[io.index];
        if (ok && !this.complete(io, issue - io.startNs, t1 - issue, t1 - io.startNs)) ok = false;
      }
      if (ok && t1 >= this.t[5] && !this.events(t1)) more = false;
    }
    return ok && !this.terminated && !this.stopped();
  }

  private commit(n: number): void {
    const env = this.env;
    env.engine.commit();
    const t = env.now();
    this.collector.ioSubmit[batchIndex(n)]++;
    // Every unit still marked in flight since its queue gets this issue time.
    for (const io of env.units) if (this.issueNs[io.index] < io.startNs) this.issueNs[io.index] = t;
  }

  /** end_fsync: one fsync per open file, not counted in the stats. */
  endFsync(): void {
    const env = this.env, io = env.units[0];
    if (!env.opts.endFsync || !env.opts.rw.write || this.error !== 0) return;
    this.setState(RunState.FSYNCING);
    for (let i = 0; i < env.files.length; i++) {
      if (this.opened[i] === 0) continue;
      io.ddir = DDIR.SYNC;
      io.file = env.files[i].engineFile;
      io.buflen = 0;
      env.engine.queue(io);
      if (io.error !== 0) env.log("stderr", `fio: end_fsync failed for file ${io.file.name}`);
    }
  }

  /** Which files the loop opened (job.ts closes them). */
  isOpen(i: number): boolean {
    return this.opened[i] !== 0;
  }
}
