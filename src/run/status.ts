/**
 * Status reports while a run goes: every --status-interval, and once per
 * SIGUSR1, fio prints its full report (every selected format, cumulative
 * from each job's start) as if the run ended now.
 *
 * Running Workers are busy in their I/O loop and read no messages, so the
 * request goes through the thread area: the coordinator bumps the STATUS
 * control word, each Worker notices it at its next 10 ms slot refresh and
 * posts its statistics so far. The report waits for the jobs that are
 * doing I/O (with a time limit), takes finished jobs' final results and
 * shows jobs that have not started with nothing done, as fio does.
 */
import type { JobSpec } from "../job/spec.ts";
import type { JobResult } from "../stats/result.ts";
import { emptyResult } from "../stats/job_result.ts";
import { etaJob, type EtaJobRef, stampRunEta } from "./eta.ts";
import { ioStarted, RunState, type ThreadArea } from "./thread_area.ts";

/** How long a report waits for the running jobs' snapshots (ms). */
export const STATUS_WAIT_MS = 1000;
/** How often it looks whether they have all arrived (ms). */
const POLL_MS = 5;

/** A job as a status report sees it. */
export interface StatusJob {
  readonly slot: number;
  readonly spec: JobSpec;
  /** The job's final result once it has ended. */
  readonly result?: JobResult;
}

/** Settings of a StatusReporter. */
export interface StatusOptions {
  readonly area: ThreadArea;
  /** --status-interval in ms (0: only on SIGUSR1). */
  readonly intervalMs: number;
  /** Whether SIGUSR1 asks for a report. */
  readonly signals: boolean;
  /** The run's jobs, now. */
  readonly jobs: () => readonly StatusJob[];
  /**
   * Prints a report made of these results (one per job, in job order),
   * stamped `atMs` (Unix ms).
   */
  readonly print: (results: JobResult[], atMs: number) => void;
  /** Run start (Unix ms): interval reports are stamped start + n * interval. */
  readonly startMs: number;
  /** Time limit for snapshots (ms). */
  readonly waitMs?: number;
}

/** Whether a job in `state` is inside its I/O loop (and answers status requests). */
function answers(state: number): boolean {
  return state === RunState.RAMP || state === RunState.RUNNING || state === RunState.VERIFYING;
}

/** Makes status reports on a timer and on SIGUSR1. */
export class StatusReporter {
  readonly #o: StatusOptions;
  /** Latest snapshot per slot, with the request it answered. */
  readonly #snapshots = new Map<number, { request: number; result: JobResult }>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #busy = false;
  #etaRefs: EtaJobRef[] | null = null;
  #stopped = false;
  readonly #onSignal = () => void this.report(Date.now());

  constructor(opts: StatusOptions) {
    this.#o = opts;
  }

  /** Starts the interval timer and the SIGUSR1 handler. */
  start(): void {
    const every = this.#o.intervalMs;
    if (every > 0) {
      // fio's reports fall on whole intervals of the run clock (its
      // elapsed says 1, 2, ...): each tick is scheduled against the start.
      let n = 0;
      const next = () => {
        n++;
        const at = this.#o.startMs + n * every;
        this.#timer = setTimeout(() => {
          if (this.#stopped) return;
          void this.report(at);
          next();
        }, Math.max(0, at - Date.now()));
      };
      next();
    }
    if (this.#o.signals) Deno.addSignalListener("SIGUSR1", this.#onSignal);
  }

  /** Stops both; a report still collecting snapshots is dropped. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#o.signals) Deno.removeSignalListener("SIGUSR1", this.#onSignal);
  }

  /** A Worker's snapshot for status request `request`. */
  receive(slot: number, request: number, result: JobResult): void {
    this.#snapshots.set(slot, { request, result });
  }

  /**
   * Asks the running jobs for their statistics, waits for them and prints
   * one report stamped `atMs`. A request while one is being collected is
   * dropped.
   */
  async report(atMs: number): Promise<void> {
    if (this.#busy || this.#stopped) return;
    this.#busy = true;
    try {
      const area = this.#o.area;
      const request = area.requestStatus();
      const deadline = performance.now() + (this.#o.waitMs ?? STATUS_WAIT_MS);
      const waiting = () =>
        this.#o.jobs().some((j) =>
          j.result === undefined && answers(area.state(j.slot)) &&
          (this.#snapshots.get(j.slot)?.request ?? 0) < request
        );
      while (waiting() && performance.now() < deadline && !this.#stopped) {
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      if (this.#stopped) return;
      // fio's JSON carries the run's estimate at the time in every job's "eta".
      const jobs = this.#o.jobs();
      this.#etaRefs ??= jobs.map((j) => ({ slot: j.slot, job: etaJob(j.spec) }));
      const results = jobs.map((j) => this.#resultOf(j));
      this.#o.print(stampRunEta(area, jobs, results, this.#o.startMs, atMs, this.#etaRefs), atMs);
    } finally {
      this.#busy = false;
    }
  }

  /** What a report shows for a job: final result, latest snapshot, or nothing done yet. */
  #resultOf(j: StatusJob): JobResult {
    if (j.result !== undefined) return j.result;
    const snap = this.#snapshots.get(j.slot);
    if (snap !== undefined && ioStarted(this.#o.area.state(j.slot))) return snap.result;
    return emptyResult(j.spec);
  }
}

/**
 * Starts the status reports of a run (timer and SIGUSR1), or returns null
 * when neither applies (no interval and signals off).
 */
export function startStatus(
  area: ThreadArea,
  intervalMs: number,
  signals: boolean,
  jobs: () => readonly StatusJob[],
  print: (results: JobResult[], atMs: number) => void,
  startMs: number,
): StatusReporter | null {
  if (intervalMs <= 0 && !signals) return null;
  const reporter = new StatusReporter({ area, intervalMs, signals, jobs, print, startMs });
  reporter.start();
  return reporter;
}
