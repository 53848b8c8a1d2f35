/**
 * One pass on the job's engine, by the kind of engine: the tight loop of a
 * blocking engine (sync_pass.ts), or a queueing pass (queued_pass.ts, or
 * offload_pass.ts with io_submit_mode=offload). The queueing pass is built on
 * the first pass and kept: the I/O it leaves in flight and its counts carry
 * into the next pass, as in fio. Called once per pass, never per I/O.
 */

import type { JobLoop } from "./loop.ts";
import { asOffload } from "./offload.ts";
import { OffloadPass } from "./offload_pass.ts";
import { depthSettings, QueuedPass } from "./queued_pass.ts";
import { runSyncPass } from "./sync_pass.ts";

/** Runs one pass of `loop` on its engine. False: stop the job. */
export function runEnginePass(loop: JobLoop): boolean {
  const env = loop.env;
  if (env.engine.flags.sync && env.units.length >= 1) return runSyncPass(loop);
  return (loop.queued ?? queuedPass(loop)).run();
}

/** Builds the job's queueing pass (see queued_pass.ts) and keeps it on the loop. */
function queuedPass(loop: JobLoop): QueuedPass | OffloadPass {
  const env = loop.env;
  // The depth is the io unit count: io_uring rounds iodepth up to a
  // power of two (fio's td->o.iodepth after engine init).
  // io_submit_mode=offload: submit Workers do the I/O (offload_pass.ts).
  const off = asOffload(env.engine);
  const pass = off !== null
    ? new OffloadPass(loop, off)
    : new QueuedPass(loop, depthSettings(env.units.length, env.opts));
  loop.queued = pass;
  // Rate, flow and think pauses start with an empty queue, as fio's io_u_quiesce.
  if (loop.shaper !== null) loop.quiesceHook = () => pass.quiesce();
  return pass;
}
