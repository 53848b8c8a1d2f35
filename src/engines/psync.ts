/**
 * psync: one pread(2)/pwrite(2) per I/O, the offset passed with the call
 * (no seek). fio's default engine on Linux.
 */

import { finishTransfer } from "./fileops.ts";
import { off64, u64 } from "./offset.ts";
import { SyncEngineBase } from "./syncbase.ts";
import { DDIR, type IoUnit, Q, type QueueStatus } from "./types.ts";

/** The psync engine. */
export class PsyncEngine extends SyncEngineBase {
  /** Name as given to `ioengine=`. */
  readonly name = "psync";

  /**
   * Reads or writes `io` at its offset. The offset and length reach the
   * `i64`/`usize` FFI parameters through `off64`/`u64`, which V8 keeps as
   * raw 64-bit values: no BigInt is allocated per I/O (see offset.ts).
   */
  queue(io: IoUnit): QueueStatus {
    const d = io.ddir;
    if (d === DDIR.READ) {
      finishTransfer(
        io,
        this.c.pread(io.file.fd, io.bufAddr, u64(io.buflen), off64(io.offset)),
        this.err,
      );
    } else if (d === DDIR.WRITE) {
      finishTransfer(
        io,
        this.c.pwrite(io.file.fd, io.bufAddr, u64(io.buflen), off64(io.offset)),
        this.err,
      );
    } else {
      this.ops.run(io);
    }
    return Q.COMPLETED;
  }
}
