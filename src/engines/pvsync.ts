/**
 * pvsync: preadv(2)/pwritev(2) with the io unit's one-entry iovec.
 */

import { finishTransfer } from "./fileops.ts";
import { off64 } from "./offset.ts";
import { SyncEngineBase } from "./syncbase.ts";
import { DDIR, type IoUnit, Q, type QueueStatus } from "./types.ts";

/** The pvsync engine. */
export class PvsyncEngine extends SyncEngineBase {
  /** Name as given to `ioengine=`. */
  readonly name = "pvsync";

  /** Reads or writes `io` through its iovec (see offset.ts for off64). */
  queue(io: IoUnit): QueueStatus {
    const d = io.ddir;
    if (d === DDIR.READ) {
      io.setIovLen(io.buflen);
      finishTransfer(io, this.c.preadv(io.file.fd, io.iovAddr, 1, off64(io.offset)), this.err);
    } else if (d === DDIR.WRITE) {
      io.setIovLen(io.buflen);
      finishTransfer(io, this.c.pwritev(io.file.fd, io.iovAddr, 1, off64(io.offset)), this.err);
    } else {
      this.ops.run(io);
    }
    return Q.COMPLETED;
  }
}
