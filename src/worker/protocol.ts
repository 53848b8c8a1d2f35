/**
 * Messages between the coordinator and a job's Worker. Everything is plain
 * structured-clone data.
 */
import type { JobSpec } from "../job/spec.ts";
import type { JobResult } from "../stats/result.ts";
import type { FlowJoin } from "../run/flow_area.ts";

/** Coordinator -> Worker: start this job. */
export interface StartMessage {
  readonly type: "start";
  readonly spec: JobSpec;
  /** The run's thread area (see src/run/thread_area.ts). */
  readonly threadArea: SharedArrayBuffer;
  /** This job's slot in the thread area. */
  readonly slot: number;
  /** Run start on the Unix clock (ms), for fio's elapsed and log stamps. */
  readonly runStartMs: number;
  /** Number of jobs in the job's reporting group (for messages only). */
  readonly groupJobs: number;
  /**
   * Whether normal output is selected: informational lines such as
   * "Laying out IO file" are printed only then.
   */
  readonly normalOutput: boolean;
  /**
   * Slot of the job started just before this one in the same batch, whose
   * file setup must end before this job's begins (fio's create_serialize);
   * -1 for the first job of a batch.
   */
  readonly setupAfter: number;
  /**
   * Start batch of the job (from 1): once set up, the job marks itself
   * INITIALIZED, posts an InitializedMessage and starts its I/O only when
   * the coordinator releases the batch in the thread area. 0: no wait.
   */
  readonly batch: number;
  /** The job's part of the run's flow area (flow control); null or absent when not in a flow. */
  readonly flow?: FlowJoin | null;
  /** --aux-path: where the job keeps its verify state file; absent: the working directory. */
  readonly auxPath?: string;
  /** The CPU counter's rate (src/sys/clock.ts cpuNsPerTick); null or absent: not usable. */
  readonly cpuNsPerTick?: number | null;
}

/** Worker -> coordinator: the job is set up (INITIALIZED) and waits for its release. */
export interface InitializedMessage {
  readonly type: "initialized";
}

/** Worker -> coordinator: the job ended (normally or with an error). */
export interface DoneMessage {
  readonly type: "done";
  readonly result: JobResult;
}

/** Worker -> coordinator: a line for stderr (warnings, job error reports). */
export interface LogMessage {
  readonly type: "log";
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/** Worker -> coordinator: the job could not run at all. */
export interface FailMessage {
  readonly type: "fail";
  /** A complete `fio: ...` message. */
  readonly message: string;
}

/**
 * Worker -> coordinator: the job's statistics so far, in answer to status
 * request `request` (see Control.STATUS in src/run/thread_area.ts).
 */
export interface StatusMessage {
  readonly type: "status";
  readonly request: number;
  readonly result: JobResult;
}

/** Anything a Worker posts. */
export type WorkerMessage =
  | DoneMessage
  | LogMessage
  | FailMessage
  | InitializedMessage
  | StatusMessage;
