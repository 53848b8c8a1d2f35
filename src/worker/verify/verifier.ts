/**
 * One job's verify state, as the I/O loop uses it: fills and logs each
 * write (fio's populate_verify_io_u + log_io_piece), hands out the reads of
 * the verify phase and of verify_backlog, and checks each completed read
 * (fio's verify_io_u). Everything per I/O works on preallocated arrays;
 * strings are built only when a check fails.
 */

import { DDIR, type IoUnit } from "../../engines/types.ts";
import { errnoMessage } from "../../sys/errno.ts";
import { BufRand, fillSeedWords } from "../buffer_rand.ts";
import { SeedSlot } from "../random/seeds.ts";
import { fillPattern } from "./fill.ts";
import {
  HEADER_MAGIC,
  HEADER_SIZE,
  headerCrc,
  put32,
  readHeader,
  swapBytes,
  VerifyHeader,
  writeHeader,
} from "./header.ts";
import { History } from "./history.ts";
import { CHECKSUMS } from "./checksums/index.ts";
import { crc32c } from "./checksums/crc32.ts";
import { type NativeCrc32c, type NativeFill, nativeKernels } from "./native.ts";
import type { VerifyOptions } from "./options.ts";
import { dataFailure, dumpBuffer, firstDifference, headerWhere, hex } from "./report.ts";
import type { StateLimit, WriteCompletions } from "./state.ts";
import type { AsyncVerify } from "./async.ts";
import { firstNonZero, TRIM_DROPPED, TRIM_ZERO, TrimVerify } from "./trim.ts";

/** fio's error for a verify failure: EILSEQ. */
export const EILSEQ = 84;

/** io_u flags fio prints for a read of its verify list, and for a plain read. */
const VERIFY_READ_FLAGS = 0x88;
const PLAIN_READ_FLAGS = 0x8;
/** fio's in-flight io_u bit, not set while an async thread holds the io_u. */
const IN_FLIGHT = 0x8;

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
  private readonly scratch: Uint8Array;
  private readonly scratch32: Uint32Array;
  private readonly sum: Uint8Array;
  private readonly hdr = new VerifyHeader();
  private readonly fields = {
    type: 0,
    len: 0,
    seedLo: 0,
    seedHi: 0,
    offset: 0,
    timeSec: 0,
    timeNsec: 0,
    thread: 0,
    numberio: 0,
  };
  private readonly now: () => number;
  /** Reads are checked (not verify=null, not a diskless engine). */
  private readonly checks: boolean;
  /** Hardware crc32c for blocks in native io buffers (verify=crc32c), or null. */
  private readonly hw: NativeCrc32c | null;
  /** Native verify fill for blocks in native io buffers, or null. */
  private readonly nativeFill: NativeFill | null;
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
  /** Set in a verify_async helper: fio's io_u flags there lack the in-flight bit. */
  asyncFlags = false;
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
    this.scratch = new Uint8Array(maxBs + 8);
    this.scratch32 = new Uint32Array(this.scratch.buffer, 0, this.scratch.length >>> 2);
    this.sum = new Uint8Array(128);
    this.now = now;
    this.log = log;
    const native = opts.method === "null" ? null : nativeKernels(crc32c, fillSeedWords);
    this.hw = opts.kind === CHECKSUMS.crc32c ? native?.crc32c ?? null : null;
    this.nativeFill = native?.fill ?? null;
    this.fields.thread = opts.thread;
    this.fields.type = opts.type;
    this.trim = opts.trim != null
      ? new TrimVerify(opts.trim, seeds[SeedSlot.trim], opts.use64)
      : null;
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
    if (!dry) this.fill(buf, this.views[io.index], len, io.offset, lo, hi, numberio, io.bufPtr);
    const e = this.history.add(fileIndex, io.offset, len, lo, hi, numberio, dry);
    this.unitEntry[io.index] = e;
    this.lastWasRead = false;
    if (this.trim !== null) this.trim.logged(e);
  }

  /** Builds the block fio writes for one verified write. */
  private fill(
    buf: Uint8Array,
    w: Uint32Array,
    len: number,
    offset: number,
    lo: number,
    hi: number,
    numberio: number,
    ptr: Deno.PointerObject | null,
  ): void {
    const o = this.opts;
    const hw = ptr !== null ? this.hw : null;
    if (o.method === "null") return;
    if (o.pattern !== null) fillPattern(buf, len, o.pattern, o.patternOffsets, offset);
    else if (ptr !== null && this.nativeFill !== null) this.nativeFill(ptr, len, lo | 0, hi | 0);
    else fillSeedWords(buf, w, 0, len, hi, lo);
    if (!o.header) return;
    const t = this.now();
    const f = this.fields;
    f.seedLo = lo;
    f.seedHi = hi;
    f.timeSec = Math.floor(t / 1e9) >>> 0;
    f.timeNsec = t % 1e9;
    f.numberio = numberio;
    const inc = o.interval > 0 ? o.interval : len;
    const hb = o.headerBytes, kind = o.kind;
    for (let p = 0; p < len; p += inc) {
      const end = p + inc < len ? p + inc : len;
      f.len = inc;
      f.offset = offset + p;
      writeHeader(buf, p, f);
      if (hw !== null) put32(buf, p + HEADER_SIZE, hw(ptr!, p + hb, end - p - hb, -1));
      else if (kind !== null) kind.compute(buf, p + hb, end, buf, p + HEADER_SIZE);
      if (o.offset > 0) swapBytes(buf, p, p + o.offset, hb);
    }
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
    if (this.check(io, e, bytes)) return true;
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
    return this.check(io, e, bytes);
  }

  /** fio's verify_io_u over every chunk of a read block. */
  private check(io: IoUnit, e: number, bytes: number): boolean {
    const o = this.opts, buf = io.buf, len = io.buflen;
    const inc = o.interval > 0 ? o.interval : len;
    let ok = true;
    for (let p = 0; p < len; p += inc) {
      const end = p + inc < len ? p + inc : len;
      if (end > bytes) {
        // A short read leaves the rest of the buffer stale: zero it so the
        // check reports it rather than comparing old data.
        buf.fill(0, Math.max(p, bytes), end);
      }
      if (o.header) {
        if (o.offset > 0) swapBytes(buf, p, p + o.offset, o.headerBytes);
        const bad = this.checkHeader(io, e, p, inc);
        if (bad !== "") {
          this.log(bad);
          if (o.dump) {
            this.log(
              dumpBuffer(o.dumpDir, io.file.name, io.offset + p, "received", buf.slice(p, end)),
            );
          }
          return false;
        }
      }
      if (!this.checkData(io, e, p, end, inc)) {
        ok = false;
        if (o.fatal) break;
      }
    }
    return ok;
  }

  /** The header mismatch line for the chunk at `p`, or "". */
  private checkHeader(io: IoUnit, e: number, p: number, inc: number): string {
    const h = readHeader(io.buf, p, this.hdr);
    const chunkOffset = io.offset + p;
    if (h.magic !== HEADER_MAGIC) {
      return `verify: bad magic header ${h.magic.toString(16)}, wanted ${
        HEADER_MAGIC.toString(16)
      }${this.where(io, p, inc)}`;
    }
    if (h.len !== inc) {
      return `verify: bad header length ${h.len}, wanted ${inc}${this.where(io, p, inc)}`;
    }
    const hist = this.history;
    if (
      e >= 0 && this.opts.checkSeed && (h.seedLo !== hist.seedLo[e] || h.seedHi !== hist.seedHi[e])
    ) {
      const got = (BigInt(h.seedHi) << 32n) | BigInt(h.seedLo);
      const want = (BigInt(hist.seedHi[e]) << 32n) | BigInt(hist.seedLo[e]);
      return `verify: bad header rand_seed ${got}, wanted ${want}${this.where(io, p, inc)}`;
    }
    if (h.offset !== chunkOffset) {
      return `verify: bad header offset ${h.offset}, wanted ${chunkOffset}${
        this.where(io, p, inc)
      }`;
    }
    if (e >= 0 && this.opts.checkNumberio && h.numberio !== (hist.numberio[e] & 0xffff)) {
      return `verify: bad header numberio ${h.numberio}, wanted ${hist.numberio[e] & 0xffff}${
        this.where(io, p, inc)
      }`;
    }
    const crc = headerCrc(io.buf, p);
    if (crc !== h.crc) {
      return `verify: bad header crc ${h.crc.toString(16)}, calculated ${crc.toString(16)}${
        this.where(io, p, inc)
      }`;
    }
    return "";
  }

  /** io_u flags for the report of a read of entry `e`. */
  private flags(e: number): number {
    return flagsFor(e >= 0, this.asyncFlags);
  }

  /** fio's " at file ... (requested block: ...)" tail (built only for a mismatch). */
  private where(io: IoUnit, p: number, inc: number): string {
    return headerWhere(io.file.name, io.offset + p, inc, io.offset, io.buflen);
  }

  /** Checks the chunk `[p, end)`'s data; logs fio's report when it is bad. */
  private checkData(io: IoUnit, e: number, p: number, end: number, inc: number): boolean {
    const o = this.opts, buf = io.buf, kind = o.kind;
    const hb = o.headerBytes;
    if (kind !== null) {
      const sum = this.sum;
      if (this.hw !== null && io.bufPtr !== null) {
        put32(sum, 0, this.hw(io.bufPtr, p + hb, end - p - hb, -1));
      } else kind.compute(buf, p + hb, end, sum, 0);
      let same = true;
      for (let k = 0; k < kind.size; k++) {
        if (sum[k] !== buf[p + HEADER_SIZE + k]) {
          same = false;
          break;
        }
      }
      if (same) return true;
      const lines = [
        dataFailure(
          kind.name,
          io.file.name,
          io.offset + p,
          inc,
          io.offset,
          io.buflen,
          this.flags(e),
        ),
        `       Expected CRC: ${hex(buf, p + HEADER_SIZE, p + HEADER_SIZE + kind.size)}`,
        `       Received CRC: ${hex(sum, 0, kind.size)}`,
      ];
      this.reportData(io, e, p, end, hb, lines);
      return false;
    }
    if (o.pattern === null) return true;
    // meta (with a pattern) and pattern: the data must be the pattern.
    const exp = this.expected(io, e, p, end);
    const from = o.header ? p + hb : p;
    for (let k = from; k < end; k++) {
      if (buf[k] !== exp[k]) {
        const lines = [
          `fio: got pattern '${hex(buf, k, k + 1)}', wanted '${hex(exp, k, k + 1)}'. Bad bits ${
            popcount(buf[k] ^ exp[k])
          }`,
          // fio counts from the end of the header, and names the check "pattern".
          `fio: bad pattern block offset ${k - from}`,
          dataFailure(
            "pattern",
            io.file.name,
            io.offset + p,
            inc,
            io.offset,
            io.buflen,
            this.flags(e),
          ),
        ];
        this.reportData(io, e, p, end, from - p, lines);
        return false;
      }
    }
    return true;
  }

  /** The block the chunk should hold, rebuilt in the scratch buffer. */
  private expected(io: IoUnit, e: number, p: number, end: number): Uint8Array {
    const o = this.opts, s = this.scratch;
    let lo = 0, hi = 0, numberio = 0;
    if (o.header && o.pattern === null) {
      // The header that was read names the seed (fio trusts it the same way).
      lo = this.hdr.seedLo;
      hi = this.hdr.seedHi;
      numberio = this.hdr.numberio;
    } else if (e >= 0) {
      lo = this.history.seedLo[e];
      hi = this.history.seedHi[e];
      numberio = this.history.numberio[e];
    }
    this.fill(s, this.scratch32, io.buflen, io.offset, lo, hi, numberio, null);
    if (o.offset > 0 && o.header) {
      // fill() leaves headers moved to verify_offset; the read chunk has them back.
      for (let q = 0; q < io.buflen; q += o.interval > 0 ? o.interval : io.buflen) {
        swapBytes(s, q, q + o.offset, o.headerBytes);
      }
    }
    void p;
    void end;
    return s;
  }

  /** Logs a data mismatch: fio's lines, dfio's first byte, the dumps. */
  private reportData(
    io: IoUnit,
    e: number,
    p: number,
    end: number,
    dataFrom: number,
    lines: string[],
  ): void {
    const exp = this.expected(io, e, p, end);
    const buf = io.buf;
    for (let k = p + dataFrom; k < end; k++) {
      if (buf[k] !== exp[k]) {
        lines.push(firstDifference(io.offset + k, k - p, exp[k], buf[k]));
        break;
      }
    }
    if (this.opts.dump) {
      const at = io.offset + p;
      lines.push(dumpBuffer(this.opts.dumpDir, io.file.name, at, "received", buf.slice(p, end)));
      lines.push(dumpBuffer(this.opts.dumpDir, io.file.name, at, "expected", exp.slice(p, end)));
    }
    this.log(lines.join("\n"));
  }
}

/** io_u flags fio prints (in an async verify thread the in-flight bit is swapped for 0x4). */
function flagsFor(list: boolean, asyncThread: boolean): number {
  const f = list ? VERIFY_READ_FLAGS : PLAIN_READ_FLAGS;
  // Measured on fio 3.33: 0x88 -> 0x84 and 0x8 -> 0x4 under verify_async.
  return asyncThread ? (f & ~IN_FLIGHT) | 0x4 : f;
}

function popcount(v: number): number {
  let n = 0;
  for (; v !== 0; v &= v - 1) n++;
  return n;
}
