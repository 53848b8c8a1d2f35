/**
 * The job's run around its passes (fio's thread_main): the clock, ramp_time
 * and runtime start, the byte limit over every pass (size or io_size, times
 * loops), then pass after pass while fio's keep_running says so, each write
 * pass followed by its verify phase when the job verifies. This runs once
 * per job and once per pass, never per I/O, so it may read the loop's state
 * from outside the class without costing the hot path anything.
 */

import { RunState, Slot } from "../run/thread_area.ts";
import type { JobLoop } from "./loop.ts";
import { runEnginePass } from "./engine_pass.ts";
import { asOffload } from "./offload.ts";
import { publishProgress } from "./thread_slot.ts";
import { runDryPass, runVerifyPhase } from "./verify_phase.ts";

/** Runs the whole job: every pass, ramp and runtime included. */
export function runPasses(loop: JobLoop): void {
  const env = loop.env, o = env.opts;
  const t = loop.t;
  const start = env.now();
  loop.inRamp = o.rampNs > 0;
  t[3] = loop.inRamp ? start + o.rampNs : Infinity;
  t[2] = o.runtimeNs > 0 ? start + o.rampNs + o.runtimeNs : Infinity;
  loop.collector.reset(start);
  loop.startNs = start;
  loop.setState(loop.inRamp ? RunState.RAMP : RunState.RUNNING);
  // fio stops issuing once the bytes of the directions it counts reach
  // (io_size or size) * loops, over all passes: without a random map one
  // pass does every loop; with one, each pass ends when the map is full.
  const limit = (o.ioSize > 0 ? o.ioSize : env.sizeLimit) * o.loops;
  env.slots[env.slotBase + Slot.TOTAL_BYTES] = limit;
  // A replay ends with its trace, whatever the size options say.
  t[6] = o.timeBased || loop.replay !== null ? Infinity : limit;
  loop.shaper?.start(start, t[2], loop.inRamp);
  let loopsLeft = o.loops;
  for (let pass = 0;; pass++) {
    if (pass > 0) {
      if (!keepRunning(loop, loopsLeft)) break;
      loop.newPass();
    }
    loopsLeft--;
    t[0] = 0;
    const ok = loop.verifier?.dryRun ? runDryPass(loop) : runEnginePass(loop);
    loop.verifier?.passEnded();
    if (!ok || loop.terminated || loop.error !== 0) break;
    if (loop.verifier?.phaseDue && !runVerifyPhase(loop)) break;
    // A pass that issued nothing ends the job (fio's "done" rule).
    if (t[0] === 0) break;
  }
  loop.endNs = env.now();
  publishProgress(loop, loop.endNs);
  loop.endShaping();
}

/** fio's keep_running between passes: whether another pass runs. */
function keepRunning(loop: JobLoop, loopsLeft: number): boolean {
  const o = loop.env.opts;
  if (o.timeBased) return true;
  // fio 3.33 with io_submit_mode=offload ends after the first pass: its
  // job thread sees no bytes done (the submit threads count them), so
  // loops= and io_size= beyond one pass do nothing (offload.ts).
  if (loop.queued !== null && asOffload(loop.env.engine) !== null) return false;
  if (loopsLeft > 0) return true;
  if (o.numberIos > 0 && loop.issuedRw >= o.numberIos) return false;
  const limit = o.ioSize > 0 ? o.ioSize : loop.env.sizeLimit;
  const done = loop.t[1];
  if (done >= limit) return false;
  if (limit - done < loop.maxBs) return false;
  return o.ioSize > 0;
}
