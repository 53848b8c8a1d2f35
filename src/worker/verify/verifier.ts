/**
 * One job's verify state, as the I/O loop uses it: logs each write (fio's
 * log_io_piece; populate.ts builds its block), hands out the reads of the
 * verify phase, of verify_backlog and trim_backlog's trims, and routes each
 * completed read to its check (check.ts: fio's verify_io_u, inline or on a
 * verify_async helper). Everything per I/O works on preallocated arrays;
 * strings are built only when a check fails.
 */

import { DDIR, type IoUnit } from "../../engines/types.ts";
import { errnoMessage } from "../../sys/errno.ts";
import { BufRand, fillSeedWords } from "../buffer_rand.ts";
import { SeedSlot } from "../random/seeds.ts";
import { History } from "./history.ts";
import { CHECKSUMS } from "./checksums/index.ts";
import { crc32c } from "./checksums/crc32.ts";
import { nativeKernels } from "./native.ts";
import type { VerifyOptions } from "./options.ts";
import { BlockFiller } from "./populate.ts";
import { BlockChecker } from "./check.ts";
import type { StateLimit, WriteCompletions } from "./state.ts";
import type { AsyncVerify } from "./async.ts";
import { firstNonZero, TRIM_DROPPED, TRIM_ZERO, TrimVerify } from "./trim.ts";

/** fio's error for a verify failure: EILSEQ. */
export const EILSEQ = 84;

/** A line sink (the coordinator's stderr). */
export type VerifyLog = (text: string) => void;

/** The verify side of one job. */
export class Verifier {
  readonly opts: VerifyOptions;
  /** Entries written and not yet read back. */
  readonly history = new History();
  /** fio's error text for the job once a check failed. */
  errorText = "";
  /** Total time spent in verify phases, ns (the read runtime fio reports). */
  phaseNs = 0;
  private readonly seeds: BufRand;
  /** Per io unit: history entry of its I/O, -1 for none. */
  private readonly unitEntry: Int32Array;
  private readonly views: Uint32Array[];
  /** Builds each verified write's block (populate.ts). */
  private readonly filler: BlockFiller;
  /** Checks each read block (check.ts). */
  private readonly checker: BlockChecker;
  /** Reads are checked (not verify=null, not a diskless engine). */
  private readonly checks: boolean;
  /** fio's source location for the job error (sync or queued completion). */
  private readonly failWhere: string;
  private readonly log: VerifyLog;
  private writes = 0;
  /** Backlog reads still to issue in the current batch. */
  private batch = 0;
  /** The last I/O handed out was a verify read (backlog waits for a write between batches). */
  private lastWasRead = false;
  /** A verify phase is handing out reads. */
  private inPhase = false;
  /** verify_state_save: the last completed writes per file (state.ts), or null. */
  completions: WriteCompletions | null = null;
  /** verify_state_load: where the saved run's completed writes end (state.ts), or null. */
  limit: StateLimit | null = null;
  /** Reads completed (counted only with a state limit). */
  private readsDone = 0;
  /** The state limit was reached: no more verify reads. */
  private limitReached = false;
  /** verify_async: the helper pool that checks reads (async.ts), or null to check inline. */
  async: AsyncVerify | null = null;
  /** trim_percentage: the trims of verified writes (trim.ts), or null. */
  readonly trim: TrimVerify | null;

  constructor(
    opts: VerifyOptions,
    seeds: BigUint64Array,
    units: readonly IoUnit[],
    maxBs: number,
    now: () => number,
    log: VerifyLog,
    syncEngine = true,
    diskless = false,
  ) {
    // fio does not check what a diskless engine (null) "reads" back.
    this.checks = opts.check && !diskless;
    this.failWhere = syncEngine
      ? "file:io_u.c:2152, func=io_u_sync_complete"
      : "file:io_u.c:2190, func=io_u_queued_complete";
    this.opts = opts;
    this.seeds = new BufRand(opts.use64, seeds[SeedSlot.verify]);
    this.unitEntry = new Int32Array(units.length).fill(-1);
    this.views = units.map((u) =>
      new Uint32Array(u.buf.buffer, u.buf.byteOffset, u.buf.length >>> 2)
    );
    this.log = log;
    const native = opts.method === "null" ? null : nativeKernels(crc32c, fillSeedWords);
    const hw = opts.kind === CHECKSUMS.crc32c ? native?.crc32c ?? null : null;
    this.filler = new BlockFiller(opts, now, hw, native?.fill ?? null);
    this.checker = new BlockChecker(opts, this.history, this.filler, hw, maxBs, log);
    this.trim = opts.trim != null
      ? new TrimVerify(opts.trim, seeds[SeedSlot.trim], opts.use64)
      : null;
  }

  /** Set in a verify_async helper: fio's io_u flags there lack the in-flight bit. */
  get asyncFlags(): boolean {
    return this.checker.asyncThread;
  }
  set asyncFlags(on: boolean) {
    this.checker.asyncThread = on;
  }

  /** verify_only on a writing job: the write pass is a dry run. */
  get dryRun(): boolean {
    return this.opts.verifyOnly && this.opts.writes;
  }

  /** Whether a verify phase follows each write pass. */
  get phaseDue(): boolean {
    return (this.opts.doVerify || this.opts.verifyOnly) && this.opts.writes &&
      this.history.pending > 0;
  }

  /**
   * A write about to be issued (or, in a dry run, replayed): fills its
   * buffer and headers and logs it for the verify phase.
   */
  write(io: IoUnit, fileIndex: number, dry: boolean): void {
    const o = this.opts, len = io.buflen, buf = io.buf;
    let lo = 0, hi = 0;
    if (o.pattern === null) {
      if (o.method !== "null") {
        this.seeds.nextSeed();
        lo = this.seeds.lo;
        hi = this.seeds.hi;
      }
    }
    const numberio = this.writes++;
    if (!dry) {
      this.filler.fill(buf, this.views[io.index], len, io.offset, lo, hi, numberio, io.bufPtr);
    }
    const e = this.history.add(fileIndex, io.offset, len, lo, hi, numberio, dry);
    this.unitEntry[io.index] = e;
    this.lastWasRead = false;
    if (this.trim !== null) this.trim.logged(e);
  }

  /**
   * The next verify read, if one is due: in a phase, the next logged write;
   * otherwise a verify_backlog read. Fills `io` (direction, offset,
   * length) and returns the entry's file index, or -1 for none.
   */
  nextRead(io: IoUnit): number {
    const h = this.history;
    if (this.limitReached) return -1;
    if (!this.inPhase) {
      if (this.trim !== null) {
        const t = this.trim.next(h.pending - this.trim.dropped, this.lastWasRead);
        if (t >= 0) {
          io.ddir = DDIR.TRIM;
          io.offset = h.offset[t];
          io.buflen = h.len[t];
          this.unitEntry[io.index] = -1;
          this.lastWasRead = false;
          return h.file[t];
        }
      }
      if (this.opts.backlog === 0) return -1;
      if (this.batch === 0) {
        const n = h.pending;
        if (n === 0 || this.lastWasRead || n % this.opts.backlog !== 0) return -1;
        this.batch = this.opts.backlogBatch;
      }
    }
    let e = h.peek();
    // trim_verify_zero=0: trimmed writes are not read back.
    while (e >= 0 && this.trim !== null && this.trim.state[e] === TRIM_DROPPED) {
      h.take();
      e = h.peek();
    }
    if (e < 0 || h.done[e] === 0) {
      // Nothing left, or its write is still in flight: write on.
      this.batch = 0;
      return -1;
    }
    if (this.limit !== null && this.limit.stops(h.file[e], h.offset[e], this.readsDone)) {
      this.limitReached = true;
      this.batch = 0;
      return -1;
    }
    h.take();
    if (this.batch > 0) this.batch--;
    io.ddir = DDIR.READ;
    io.offset = h.offset[e];
    io.buflen = h.len[e];
    this.unitEntry[io.index] = e;
    this.lastWasRead = true;
    return h.file[e];
  }

  /**
   * verify_state_load on a reading job: whether its read of `offset` in
   * file `file` lies past what the saved run completed (the job then ends).
   */
  readPastState(file: number, offset: number): boolean {
    if (this.limit === null || !this.opts.readOnly) return false;
    return this.limitReached = this.limit.stops(file, offset, this.readsDone);
  }

  /** Writes issued so far (verify_state_save records them). */
  get writesIssued(): number {
    return this.writes;
  }

  /** Whether `io` is a read of the verify history (phase or backlog). */
  isVerifyRead(io: IoUnit): boolean {
    return io.ddir === DDIR.READ && this.unitEntry[io.index] >= 0;
  }

  /** Starts a verify phase (sorting the history where fio does). */
  startPhase(): void {
    if (this.opts.sorted) this.history.sortPending();
    this.inPhase = true;
  }

  /** Ends a verify phase that took `ns`. */
  endPhase(ns: number): void {
    this.inPhase = false;
    this.phaseNs += ns;
    this.history.clear();
    if (this.trim !== null) this.trim.clear();
  }

  /**
   * A completed I/O: marks a write done, checks a verify read (or any read
   * of a read-only job). False when the data is bad (errorText is set and
   * the report lines are logged).
   */
  completed(io: IoUnit, bytes: number): boolean {
    const i = io.index;
    const e = this.unitEntry[i];
    this.unitEntry[i] = -1;
    if (io.ddir === DDIR.WRITE) {
      if (e >= 0) {
        this.history.done[e] = 1;
        if (this.completions !== null) {
          this.completions.wrote(this.history.file[e], this.history.offset[e]);
        }
      }
      return true;
    }
    if (this.limit !== null && io.ddir === DDIR.READ) this.readsDone++;
    if (io.ddir !== DDIR.READ || !this.checks) return true;
    if (e < 0 && !this.opts.readOnly) return true;
    if (e >= 0 && this.trim !== null && this.trim.state[e] === TRIM_ZERO) {
      return this.checkTrimmed(io);
    }
    if (this.async !== null && this.async.ready()) {
      if (this.async.submit(io, this.history, e, bytes)) return true;
      this.errorText = this.async.errorText;
      return false;
    }
    if (this.checker.check(io, e, bytes)) return true;
    this.errorText = `${this.failWhere}, error=${errnoMessage(EILSEQ)}`;
    return false;
  }

  /** Picked trims not issued yet (fio's write pass goes on past its size for them). */
  get trimWaiting(): boolean {
    return this.trim !== null && this.trim.waiting > 0 && !this.inPhase;
  }

  /** The end of a write pass: fio reports picked writes it never trimmed. */
  passEnded(): void {
    if (this.trim === null) return;
    const text = this.trim.leakReport();
    if (text !== "") this.log(text);
  }

  /** trim_verify_zero: a trimmed block must read back as zeroes. */
  private checkTrimmed(io: IoUnit): boolean {
    const at = firstNonZero(io.buf, io.buflen);
    if (at < 0) return true;
    this.log(
      `trim: verify failed at file ${io.file.name} offset ${io.offset}, length ${io.buflen}, block offset ${at}`,
    );
    this.errorText = `${this.failWhere}, error=${errnoMessage(EILSEQ)}`;
    return false;
  }

  /** Checks one read block (verify_async helpers call this); false when bad. */
  checkBlock(io: IoUnit, e: number, bytes: number): boolean {
    return this.checker.check(io, e, bytes);
  }
}
