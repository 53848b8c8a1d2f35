/**
 * vsync: readv(2)/writev(2) at the file position. Like fio's vsync, io units
 * that continue the previous one (same file, same direction, next offset)
 * are gathered into one vector until `commit`, so a sequential job with
 * iodepth=N moves up to N blocks per syscall. The first unit of a batch
 * seeks when the file position is elsewhere.
 */

import { SEEK_SET } from "../sys/libc.ts";
import { off64 } from "./offset.ts";
import { SyncEngineBase } from "./syncbase.ts";
import {
  DDIR,
  type EngineFile,
  type EngineInit,
  type IoUnit,
  NO_FILE,
  Q,
  type QueueStatus,
} from "./types.ts";

/** The vsync engine. */
export class VsyncEngine extends SyncEngineBase {
  /** Name as given to `ioengine=`. */
  readonly name = "vsync";
  /** fio's vsync reports a failed readv/writev from its commit. */
  readonly xferErrorSite = "file:engines/sync.c:364, func=xfer vsync";
  private units: IoUnit[] = [];
  private iovs = new Uint32Array(4);
  private iovsAddr = 0n;
  private queued = 0;
  private events = 0;
  private reaped = 0;
  // The next contiguous offset, in a typed array so updates never box.
  private readonly next = new Float64Array(1);
  private lastFile: EngineFile = NO_FILE;
  private lastDdir = -1;

  /** Sizes the vector for iodepth units. */
  override init(init: EngineInit): number {
    super.init(init);
    const depth = Math.max(1, init.iodepth | 0);
    this.units = new Array<IoUnit>(depth);
    this.iovs = new Uint32Array(4 * depth);
    this.iovsAddr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(this.iovs)));
    return 0;
  }

  /** Adds `io` to the pending vector, or runs a sync/trim at once. */
  queue(io: IoUnit): QueueStatus {
    const d = io.ddir;
    if (d !== DDIR.READ && d !== DDIR.WRITE) {
      if (this.queued > 0) return Q.BUSY;
      this.ops.run(io);
      return Q.COMPLETED;
    }
    const appends = this.queued > 0 && io.file === this.lastFile && d === this.lastDdir &&
      io.offset === this.next[0];
    if (!appends && this.queued > 0) return Q.BUSY;
    if (this.queued === this.units.length || this.events > 0) return Q.BUSY;
    const k = this.queued++;
    this.units[k] = io;
    const src = io.iov32;
    const dst = this.iovs;
    dst[4 * k] = src[0];
    dst[4 * k + 1] = src[1];
    dst[4 * k + 2] = io.buflen >>> 0;
    dst[4 * k + 3] = 0;
    this.next[0] = io.offset + io.buflen;
    this.lastFile = io.file;
    this.lastDdir = d;
    return Q.QUEUED;
  }

  /** Issues the gathered vector as one readv/writev. */
  override commit(): number {
    const n = this.queued;
    if (n === 0) return 0;
    this.queued = 0;
    this.events = n;
    const first = this.units[0];
    const f = first.file;
    let ret = 0;
    if (f.lastPos !== first.offset) {
      this.err[0] = 0;
      if (this.c.lseek(f.fd, off64(first.offset), SEEK_SET) === -1 && this.err[0] !== 0) {
        ret = -1;
      }
    }
    if (ret === 0) {
      ret = first.ddir === DDIR.READ
        ? this.c.readv(f.fd, this.iovsAddr, n)
        : this.c.writev(f.fd, this.iovsAddr, n);
    }
    this.spread(ret, n);
    return 0;
  }

  // Shares one syscall's byte count out over the units in order: earlier
  // units fill first, so a short transfer leaves residue on the later ones.
  private spread(ret: number, n: number): void {
    const e = ret < 0 ? this.err[0] : 0;
    let left = ret;
    for (let i = 0; i < n; i++) {
      const io = this.units[i];
      if (ret < 0) {
        io.result = -e;
        io.error = e;
        io.resid = io.buflen;
      } else {
        const done = left < io.buflen ? left : io.buflen;
        left -= done;
        io.result = done;
        io.error = 0;
        io.resid = io.buflen - done;
      }
    }
    const f = this.units[0].file;
    f.lastPos = ret < 0 ? -1 : this.units[0].offset + ret;
  }

  /** Hands out the units of the last commit. */
  override getEvents(_min: number, _max: number, _timeoutNs: number): number {
    const n = this.events;
    this.events = 0;
    this.reaped = n;
    return n;
  }

  /** The i-th unit of the last commit. */
  override event(i: number): IoUnit {
    if (i >= this.reaped) throw new RangeError(`vsync: no event ${i}`);
    return this.units[i];
  }
}
