/**
 * Short transfers on sync engines, as fio 3.33 handles them: when a read or
 * write moves fewer bytes than asked (io_u->resid > 0), fio counts a short
 * I/O and queues the rest of the block again (same unit, buffer and offset
 * moved past the bytes done) until the block is complete. Measured with a
 * file truncated by exec_prerun under a read job:
 *
 * - every resubmission counts as an issued I/O (total_ios), the short
 *   counter (short_ios) grows once per partial transfer;
 * - the block is accounted once, in full (io_bytes, one clat sample timed
 *   from the last submission);
 * - a submission that moves 0 bytes ends the job with EIO, reported as
 *   `file:backend.c:471, func=full resid` (no io_u error line) and the block
 *   is not accounted;
 * - a rest that starts exactly at the end of the file is not resubmitted:
 *   the block counts with the bytes done.
 *
 * Runs only after a short transfer, never on the ordinary path.
 */

import type { IoUnit } from "../engines/types.ts";
import type { JobLoop } from "./loop.ts";

const EIO = 5;
/** fio's error text for a transfer that moved nothing. */
export const FULL_RESID_TEXT = "file:backend.c:471, func=full resid, error=Input/output error";

/**
 * Completes the short transfer `io` (completed at `t1` ns) by resubmitting
 * its rest. On return `io` describes the whole block again with `resid` 0
 * (or the bytes done at end of file), `io.startNs` is the last submission
 * time, and the result is the last completion time; -1 when the job failed
 * (error recorded on `loop`). A failed resubmission (errno) is left in
 * `io.error` for the caller's normal error handling.
 */
export function resubmitShort(loop: JobLoop, io: IoUnit, t1: number): number {
  const env = loop.env, c = loop.collector, d = io.ddir;
  const offset = io.offset, buflen = io.buflen, addr = io.bufAddr;
  const realSize = fileSize(loop, io);
  let done = 0;
  for (;;) {
    const moved = io.buflen - io.resid;
    if (moved <= 0) {
      restore(io, offset, buflen, addr);
      loop.fail(EIO, "", FULL_RESID_TEXT);
      return -1;
    }
    done += moved;
    c.short[d]++;
    if (offset + done === realSize) {
      // fio stops at the end of the file and counts what was done.
      restore(io, offset, done, addr);
      return t1;
    }
    io.offset = offset + done;
    io.buflen = buflen - done;
    setAddr(io, addr + BigInt(done));
    // A new issue for total_ios only: the block's bytes were counted when first issued.
    c.issued[d]++;
    const t0 = env.now();
    io.startNs = t0;
    env.engine.queue(io);
    t1 = env.now();
    c.ioSubmit[1]++;
    c.ioDepth[0]++;
    if (io.error !== 0 || io.resid === 0) break;
  }
  const start = io.startNs;
  restore(io, offset, buflen, addr);
  io.startNs = start;
  return t1;
}

/** fio's real_file_size of the unit's file (-1 when unknown). */
function fileSize(loop: JobLoop, io: IoUnit): number {
  for (const f of loop.env.files) if (f.engineFile === io.file) return f.realSize;
  return -1;
}

function setAddr(io: IoUnit, addr: bigint): void {
  io.bufAddr = addr;
  io.iov[0] = addr;
}

function restore(io: IoUnit, offset: number, buflen: number, addr: bigint): void {
  io.offset = offset;
  io.buflen = buflen;
  io.resid = 0;
  setAddr(io, addr);
}
