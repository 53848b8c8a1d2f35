/**
 * posixaio: POSIX AIO through glibc (aio_read/aio_write/aio_fsync, then
 * aio_error/aio_return/aio_suspend), which runs each request on a glibc
 * helper thread.
 *
 * fio's behaviour kept here: the engine has no commit step (a request
 * starts inside `queue`, see `submitsAtQueue`); EAGAIN from aio_read/
 * aio_write means BUSY; trims run synchronously once nothing is queued;
 * syncs go through aio_fsync(O_SYNC). Reaping scans every in-flight unit
 * in slot order with aio_error, takes all that finished (even beyond
 * `max`), and when fewer than `min` did, waits in aio_suspend on up to 8
 * of the unfinished ones and scans again.
 *
 * struct aiocb on x86-64 glibc is 168 bytes: aio_fildes at 0, aio_buf at
 * 16, aio_nbytes at 24, aio_sigevent at 32 (sigev_notify at 44), aio_offset
 * at 128 (checked with a C program against <aio.h>). The blocks live in
 * native memory because glibc's threads write their status into them.
 */

import { errnoView, type Libc, libc, O } from "../sys/libc.ts";
import { addressHalves, allocAligned, type NativeBuffer } from "../sys/memory.ts";
import { closeEngineFile, openEngineFile, SyncOps } from "./fileops.ts";
import {
  DDIR,
  type EngineFile,
  type EngineFlags,
  type EngineInit,
  type IoEngine,
  IoUnit,
  Q,
  QUEUED_FILE_FLAGS,
  type QueueStatus,
} from "./types.ts";

/** Bytes in a glibc x86-64 struct aiocb. */
export const AIOCB_SIZE = 168;
const AIOCB_WORDS = AIOCB_SIZE / 4;
const SIGEV_NONE = 1;
const EINPROGRESS = 115;
const ECANCELED = 125;
const EAGAIN = 11;
/** fio waits on at most this many requests per aio_suspend. */
const SUSPEND_ENTRIES = 8;

/** The posixaio engine. */
export class PosixaioEngine implements IoEngine {
  /** Name as given to `ioengine=`. */
  readonly name = "posixaio";
  /** Queued, file-based. */
  readonly flags: EngineFlags = QUEUED_FILE_FLAGS;
  /**
   * A request starts inside `queue` (fio's posixaio has no commit hook), so
   * the I/O loop stamps its issue time there.
   */
  readonly submitsAtQueue = true;
  private readonly c: Libc;
  private readonly err: Int32Array;
  private ops: SyncOps;
  private depth = 1;
  private mem: NativeBuffer | null = null;
  private w32 = new Uint32Array(0);
  /** aiocb address of each slot, and of the suspend list. */
  private cbAddr: bigint[] = [];
  private listAddr = 0n;
  private listBase = 0;
  private listLo = new Uint32Array(0);
  private listHi = new Uint32Array(0);
  private byIndex: IoUnit[] = [];
  private flightBits = new Uint8Array(0);
  private reaped: IoUnit[] = [];
  private queued = 0;

  constructor() {
    this.c = libc();
    this.err = errnoView();
    this.ops = new SyncOps(this.c);
  }

  /** Allocates one aiocb per io unit plus the aio_suspend list. */
  init(init: EngineInit): number {
    const d = Math.max(1, init.iodepth | 0);
    this.depth = d;
    this.ops = new SyncOps(this.c, init.syncFileRangeFlags ?? 0);
    this.mem = allocAligned(d * AIOCB_SIZE + SUSPEND_ENTRIES * 8, 64);
    this.mem.bytes.fill(0);
    this.w32 = new Uint32Array(this.mem.buffer);
    const base = this.mem.address;
    this.cbAddr = [];
    this.listLo = new Uint32Array(d);
    this.listHi = new Uint32Array(d);
    for (let i = 0; i < d; i++) {
      const a = base + BigInt(i * AIOCB_SIZE);
      this.cbAddr.push(a);
      [this.listLo[i], this.listHi[i]] = addressHalves(a);
      this.w32[i * AIOCB_WORDS + 11] = SIGEV_NONE;
    }
    this.listBase = (d * AIOCB_SIZE) / 4;
    this.listAddr = base + BigInt(d * AIOCB_SIZE);
    this.byIndex = [];
    for (let i = 0; i < d; i++) this.byIndex.push(new IoUnit(i));
    this.reaped = this.byIndex.slice();
    this.flightBits = new Uint8Array(d);
    this.queued = 0;
    return 0;
  }

  /** Opens `f` with its flags. */
  openFile(f: EngineFile): number {
    return openEngineFile(this.c, f);
  }

  /** Closes `f`. */
  closeFile(f: EngineFile): number {
    return closeEngineFile(this.c, f);
  }

  // Fills the slot's aiocb for `io` (64-bit fields as two 32-bit words).
  private fill(io: IoUnit): bigint {
    const i = io.index, w = this.w32, b = i * AIOCB_WORDS;
    const off = io.offset;
    w[b] = io.file.fd; // aio_fildes
    w[b + 4] = io.iov32[0]; // aio_buf
    w[b + 5] = io.iov32[1];
    w[b + 6] = io.buflen; // aio_nbytes
    w[b + 7] = 0;
    w[b + 32] = off >>> 0; // aio_offset
    w[b + 33] = (off / 4294967296) | 0;
    this.byIndex[i] = io;
    return this.cbAddr[i];
  }

  /** Starts the request (read, write, fsync) or runs a trim. */
  queue(io: IoUnit): QueueStatus {
    const d = io.ddir;
    io.result = 0;
    io.resid = 0;
    io.error = 0;
    let rc: number;
    if (d === DDIR.READ) rc = this.c.aio_read(this.fill(io));
    else if (d === DDIR.WRITE) rc = this.c.aio_write(this.fill(io));
    else if (d === DDIR.TRIM) {
      if (this.queued > 0) return Q.BUSY;
      this.ops.run(io);
      return Q.COMPLETED;
    } else rc = this.c.aio_fsync(O.SYNC, this.fill(io));
    if (rc < 0) {
      const e = this.err[0];
      if (e === EAGAIN) return Q.BUSY;
      io.error = e;
      io.result = -e;
      io.resid = io.buflen;
      return Q.COMPLETED;
    }
    this.flightBits[io.index] = 1;
    this.queued++;
    return Q.QUEUED;
  }

  /** Requests start in `queue`: nothing to submit. */
  commit(): number {
    return 0;
  }

  /** fio's scan: every finished request, waiting while fewer than `min`. */
  getEvents(min: number, _max: number, _timeoutNs: number): number {
    const c = this.c, w = this.w32, fl = this.flightBits;
    let r = 0;
    for (;;) {
      let waiting = 0;
      for (let i = 0; i < this.depth; i++) {
        if (fl[i] === 0) continue;
        const addr = this.cbAddr[i];
        const e = c.aio_error(addr);
        if (e === EINPROGRESS) {
          if (waiting < SUSPEND_ENTRIES) {
            const p = this.listBase + waiting * 2;
            w[p] = this.listLo[i];
            w[p + 1] = this.listHi[i];
            waiting++;
          }
          continue;
        }
        fl[i] = 0;
        this.queued--;
        const io = this.byIndex[i];
        this.reaped[r++] = io;
        if (e === ECANCELED) {
          io.resid = io.buflen;
        } else if (e === 0) {
          const n = c.aio_return(addr);
          io.result = n;
          io.resid = io.buflen - n;
        } else {
          // aio_return also releases glibc's record of the request.
          c.aio_return(addr);
          io.error = e;
          io.result = -e;
          io.resid = io.buflen;
        }
      }
      if (r >= min || waiting === 0) return r;
      c.aio_suspend(this.listAddr, waiting, 0n);
    }
  }

  /** The i-th unit of the last reap. */
  event(i: number): IoUnit {
    return this.reaped[i];
  }

  /** Cancels and waits out anything still in flight, then frees the aiocbs. */
  cleanup(): void {
    if (this.mem === null) return;
    for (let i = 0; i < this.depth; i++) {
      if (this.flightBits[i] !== 0) this.c.aio_cancel(this.byIndex[i].file.fd, this.cbAddr[i]);
    }
    while (this.queued > 0) {
      if (this.getEvents(this.queued, this.queued, -1) === 0) break;
    }
    this.mem.release();
    this.mem = null;
    this.w32 = new Uint32Array(0);
  }
}
