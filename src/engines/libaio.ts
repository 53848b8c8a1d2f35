/**
 * libaio: Linux kernel AIO through the raw io_setup/io_submit/io_getevents/
 * io_destroy syscalls (no libaio library on the test machine); the two per
 * I/O go through dfio's stubs (src/sys/aio_calls.ts) where those load.
 *
 * Memory: one native block holds a struct iocb per io unit (64 bytes, the
 * unit's slot by index), the iocb pointer array io_submit reads, and the
 * io_event array io_getevents fills. Every 64-bit field is written as two
 * 32-bit halves so no BigInt is made per I/O.
 *
 * fio's behaviour kept here: reads and writes are IOCB_CMD_PREAD/PWRITE;
 * fsync, fdatasync and trim run synchronously in `queue` once nothing is
 * waiting for submission (else BUSY); `nowait` sets RWF_NOWAIT; with
 * `userspace_reap` and iodepth_batch_complete_min=0 completions are read
 * straight from the AIO ring the kernel maps at the context address.
 */

import { type AioCalls, nativeAioCalls } from "../sys/aio_calls.ts";
import { errnoView, type Libc, libc, RWF, strerror, SYS } from "../sys/libc.ts";
import { addressHalves, allocAligned, type NativeBuffer } from "../sys/memory.ts";
import { type Cmdprio, cmdprioFailure } from "./cmdprio.ts";
import { closeEngineFile, openEngineFile, SyncOps } from "./fileops.ts";
import { u64 } from "./offset.ts";
import {
  DDIR,
  type EngineFile,
  type EngineFlags,
  type EngineInit,
  type EngineSetupFailure,
  type IoEngine,
  IoUnit,
  optionFlag,
  Q,
  QUEUED_FILE_FLAGS,
  type QueueStatus,
} from "./types.ts";

/** aio_flags bit: aio_reqprio is valid (linux/aio_abi.h). */
const IOCB_FLAG_IOPRIO = 2;
/** fio 3.33's source position for a failed engine init (cmdprio settings). */
const CMDPRIO_ERROR_WHERE = "file:engines/libaio.c:510, func=fio_libaio_init";

/** struct iocb opcodes (linux/aio_abi.h). */
export const IOCB_CMD = { PREAD: 0, PWRITE: 1, FSYNC: 2, FDSYNC: 3 } as const;
/** The magic number in the header of the AIO completion ring. */
export const AIO_RING_MAGIC = 0xa10a10a1;

const IOCB_WORDS = 16; // 64 bytes
const EVENT_WORDS = 8; // 32 bytes
const RING_HEADER_WORDS = 8; // struct aio_ring before its io_events
const EINTR = 4;
const EAGAIN = 11;

/** The libaio engine. */
export class LibaioEngine implements IoEngine {
  /** Name as given to `ioengine=`. */
  readonly name = "libaio";
  /** Queued, file-based. */
  readonly flags: EngineFlags = QUEUED_FILE_FLAGS;
  private readonly c: Libc;
  private readonly err: Int32Array;
  private ops: SyncOps;
  private depth = 1;
  private mem: NativeBuffer | null = null;
  /** iocbs, then the pointer array, then the events: all as u32 words. */
  private w32 = new Uint32Array(0);
  private i32 = new Int32Array(0);
  private ptrBase = 0;
  private evBase = 0;
  private ptrAddr = 0n;
  private evAddr = 0n;
  /** Low/high halves of each unit's iocb address. */
  private iocbLo = new Uint32Array(0);
  private iocbHi = new Uint32Array(0);
  /** aio_context_t from io_setup (an address in this process). */
  private ctx = 0n;
  private readonly ctxOut = new BigUint64Array(1);
  /** Units by index, for mapping events back. */
  private byIndex: IoUnit[] = [];
  private reaped: IoUnit[] = [];
  /** Prepared iocbs not yet accepted by io_submit. */
  private pending = 0;
  private rwFlags = 0;
  private userReap = false;
  /** The completion ring as u32 words (userspace_reap), else empty. */
  private ring = new Uint32Array(0);
  private ringI32 = new Int32Array(0);
  private ringNr = 0;
  private setupFailure: EngineSetupFailure | null = null;
  /** cmdprio's per-I/O choice (src/engines/cmdprio.ts); null: not used. */
  private cmdprio: Cmdprio | null = null;
  private cmdprioError: readonly string[] | null = null;
  /** errno of a failed io_submit, handed to the loop by the next getEvents. */
  private failed = 0;
  private readonly sysSubmit = BigInt(SYS.io_submit);
  private readonly sysGetevents = BigInt(SYS.io_getevents);
  /** dfio's own io_submit/io_getevents stubs, or null: through libc. */
  private readonly aio: AioCalls | null = nativeAioCalls();
  // The context and the two arrays' addresses as 32-bit halves, for the stubs.
  private ctxLo = 0;
  private ctxHi = 0;
  private ptrLo = 0;
  private ptrHi = 0;
  private evLo = 0;
  private evHi = 0;

  constructor() {
    this.c = libc();
    this.err = errnoView();
    this.ops = new SyncOps(this.c);
  }

  /** Sets up the AIO context for `iodepth` I/Os and the native iocb area. */
  init(init: EngineInit): number {
    const o = init.options;
    this.setupFailure = null;
    this.cmdprio = init.cmdprio?.prio ?? null;
    this.cmdprioError = init.cmdprio?.errorLines ?? null;
    this.depth = Math.max(1, init.iodepth | 0);
    this.ops = new SyncOps(this.c, init.syncFileRangeFlags ?? 0);
    this.rwFlags = optionFlag(o.nowait) ? RWF.NOWAIT : 0;
    // fio reads the ring itself only when it may return with no events.
    this.userReap = optionFlag(o.userspace_reap) && Number(o.iodepth_batch_complete_min ?? 1) === 0;
    const d = this.depth;
    const bytes = d * 64 + d * 8 + d * 32;
    this.mem = allocAligned(bytes, 64);
    this.mem.bytes.fill(0);
    this.w32 = new Uint32Array(this.mem.buffer);
    this.i32 = new Int32Array(this.mem.buffer);
    this.ptrBase = d * IOCB_WORDS;
    this.evBase = this.ptrBase + d * 2;
    const base = this.mem.address;
    this.ptrAddr = base + BigInt(d * 64);
    this.evAddr = this.ptrAddr + BigInt(d * 8);
    this.iocbLo = new Uint32Array(d);
    this.iocbHi = new Uint32Array(d);
    for (let i = 0; i < d; i++) {
      [this.iocbLo[i], this.iocbHi[i]] = addressHalves(base + BigInt(i * 64));
    }
    this.byIndex = new Array<IoUnit>(d);
    this.reaped = new Array<IoUnit>(d);
    for (let i = 0; i < d; i++) {
      this.byIndex[i] = new IoUnit(i);
      this.reaped[i] = this.byIndex[i];
    }
    this.ctxOut[0] = 0n;
    const rc = this.c.syscall(
      BigInt(SYS.io_setup),
      BigInt(d),
      BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(this.ctxOut))),
      0n,
      0n,
      0n,
      0n,
    );
    if (rc < 0n) {
      // fio fails the job (not the run) and names where io_setup failed.
      const e = this.err[0];
      this.releaseMem();
      this.setupFailure = {
        lines: [],
        errno: e,
        text: `file:engines/libaio.c:485, func=io_queue_init, error=${strerror(e)}`,
      };
      return 0;
    }
    this.ctx = this.ctxOut[0];
    [this.ctxLo, this.ctxHi] = addressHalves(this.ctx);
    [this.ptrLo, this.ptrHi] = addressHalves(this.ptrAddr);
    [this.evLo, this.evHi] = addressHalves(this.evAddr);
    if (this.userReap) this.mapRing();
    return 0;
  }

  // The kernel maps struct aio_ring at the context address; fio reads the
  // head/tail and events from it. Without the magic, fall back to syscalls.
  private mapRing(): void {
    const p = Deno.UnsafePointer.create(this.ctx);
    if (p === null) {
      this.userReap = false;
      return;
    }
    const head = new Uint32Array(Deno.UnsafePointerView.getArrayBuffer(p, 32));
    if (head[4] !== AIO_RING_MAGIC) {
      this.userReap = false;
      return;
    }
    this.ringNr = head[1];
    const buf = Deno.UnsafePointerView.getArrayBuffer(p, 32 + this.ringNr * 32);
    this.ring = new Uint32Array(buf);
    this.ringI32 = new Int32Array(buf);
  }

  /** Reports an io_setup failure of `init` as fio reports it (the job fails). */
  postInit(): EngineSetupFailure | null {
    if (this.cmdprioError !== null) {
      return cmdprioFailure(this.cmdprioError, this.name, CMDPRIO_ERROR_WHERE);
    }
    return this.setupFailure;
  }

  /** Opens `f` with its flags. */
  openFile(f: EngineFile): number {
    return openEngineFile(this.c, f);
  }

  /** Closes `f`. */
  closeFile(f: EngineFile): number {
    return closeEngineFile(this.c, f);
  }

  /**
   * Prepares the unit's iocb and adds it to the submission batch. Syncs and
   * trims run at once, but only with no prepared iocb ahead of them.
   */
  queue(io: IoUnit): QueueStatus {
    const d = io.ddir;
    if (d !== DDIR.READ && d !== DDIR.WRITE) {
      if (this.pending > 0) return Q.BUSY;
      if (this.cmdprio !== null) this.cmdprio.select(io);
      this.ops.run(io);
      return Q.COMPLETED;
    }
    if (this.pending === this.depth) return Q.BUSY;
    const i = io.index;
    this.byIndex[i] = io;
    const w = this.w32, b = i * IOCB_WORDS;
    const off = io.offset;
    io.rwFlags = this.rwFlags;
    io.result = 0;
    io.resid = 0;
    io.error = 0;
    w[b] = i; // aio_data
    w[b + 1] = 0;
    w[b + 2] = 0; // aio_key
    w[b + 3] = this.rwFlags; // aio_rw_flags
    w[b + 4] = d === DDIR.READ ? IOCB_CMD.PREAD : IOCB_CMD.PWRITE; // opcode, reqprio 0
    w[b + 5] = io.file.fd;
    w[b + 6] = io.iov32[0]; // aio_buf: the unit's buffer (its iovec base)
    w[b + 7] = io.iov32[1];
    w[b + 8] = io.buflen; // aio_nbytes
    w[b + 9] = 0;
    w[b + 10] = off >>> 0; // aio_offset
    w[b + 11] = (off / 4294967296) | 0;
    w[b + 14] = 0; // aio_flags
    if (this.cmdprio !== null) {
      // Only a prioritized I/O carries a priority (fio leaves the rest to ioprio_set).
      const prio = this.cmdprio.select(io);
      if (io.prioIndex !== 0) {
        w[b + 4] |= prio << 16; // aio_reqprio
        w[b + 14] = IOCB_FLAG_IOPRIO;
      }
    }
    const p = this.ptrBase + this.pending * 2;
    w[p] = this.iocbLo[i];
    w[p + 1] = this.iocbHi[i];
    this.pending++;
    return Q.QUEUED;
  }

  /**
   * One io_submit for the whole batch (again for a remainder the kernel did
   * not take). EAGAIN with I/O in flight leaves the rest for the next call,
   * as fio does. Returns 0 or a negative errno.
   */
  commit(): number {
    while (this.pending > 0) {
      const n = this.pending;
      const r = this.submitCall(n);
      if (r > 0) {
        this.pending -= r;
        if (this.pending > 0) {
          const p = this.ptrBase;
          this.w32.copyWithin(p, p + r * 2, p + n * 2);
        }
        continue;
      }
      const e = -r;
      if (r === 0 || e === EINTR) continue;
      if (e === EAGAIN) return 0;
      // The kernel took none of the rest (e.g. EPERM for a real-time
      // cmdprio as non-root): they never complete, so the next getEvents
      // reports the error instead of waiting for them.
      this.pending = 0;
      this.failed = e;
      return -e;
    }
    return 0;
  }

  /** Whether completions are read from the mapped ring (userspace_reap in effect). */
  get reapsFromRing(): boolean {
    return this.userReap;
  }

  /** Number of iocbs prepared but not yet submitted. */
  get queued(): number {
    return this.pending;
  }

  /**
   * io_getevents(min, max) with no timeout (fio passes none); with
   * userspace_reap and min 0, reads the ring instead.
   */
  getEvents(min: number, max: number, _timeoutNs: number): number {
    if (this.failed !== 0) {
      const e = this.failed;
      this.failed = 0;
      return -e;
    }
    if (max > this.depth) max = this.depth;
    if (min > max) min = max;
    let got = 0;
    do {
      let r: number;
      if (this.userReap) {
        r = this.reapRing(got, max - got);
      } else {
        r = this.geteventsCall(min - got, max - got);
        if (r < 0) {
          if (r === -EINTR) continue;
          return r;
        }
        this.takeEvents(got, r);
      }
      got += r;
      // Nothing came back yet: push out anything still waiting to submit.
      if (r === 0 && got < min && this.pending > 0) this.commit();
    } while (got < min);
    return got;
  }

  // io_submit of the first `n` pointers: the count, or minus the errno.
  private submitCall(n: number): number {
    const aio = this.aio;
    if (aio !== null) return aio.submit(this.ctxLo, this.ctxHi, n, this.ptrLo, this.ptrHi);
    const r = this.c.syscall_i32(this.sysSubmit, this.ctx, u64(n), this.ptrAddr, 0n, 0n, 0n);
    return r < 0 ? -this.err[0] : r;
  }

  // io_getevents into the event array, no timeout: the count, or minus the errno.
  private geteventsCall(min: number, max: number): number {
    const aio = this.aio;
    if (aio !== null) {
      return aio.getevents(this.ctxLo, this.ctxHi, min, max, this.evLo, this.evHi);
    }
    const r = this.c.syscall_i32(
      this.sysGetevents,
      this.ctx,
      u64(min),
      u64(max),
      this.evAddr,
      0n,
      0n,
    );
    return r < 0 ? -this.err[0] : r;
  }

  // Moves the `n` events io_getevents wrote into the reaped list at `from`.
  private takeEvents(from: number, n: number): void {
    const w = this.w32, s = this.i32;
    for (let k = 0; k < n; k++) {
      const e = this.evBase + k * EVENT_WORDS;
      this.finish(this.byIndex[w[e]], from + k, s[e + 4], s[e + 5]);
    }
  }

  // user_io_getevents: consume entries between head and tail of the ring.
  private reapRing(from: number, max: number): number {
    const ring = this.ring, rs = this.ringI32, nr = this.ringNr;
    // Atomics, not plain loads: getEvents spins on this with no call in
    // between, and a plain load of the tail could be hoisted out of the loop.
    let head = Atomics.load(ring, 2);
    const tail = Atomics.load(ring, 3);
    let n = 0;
    while (n < max && head !== tail) {
      const e = RING_HEADER_WORDS + head * EVENT_WORDS;
      this.finish(this.byIndex[ring[e]], from + n, rs[e + 4], rs[e + 5]);
      head = head + 1 === nr ? 0 : head + 1;
      n++;
    }
    if (n > 0) Atomics.store(ring, 2, head);
    return n;
  }

  // An event's res: bytes moved or a negative errno (a 64-bit value whose
  // low word is exact for both, since no single I/O reaches 2 GiB).
  private finish(io: IoUnit, k: number, resLo: number, resHi: number): void {
    if (resHi < 0) {
      io.result = resLo;
      io.error = -resLo;
      io.resid = io.buflen;
    } else {
      io.result = resLo;
      io.error = 0;
      io.resid = io.buflen - resLo;
    }
    this.reaped[k] = io;
  }

  /** The i-th unit of the last reap. */
  event(i: number): IoUnit {
    return this.reaped[i];
  }

  /** Destroys the context (the kernel waits for I/O still in flight). */
  cleanup(): void {
    if (this.ctx !== 0n) {
      this.c.syscall(BigInt(SYS.io_destroy), this.ctx, 0n, 0n, 0n, 0n, 0n);
      this.ctx = 0n;
    }
    this.ring = new Uint32Array(0);
    this.ringI32 = new Int32Array(0);
    this.releaseMem();
  }

  private releaseMem(): void {
    this.mem?.release();
    this.mem = null;
    this.w32 = new Uint32Array(0);
    this.i32 = new Int32Array(0);
  }
}
