/**
 * `--bandwidth-log`: the run's aggregate bandwidth, read by the coordinator
 * from the thread area, in fio's three files agg-read_bw.log,
 * agg-write_bw.log and agg-trim_bw.log (`time, KiB/s, ddir, 0, 0`; time in
 * ms since the run started; every file gets an entry at every sample, 0
 * included).
 *
 * fio 3.33 takes these samples in its ETA code, so it writes them only when
 * the ETA line is computed (a terminal, or --eta=always); dfio samples
 * whenever jobs run, every `interval` ms (the smallest bwavgtime of the
 * jobs, as fio).
 */

import { numberOption } from "../../job/options.ts";
import type { JobSpec } from "../../job/spec.ts";
import { ioStarted, RunState, Slot, type ThreadArea } from "../../run/thread_area.ts";
import { LogFile } from "./log_file.ts";

/** fio's aggregate log file names, by direction. */
export const AGG_LOG_NAMES = ["agg-read_bw.log", "agg-write_bw.log", "agg-trim_bw.log"] as const;

/** The aggregate bandwidth log of a run. */
export class AggBandwidthLog {
  private readonly area: ThreadArea;
  private readonly jobs: number;
  private readonly interval: number;
  private readonly files: LogFile[];
  /** Bytes per slot and direction at the previous sample. */
  private readonly last: Float64Array;
  private lastMs = 0;

  /**
   * Creates the three files in `dir` (the working directory by default) for
   * a run of `jobs` thread-area slots, sampling every `intervalMs`.
   */
  constructor(area: ThreadArea, jobs: number, intervalMs: number, dir = "") {
    this.area = area;
    this.jobs = jobs;
    this.interval = Math.max(1, intervalMs);
    this.files = AGG_LOG_NAMES.map((n) => new LogFile(dir === "" ? n : `${dir}/${n}`, false));
    this.last = new Float64Array(jobs * 3);
  }

  /** Call with ms since the run started; writes a sample when one is due. */
  tick(nowMs: number): void {
    const spent = Math.floor(nowMs - this.lastMs);
    if (spent < this.interval) return;
    const a = this.area, s = a.slots;
    const delta = [0, 0, 0];
    let running = false;
    for (let j = 0; j < this.jobs; j++) {
      const state = a.state(j);
      const live = ioStarted(state) && state < RunState.EXITED;
      if (live) running = true;
      for (let d = 0; d < 3; d++) {
        const cur = s[a.at(j, Slot.BYTES + d)];
        const prev = this.last[j * 3 + d];
        // A job's bytes restart from 0 when its ramp_time ends.
        const diff = cur >= prev ? cur - prev : cur;
        // fio leaves jobs still in ramp_time out of the aggregate.
        if (state !== RunState.RAMP) delta[d] += diff;
        this.last[j * 3 + d] = cur;
      }
    }
    this.lastMs = nowMs;
    if (!running) return;
    const t = Math.floor(nowMs);
    for (let d = 0; d < 3; d++) {
      const kib = Math.floor(Math.floor((delta[d] * 1000) / spent) / 1024);
      this.files[d].write(`${t}, ${kib}, ${d}, 0, 0\n`);
    }
  }

  /** Closes the files. */
  close(): void {
    for (const f of this.files) f.close();
  }
}

/** The aggregate log of a run of `jobs` (slot i is jobs[i]), sampling at their smallest bwavgtime. */
export function openAggLog(area: ThreadArea, jobs: readonly JobSpec[]): AggBandwidthLog {
  const interval = Math.min(500, ...jobs.map((j) => numberOption(j, "bwavgtime", 500)));
  return new AggBandwidthLog(area, jobs.length, interval);
}
