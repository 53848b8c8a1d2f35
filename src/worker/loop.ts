/**
 * The I/O loop of one job, per I/O: prepare the next I/O (fio's get_io_u:
 * file, direction, offset, length), account it when it is issued and when
 * it completes, and run the timed events (ramp end, runtime end, samples,
 * the thread area refresh). A pass (sync_pass.ts, queued_pass.ts,
 * offload_pass.ts) drives these calls until its bytes are done, the files
 * are exhausted, the runtime is over, number_ios is reached, an I/O fails
 * or the coordinator asks every job to stop.
 *
 * Per-I/O work allocates nothing: io units, stats and generator state are
 * all preallocated, and every per-I/O number lives in a typed array or a
 * Smi-sized field.
 *
 * What runs once per pass or per job lives beside it, as free functions
 * over this state, so the per-I/O path gains no indirection: the job's run
 * and keep_running (passes.ts), the pass for the job's kind of engine
 * (engine_pass.ts), the verify phase and verify_only's dry run
 * (verify_phase.ts), end_fsync (end_fsync.ts), the thread area progress
 * (thread_slot.ts) and a failed I/O's report (io_error.ts). The loop's
 * environment is loop_env.ts.
 */

import { DDIR, type IoUnit } from "../engines/types.ts";
import { errnoMessage } from "../sys/errno.ts";
import { Control, RunState, Slot } from "../run/thread_area.ts";
import type { Collector } from "./collect.ts";
import { FileSelector } from "./fileselect.ts";
import { BlockSizer, DdirChooser, offsetOptions } from "./iogen.ts";
import { type FileOffsets, JobOffsets, mapBlocks } from "./offsets/offsets.ts";
import type { QueuedPass } from "./queued_pass.ts";
import type { OffloadPass } from "./offload_pass.ts";
import { Shaped, Shaper } from "./shaping.ts";
import type { JobLogs } from "./logs/job_logs.ts";
import { EILSEQ, type Verifier } from "./verify/verifier.ts";
import { ErrorPolicy } from "./errors_policy.ts";
import { SyncRanges } from "./sync_range.ts";
import { type FileLocks, fileLocks } from "./files/lock.ts";
import type { IologReplay, ReplayHost } from "./iolog/replay.ts";
import type { IologWriter } from "./iolog/writer.ts";
import type { LoopEnv } from "./loop_env.ts";
import { runPasses } from "./passes.ts";
import { runEndFsync } from "./end_fsync.ts";
import { failedIo } from "./io_error.ts";
import { publishProgress } from "./thread_slot.ts";

/** One job's loop state. */
export class JobLoop implements ReplayHost {
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
  /** 1 for each file the loop has open. */
  readonly opened: Uint8Array;
  private readonly trimWrite: boolean;
  /** The largest block size of any direction (keep_running's "room for one more"). */
  readonly maxBs: number;
  /**
   * Per-I/O doubles: [0] bytes issued this pass, [1] bytes issued in all,
   * [2] runtime end, [3] ramp end, [4] next slot refresh, [5] next timed
   * event (ns), [6] byte limit over the job.
   */
  readonly t = new Float64Array(8);
  private readonly control: Int32Array;
  private readonly maxIos: number;
  /** The queueing-engine pass (built on first use; null for sync engines). */
  queued: QueuedPass | OffloadPass | null = null;
  /** Reads, writes and trims issued over the job (number_ios counts them). */
  issuedRw = 0;
  private pendingWrite = false;
  private pendingFile = 0;
  /** trimwrite: the trimmed block's offset and length (a trim_backlog trim may come between). */
  private pendingOffset = 0;
  private pendingLen = 0;
  /** ramp_time is running (stats are reset at its end). */
  inRamp = false;
  /** 1 for the directions whose bytes count toward size/io_size. */
  private readonly counted: Uint8Array;
  /** fsync=N or fdatasync=N is set for a writing job. */
  private readonly syncs: boolean;
  /** Flow, rate, thinktime, latency limits (src/worker/shaping.ts); null when unused. */
  readonly shaper: Shaper | null;
  /** Per-job logs (src/worker/logs/); null when the job writes none. */
  private readonly logs: JobLogs | null;
  /** verify= state (src/worker/verify/); null when the job does not verify. */
  readonly verifier: Verifier | null;
  /** read_iolog replay (src/worker/iolog/replay.ts); null when not replaying. */
  readonly replay: IologReplay | null;
  /** write_iolog (src/worker/iolog/writer.ts); null when not logging. */
  private readonly iolog: IologWriter | null;
  /** The replay ran out: completions from now on are not counted. */
  private uncounted = false;
  /** A verify phase is running (prepare hands out its reads; verify_phase.ts sets it). */
  verifying = false;
  /** continue_on_error / ignore_error counters (errors_policy.ts); used on failed I/Os only. */
  readonly errors: ErrorPolicy;
  /** sync_file_range's written ranges (sync_range.ts); null when unused. */
  private readonly syncRanges: SyncRanges | null;
  /** lockfile's per-I/O locks (files/lock.ts); null for lockfile=none. */
  readonly locks: FileLocks | null;
  /**
   * Nothing per I/O needs the time (gtod_reduce, or every latency and the
   * rates switched off, and no logs, shaping, iolog or cmdprio stats): the
   * sync pass then reads the clock once per 64 I/Os and the queued pass at
   * every 64th use, as fio's time cache.
   */
  readonly untimed: boolean;

  constructor(env: LoopEnv, collector: Collector) {
    this.env = env;
    this.collector = collector;
    this.logs = env.logs ?? null;
    this.verifier = env.verifier ?? null;
    this.errors = new ErrorPolicy(env.opts.errorPolicy);
    this.locks = fileLocks(env.opts.lockMode, env.engine, env.units.length);
    this.replay = env.replay ?? null;
    this.iolog = env.iolog ?? null;
    this.replay?.attach(env.now, () => this.stopped());
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
    this.offsets.log = (m) => env.log("stderr", m);
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
    this.control = env.control;
    this.statusSeen = env.control[Control.STATUS];
    this.maxIos = o.numberIos > 0 ? o.numberIos : Infinity;
    // fio counts reads+writes for mixed jobs, else the job's one direction
    // (writes for trimwrite).
    const rw = o.rw;
    this.syncs = rw.write &&
      (o.fsyncBlocks > 0 || o.fdatasyncBlocks > 0 || o.syncFileRange !== null);
    this.syncRanges = rw.write && o.syncFileRange !== null
      ? new SyncRanges(env.files.map((f) => f.engineFile))
      : null;
    this.counted = rw.read && rw.write
      ? Uint8Array.of(1, 1, 0)
      : rw.write
      ? Uint8Array.of(0, 1, 0)
      : rw.read
      ? Uint8Array.of(1, 0, 0)
      : Uint8Array.of(0, 0, 1);
    this.shaper = o.shaping === null && !env.flow ? null : new Shaper(
      o.shaping,
      env.flow ?? null,
      o.bs.minBs,
      rw.read && rw.write,
      env.now,
      () => this.stopped(),
      () => this.quiesceHook?.(),
    );
    const co = collector.opts;
    this.untimed = !co.slat && !co.clat && !co.lat && !co.rates && this.logs === null &&
      this.shaper === null && this.iolog === null && this.replay === null &&
      collector.prio === null;
    const rate = this.shaper?.rate;
    // The ETA line shows the rate limit from the thread area.
    for (let d = 0; rate && d < 3; d++) env.slots[env.slotBase + Slot.RATE + d] = rate.bps[d];
  }

  /** Runs the whole job: every pass, ramp and runtime included (passes.ts). */
  run(): void {
    runPasses(this);
  }

  /** latency_target: how many I/Os may be in flight now (Infinity without a target). */
  get depthLimit(): number {
    return this.shaper === null ? Infinity : this.shaper.depthLimit;
  }

  /** latency_target: the queue depth the search ended at; null without a target. */
  get targetDepth(): number | null {
    return this.shaper?.target?.depth ?? null;
  }

  /** Leaves the job's flow (idempotent; run_job.ts calls it on any exit too). */
  endShaping(): void {
    this.shaper?.finish();
  }

  /** Closes every file the loop opened; they reopen (and are invalidated again) on first use. */
  closeFiles(): void {
    const env = this.env;
    for (let i = 0; i < this.opened.length; i++) {
      if (this.opened[i] !== 0) {
        env.closeFile(i);
        this.opened[i] = 0;
      }
    }
  }

  /** Starts another pass (loops=, io_size, time_based): fio closes every file in between. */
  newPass(): void {
    this.closeFiles();
    this.env.newPass();
    for (const f of this.fileOffsets) f.reset();
    this.selector.resetPass();
    this.chooser.resetPass();
    this.pendingWrite = false;
    this.verifier?.trim?.newPass();
  }

  /**
   * Fills `io` with the next I/O. False when every file is done for this
   * pass (or a file cannot be opened: then `error` is set).
   */
  prepare(io: IoUnit): boolean {
    const env = this.env;
    if (this.replay !== null) {
      if (this.replay.next(io, this)) return true;
      // fio 3.33 ends a replay without counting the I/Os still in flight.
      this.uncounted = true;
      return false;
    }
    if (this.verifier !== null) {
      const vf = this.verifier.nextRead(io);
      if (vf >= 0) return this.openForVerify(io, vf);
      if (this.verifying) return false;
    }
    if (this.pendingWrite) {
      // trimwrite: the block just trimmed is written next.
      this.pendingWrite = false;
      io.ddir = DDIR.WRITE;
      io.file = env.files[this.pendingFile].engineFile;
      io.offset = this.pendingOffset;
      io.buflen = this.pendingLen;
      if (this.verifier !== null) {
        this.verifier.write(io, this.pendingFile, this.verifier.dryRun);
      }
      return true;
    }
    for (;;) {
      const fi = this.selector.pick();
      if (fi < 0) return false;
      if (this.opened[fi] === 0 && !this.openOnFirstUse(fi)) return false;
      const fo = this.fileOffsets[fi];
      io.file = env.files[fi].engineFile;
      const sync = this.syncs ? this.chooser.syncDue() : 0;
      if (sync > 0) {
        io.ddir = sync as 3 | 4 | 5;
        io.buflen = 0;
        if (sync === DDIR.SYNC_FILE_RANGE) this.syncRanges!.fill(io, io.file);
        return true;
      }
      let ddir = this.trimWrite ? DDIR.TRIM : this.chooser.nextRw();
      if (this.shaper !== null && (ddir = this.shaper.beforeIssue(ddir)) < 0) {
        this.terminated = true;
        return false;
      }
      const off = this.offsets.next(fo, ddir);
      if (this.offsets.wrapped) {
        this.offsets.wrapped = false;
        env.wrapped?.(fi);
      }
      if (off >= 0) {
        const room = fo.info.fileOffset + fo.info.ioSize - off;
        const len = this.sizer.next(ddir, this.offsets.lastWasRandom, room);
        if (len > 0) {
          const got = this.offsets.commit(fo, ddir, off, len);
          if (got > 0) {
            io.ddir = ddir as 0 | 1 | 2;
            io.offset = off;
            io.buflen = got;
            if (this.verifier !== null && ddir === DDIR.WRITE) {
              this.verifier.write(io, fi, this.verifier.dryRun);
            } else if (this.verifier?.readPastState(fi, off)) {
              // verify_state_load: the saved run never completed this block; the job ends.
              this.terminated = true;
              return false;
            }
            if (this.trimWrite) {
              this.pendingWrite = true;
              this.pendingFile = fi;
              this.pendingOffset = off;
              this.pendingLen = got;
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
  issued(io: IoUnit): void {
    const d = io.ddir;
    this.chooser.issued(d);
    if (this.iolog !== null) this.iolog.io(io);
    if (d <= DDIR.TRIM) {
      this.collector.issued[d]++;
      this.issuedRw++;
      this.t[0] += io.buflen;
      // verify_backlog reads do not count toward size, as in fio.
      if (this.counted[d] !== 0 && (this.verifier === null || !this.verifier.isVerifyRead(io))) {
        this.t[1] += io.buflen;
      }
      if (this.shaper !== null) this.shaper.issued(d, io.buflen);
    }
  }

  /**
   * Accounts a finished I/O. Returns false when it failed (the job stops).
   * `slat` < 0 for sync engines.
   */
  complete(io: IoUnit, slat: number, clat: number, lat: number): boolean {
    const d = io.ddir;
    // fio counts syncs when it issues them, so only data I/O goes uncounted.
    if (this.uncounted && d <= DDIR.TRIM) return true;
    this.chooser.completed(d);
    // The failed I/O's report and continue_on_error's verdict (io_error.ts).
    if (io.error !== 0) return failedIo(this, io);
    if (d > DDIR.TRIM) {
      if (d === DDIR.SYNC_FILE_RANGE) this.syncRanges!.completed(this.collector, lat);
      else this.collector.addSync(lat);
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
    c.addRw(d, bytes, slat, clat, lat, io.prioIndex);
    if (this.syncRanges !== null && d === DDIR.WRITE) {
      this.syncRanges.wrote(io.file, io.offset, bytes);
    }
    if (this.logs !== null && !this.inRamp) {
      this.logs.io(d, bytes, io.buflen, io.offset, slat, clat, lat, io.startNs + lat, io.ioprio);
    }
    if (
      this.verifier !== null && !this.verifier.completed(io, bytes) &&
      !this.errors.record(d, EILSEQ, false)
    ) {
      this.fail(EILSEQ, "", this.verifier.errorText);
      return false;
    }
    if (this.shaper !== null) return this.shaped(io, bytes, lat);
    return true;
  }

  /** Applies what the shaper says about a completion. False: the job stops. */
  private shaped(io: IoUnit, bytes: number, lat: number): boolean {
    const sh = this.shaper!;
    const r = sh.completed(io, bytes, lat);
    if (r === Shaped.OK) return true;
    if (r === Shaped.FAIL) {
      this.fail(sh.errno, sh.line, sh.errorText);
      return false;
    }
    if (r === Shaped.DONE) return false;
    // latency_target's final window: the job's statistics start again.
    const now = this.env.now();
    this.collector.reset(now);
    this.startNs = now;
    return true;
  }

  /** Records the job's first error and fio's report line for it. */
  fail(errno: number, line: string, text?: string): void {
    // fio reports every failed I/O it reaps (several may be in flight); other
    // failures (open, max_latency, ...) only while the job has no error yet.
    if (this.error !== 0 && line.startsWith("fio: io_u error")) this.env.log("stderr", line);
    if (this.error !== 0) return;
    this.error = errno;
    this.errorText = text ?? `file:io_u.c:1876, func=io_u error, error=${errnoMessage(errno)}`;
    if (line !== "") this.env.log("stderr", line);
  }

  /** Whether the pass may issue another I/O (bytes, number_ios, stop flag). */
  canIssue(): boolean {
    const t = this.t;
    // fio goes on past the size while trim_backlog trims are still waiting.
    return (t[1] < t[6] || (this.verifier !== null && this.verifier.trimWaiting)) &&
      this.issuedRw < this.maxIos && !this.stopped();
  }

  /** Whether the coordinator asked every job, or this one, to stop. */
  stopped(): boolean {
    return this.control[0] !== 0 || this.env.slots[this.env.slotBase + Slot.STOP] !== 0;
  }

  /**
   * Timed events: ramp end, runtime end, rate samples, slot refresh.
   * Returns false when the job must stop. Sets the next event time.
   */
  events(now: number): boolean {
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
      this.shaper?.rampEnd(now);
      this.setState(RunState.RUNNING);
    }
    const c = this.collector;
    if (now >= c.nextSampleNs && !this.inRamp) c.sample(now);
    if (now >= t[4]) publishProgress(this, now);
    let next = t[2] < t[3] ? t[2] : t[3];
    if (c.nextSampleNs < next) next = c.nextSampleNs;
    if (t[4] < next) next = t[4];
    t[5] = next;
    return true;
  }

  /** When the next timed event is due, ns. */
  get nextEventNs(): number {
    return this.t[5];
  }

  /**
   * Reaps every I/O in flight (fio's io_u_quiesce). A queueing pass sets it
   * so rate, flow and thinktime pauses start with an empty queue; unset,
   * pauses leave in-flight I/O to be reaped after them.
   */
  quiesceHook: (() => void) | null = null;

  /** Called when ramp_time ends (run_job.ts resets its rusage baseline). */
  onRampEnd: (() => void) | null = null;

  /**
   * Called from the slot refresh when the coordinator asked for a status
   * report (request number `request`) this job has not answered yet.
   */
  onStatus: ((now: number, request: number) => void) | null = null;
  /** The last status request this job has seen (thread_slot.ts answers new ones). */
  statusSeen: number;

  /** Points `io` at file `fi` for a verify read, opening it if needed. */
  private openForVerify(io: IoUnit, fi: number): boolean {
    if (this.opened[fi] === 0 && !this.openOnFirstUse(fi)) return false;
    io.file = this.env.files[fi].engineFile;
    return true;
  }

  /** Opens file `fi`, which the loop has not opened yet; false (job failed) on error. */
  private openOnFirstUse(fi: number): boolean {
    const rc = this.env.openFile(fi);
    if (rc < 0) {
      this.fail(-rc, `fio: failed to open file ${this.env.files[fi].engineFile.name}`);
      return false;
    }
    this.opened[fi] = 1;
    return true;
  }

  /** Publishes the job's run state (fio's td->runstate) in the thread area. */
  setState(state: number): void {
    this.env.slots[this.env.slotBase + Slot.STATE] = state;
  }

  /** end_fsync: one fsync per open file, not counted in the stats (end_fsync.ts). */
  endFsync(): void {
    runEndFsync(this);
  }

  /** Which files the loop opened (run_job.ts closes them). */
  isOpen(i: number): boolean {
    return this.opened[i] !== 0;
  }

  /** Opens file `i` for a replayed trace; false (and the job's error) when that fails. */
  replayOpen(i: number): boolean {
    const rc = this.env.openFile(i);
    if (rc < 0) {
      const name = this.env.files[i].engineFile.name;
      this.fail(-rc, "", `file:filesetup.c:805, func=open(${name}), error=${errnoMessage(-rc)}`);
      return false;
    }
    this.opened[i] = 1;
    return true;
  }

  /** Closes file `i` for a replayed trace. */
  replayClose(i: number): void {
    this.env.closeFile(i);
    this.opened[i] = 0;
  }
}
