/**
 * The verify side of a job's passes: fio's do_verify, the phase after a
 * write pass that reads every logged write back, and verify_only's dry run
 * of a writing job. Both run once per pass; the per-I/O verify work (filling
 * writes, handing out and checking reads) stays in the loop's prepare and
 * complete, and in src/worker/verify/.
 */

import { DDIR } from "../engines/types.ts";
import { RunState } from "../run/thread_area.ts";
import { runEnginePass } from "./engine_pass.ts";
import type { JobLoop } from "./loop.ts";
import { OffloadPass } from "./offload_pass.ts";

/**
 * fio's do_verify after a write pass: the files are closed (so they are
 * reopened, and invalidated, as in fio) and every logged write is read
 * back and checked; the job's state is VERIFYING meanwhile. False: stop.
 */
export function runVerifyPhase(loop: JobLoop): boolean {
  const v = loop.verifier!, env = loop.env, t = loop.t;
  // Offload leaves the files open, so fio's sync before verifying counts.
  if (loop.queued instanceof OffloadPass) loop.queued.syncOpen(loop.opened);
  loop.closeFiles();
  loop.setState(RunState.VERIFYING);
  const start = env.now();
  // The reads do not count toward the job's size: its byte counts come back after.
  const limit = t[6], passBytes = t[0], allBytes = t[1];
  t[6] = Infinity;
  v.startPhase();
  loop.verifying = true;
  // With offload fio verifies on the job thread (offload_pass.ts).
  const ok = loop.queued instanceof OffloadPass ? loop.queued.runInline() : runEnginePass(loop);
  loop.verifying = false;
  v.endPhase(env.now() - start);
  t[6] = limit;
  t[0] = passBytes;
  t[1] = allBytes;
  loop.setState(loop.inRamp ? RunState.RAMP : RunState.RUNNING);
  return ok && loop.error === 0 && !loop.terminated;
}

/**
 * verify_only on a writing job (fio's dry run): the writes are generated
 * and logged as if issued, and counted, but nothing is written.
 */
export function runDryPass(loop: JobLoop): boolean {
  const io = loop.env.units[0];
  const c = loop.collector;
  for (;;) {
    if (!loop.canIssue()) return !loop.stopped();
    if (!loop.prepare(io)) return loop.error === 0;
    loop.issued(io);
    // Counted as issued and completed at depth 1, as fio's dry run does.
    c.ioSubmit[1]++;
    c.ioComplete[1]++;
    c.ioDepth[0]++;
    if (io.ddir <= DDIR.TRIM) c.addRw(io.ddir, io.buflen, -1, 0, 0);
    loop.verifier!.completed(io, io.buflen);
  }
}
