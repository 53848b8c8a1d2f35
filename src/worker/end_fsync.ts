/**
 * fio's end_fsync: once the job's passes are over, one fsync per file the
 * job still has open, outside the job's statistics. It runs once per job.
 */

import { DDIR } from "../engines/types.ts";
import { RunState } from "../run/thread_area.ts";
import type { JobLoop } from "./loop.ts";

/** end_fsync: one fsync per open file, not counted in the stats. */
export function runEndFsync(loop: JobLoop): void {
  const env = loop.env, io = env.units[0];
  if (!env.opts.endFsync || !env.opts.rw.write || loop.error !== 0) return;
  const iolog = env.iolog ?? null;
  loop.setState(RunState.FSYNCING);
  for (let i = 0; i < env.files.length; i++) {
    if (!loop.isOpen(i)) continue;
    io.ddir = DDIR.SYNC;
    io.file = env.files[i].engineFile;
    io.buflen = 0;
    // fio's iolog shows the end_fsync too (with the unit's last offset).
    if (iolog !== null) iolog.io(io);
    env.engine.queue(io);
    if (io.error !== 0) env.log("stderr", `fio: end_fsync failed for file ${io.file.name}`);
  }
}
