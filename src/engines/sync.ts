/**
 * sync: read(2)/write(2) at the file position, with an lseek(2) first when
 * the position is not already at the io unit's offset (sequential jobs skip
 * the seek, as in fio).
 */

import { SEEK_SET } from "../sys/libc.ts";
import { finishTransfer } from "./fileops.ts";
import { off64, u64 } from "./offset.ts";
import { SyncEngineBase } from "./syncbase.ts";
import { DDIR, type IoUnit, Q, type QueueStatus } from "./types.ts";

/** The sync engine. */
export class SyncEngine extends SyncEngineBase {
  /** Name as given to `ioengine=`. */
  readonly name = "sync";

  /** Seeks if needed, then reads or writes `io` (see offset.ts for off64). */
  queue(io: IoUnit): QueueStatus {
    const d = io.ddir;
    if (d !== DDIR.READ && d !== DDIR.WRITE) {
      this.ops.run(io);
      return Q.COMPLETED;
    }
    const f = io.file;
    if (f.lastPos !== io.offset) {
      // lseek's result is declared i32 (no BigInt); a 64-bit offset whose low
      // word is 0xffffffff would look like -1, so errno decides.
      this.err[0] = 0;
      if (this.c.lseek(f.fd, off64(io.offset), SEEK_SET) === -1 && this.err[0] !== 0) {
        finishTransfer(io, -1, this.err);
        return Q.COMPLETED;
      }
    }
    const ret = d === DDIR.READ
      ? this.c.read(f.fd, io.bufAddr, u64(io.buflen))
      : this.c.write(f.fd, io.bufAddr, u64(io.buflen));
    finishTransfer(io, ret, this.err);
    return Q.COMPLETED;
  }
}
