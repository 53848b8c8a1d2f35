/**
 * What the I/O loop runs against: the job's engine, io units, files,
 * options and thread area slot, and the optional per-job features (flow,
 * logs, verify, iolog replay and logging). run_job.ts builds it once per
 * job; the loop (loop.ts) and its passes only read it. Optional features are
 * null (or absent) when the job does not use them, so the loop checks one
 * field per I/O and pays nothing else for them.
 */

import type { EngineFile, IoEngine, IoUnit } from "../engines/types.ts";
import type { FlowJoin } from "../run/flow_area.ts";
import type { BufferContents } from "./buffers.ts";
import type { IologReplay } from "./iolog/replay.ts";
import type { IologWriter } from "./iolog/writer.ts";
import type { JobRunOptions } from "./job_options.ts";
import type { JobLogs } from "./logs/job_logs.ts";
import type { Verifier } from "./verify/verifier.ts";

/** A job file as the loop needs it (files/setup.ts's JobFile has these fields). */
export interface LoopFile {
  readonly engineFile: EngineFile;
  readonly ioOffset: number;
  readonly ioSize: number;
  realSize: number;
}

/** What the loop runs against (one per job). */
export interface LoopEnv {
  readonly engine: IoEngine;
  readonly units: IoUnit[];
  readonly files: LoopFile[];
  readonly opts: JobRunOptions;
  readonly seeds: BigUint64Array;
  /** Monotonic clock in integer ns. */
  readonly now: () => number;
  /** Thread area control words (STOP_ALL at 0) and slots. */
  readonly control: Int32Array;
  readonly slots: Float64Array;
  /** Index of this job's first field in `slots`. */
  readonly slotBase: number;
  /** Bytes one pass covers (fio's size after file setup). */
  readonly sizeLimit: number;
  /** Opens file i (0 or a negative errno). */
  openFile(i: number): number;
  /** Closes file i (openfiles limit, and between passes). */
  closeFile(i: number): void;
  /** Between passes (loops): fio's per-loop file work (unlink_each_loop). */
  newPass(): void;
  /** A time_based job wrapped around file i (fio drops its cached pages again); absent: nothing. */
  wrapped?(i: number): void;
  /** Whether only some files may be open at once (openfiles < nrfiles). */
  readonly limitOpen: boolean;
  /** Write buffer contents (scramble/refill per write), or null for none. */
  readonly contents: BufferContents | null;
  /** Prints a line on the coordinator's stdout/stderr. */
  log(stream: "stdout" | "stderr", text: string): void;
  /** The job's part of the run's flow area (flow control), or null/absent. */
  readonly flow?: FlowJoin | null;
  /** The job's log files (write_*_log), or null/absent. */
  readonly logs?: JobLogs | null;
  /** The job's verify state (src/worker/verify/), or null/absent without verify. */
  readonly verifier?: Verifier | null;
  /** read_iolog: the trace the job's I/O comes from, or null/absent. */
  readonly replay?: IologReplay | null;
  /** write_iolog: where each issued I/O is logged, or null/absent. */
  readonly iolog?: IologWriter | null;
}
