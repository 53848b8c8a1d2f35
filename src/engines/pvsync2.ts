/**
 * pvsync2: preadv2(2)/pwritev2(2), which take per-call RWF_* flags.
 *
 * Engine options (fio names): `hipri` (RWF_HIPRI: poll for completion, only
 * effective with direct=1 on a polled queue), `hipri_percentage` (share of
 * I/Os that get RWF_HIPRI when hipri is set, default 100), `nowait`
 * (RWF_NOWAIT: fail with EAGAIN instead of blocking, e.g. on a page-cache
 * miss) and `uncached` (fio's RWF_UNCACHED, value 0x40; kernels without it
 * fail the I/O with EOPNOTSUPP, as fio 3.33 does here).
 */

import { RWF } from "../sys/libc.ts";
import { finishTransfer } from "./fileops.ts";
import { off64 } from "./offset.ts";
import { SyncEngineBase } from "./syncbase.ts";
import { DDIR, type EngineInit, type IoUnit, optionFlag, Q, type QueueStatus } from "./types.ts";

/** fio's value for RWF_UNCACHED (never merged into Linux under that name). */
export const RWF_UNCACHED = 0x40;

/** The pvsync2 engine. */
export class Pvsync2Engine extends SyncEngineBase {
  /** Name as given to `ioengine=`. */
  readonly name = "pvsync2";
  private baseFlags = 0;
  private hipriPct = 0;
  private rand = 0x2545f491;

  /** Reads hipri, hipri_percentage, nowait and uncached. */
  override init(init: EngineInit): number {
    super.init(init);
    const o = init.options;
    const pct = o.hipri_percentage === undefined ? 100 : Number(o.hipri_percentage);
    this.hipriPct = optionFlag(o.hipri) ? Math.max(0, Math.min(100, pct)) : 0;
    this.baseFlags = (optionFlag(o.nowait) ? RWF.NOWAIT : 0) |
      (optionFlag(o.uncached) ? RWF_UNCACHED : 0);
    return 0;
  }

  // RWF_HIPRI for hipri_percentage of the I/Os, from a private xorshift32
  // stream (fio draws these from its own per-engine generator too).
  private flagsFor(): number {
    const pct = this.hipriPct;
    if (pct === 0) return this.baseFlags;
    if (pct >= 100) return this.baseFlags | RWF.HIPRI;
    let x = this.rand;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rand = x | 0;
    return (x >>> 0) % 100 < pct ? this.baseFlags | RWF.HIPRI : this.baseFlags;
  }

  /** Reads or writes `io` with this job's RWF flags (see offset.ts for off64). */
  queue(io: IoUnit): QueueStatus {
    const d = io.ddir;
    if (d === DDIR.READ || d === DDIR.WRITE) {
      io.setIovLen(io.buflen);
      const fl = this.flagsFor();
      io.rwFlags = fl;
      const ret = d === DDIR.READ
        ? this.c.preadv2(io.file.fd, io.iovAddr, 1, off64(io.offset), fl)
        : this.c.pwritev2(io.file.fd, io.iovAddr, 1, off64(io.offset), fl);
      finishTransfer(io, ret, this.err);
    } else {
      this.ops.run(io);
    }
    return Q.COMPLETED;
  }
}
