/**
 * The pass of a blocking engine (sync, psync, vsync, pvsync, pvsync2, null
 * at depth 1): one io unit, issued and completed in a tight loop with one
 * clock read on each side of the syscall. This is dfio's hottest code: it
 * allocates nothing, and every optional feature costs one null check.
 */
import { DDIR, type IoEngine, Q } from "../engines/types.ts";
import { fillWriteBuffer } from "./buffers.ts";
import type { JobLoop } from "./loop.ts";
import { resubmitShort } from "./short_io.ts";

/** Runs the one unit a sync engine queued rather than completed (vsync). */
function commitOne(engine: IoEngine): void {
  engine.commit();
  engine.getEvents(1, 1, -1);
}

/** One pass of `loop` on its blocking engine. False: the job must stop. */
export function runSyncPass(loop: JobLoop): boolean {
  const env = loop.env;
  const engine = env.engine;
  const now = env.now;
  const io = env.units[0];
  const c = loop.collector;
  const t = loop.t;
  const contents = env.contents;
  const locks = loop.locks;
  // Untimed (gtod_reduce): fio reads the clock once per 64 calls (its time
  // cache); here the time after every 64th I/O stands for the next 63.
  const untimed = loop.untimed;
  let k = 0;
  let t1 = now();
  loop.events(t1);
  for (;;) {
    if (!loop.canIssue()) return !loop.stopped();
    if (!loop.prepare(io)) return loop.error === 0;
    loop.issued(io);
    // The previous completion time stamps the buffer: no extra clock read.
    if (io.ddir === DDIR.WRITE && contents !== null) fillWriteBuffer(io, contents, t1);
    // lockfile (files/lock.ts): waiting for the lock is not I/O time.
    if (locks !== null) locks.lock(io);
    let t0 = untimed ? t1 : now();
    io.startNs = t0;
    // vsync queues even at depth 1: its commit does the transfer.
    if (engine.queue(io) !== Q.COMPLETED) commitOne(engine);
    if (!untimed || (++k & 63) === 0) t1 = now();
    c.ioSubmit[1]++;
    c.ioComplete[1]++;
    c.ioDepth[0]++;
    // A short transfer: fio resubmits the rest (short_io.ts).
    if (io.resid !== 0 && io.error === 0) {
      if ((t1 = resubmitShort(loop, io, t1)) < 0) return false;
      t0 = io.startNs;
    }
    if (locks !== null) locks.unlock(io);
    if (!loop.complete(io, -1, t1 - t0, t1 - t0)) return false;
    if (t1 >= t[5] && !loop.events(t1)) return false;
  }
}
