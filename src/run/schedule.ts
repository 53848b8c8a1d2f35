/**
 * When each job may start, as fio's job-creation scan decides it: walk the
 * jobs not yet started in order; a job that was told to stop before it
 * started never runs; a stonewall job ends the scan while any earlier-started
 * job is still alive; a `wait_for` job waits for every job of that name; a
 * `startdelay` counts from the start of the whole run (not from when the job
 * became eligible), so a stonewall does not wait for an earlier job that is
 * still in its start delay.
 */

/**
 * Where a job is in its life, as the coordinator sees it: "starting" from
 * its Worker's creation to its release (setup), then "running".
 */
export type JobPhase = "pending" | "starting" | "running" | "done";

/** What the scan needs to know about one job. */
export interface ScheduledJob {
  /** Job (section) name, for `wait_for`. */
  readonly name: string;
  /** The job waits for all earlier-started jobs (fio's stonewall). */
  readonly stonewall: boolean;
  /** Name of the job it waits for (`wait_for`), or "". */
  readonly waitFor: string;
  /** Start delay from the start of the run, in microseconds. */
  readonly startDelayUs: number;
  /** Current phase (the scan never changes it). */
  phase: JobPhase;
  /** The job was told to stop; if still pending it never starts. */
  stopRequested: boolean;
}

/** The scan's decision. */
export interface ScanResult {
  /** Indices of jobs to start now, in order. */
  start: number[];
  /** Indices of pending jobs that were stopped before starting: they never run. */
  skip: number[];
  /**
   * Microseconds until the earliest start delay of a job that is only held
   * by its delay expires (undefined when no job waits on a delay).
   */
  wakeInUs?: number;
}

function waiteeAlive(jobs: readonly ScheduledJob[], self: number, waitFor: string): boolean {
  if (!waitFor) return false;
  return jobs.some((j, i) => i !== self && j.name === waitFor && j.phase !== "done");
}

/**
 * One pass of fio's creation scan at `elapsedUs` since the run started.
 * Jobs chosen to start count as started for the stonewall jobs after them.
 */
export function scan(jobs: readonly ScheduledJob[], elapsedUs: number): ScanResult {
  const out: ScanResult = { start: [], skip: [] };
  let alive = jobs.some((j) => j.phase === "running" || j.phase === "starting");
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i];
    if (job.phase !== "pending") continue;
    if (job.stopRequested) {
      out.skip.push(i);
      continue;
    }
    if (job.stonewall && alive) break;
    if (waiteeAlive(jobs, i, job.waitFor)) continue;
    if (job.startDelayUs > elapsedUs) {
      const wait = job.startDelayUs - elapsedUs;
      if (out.wakeInUs === undefined || wait < out.wakeInUs) out.wakeInUs = wait;
      continue;
    }
    out.start.push(i);
    alive = true;
  }
  return out;
}
