/** The part of a JSON report the verify e2e tests check. */
import { reportJobs } from "../helpers/run.ts";

/** Bytes and I/Os a job moved in one direction. */
export interface VerifyDir {
  io_bytes: number;
  total_ios: number;
}

/** A job's error and per-direction counts, as the JSON report gives them. */
export interface VerifyJob {
  error: number;
  read: VerifyDir;
  write: VerifyDir;
}

/** The first (for these tests, only) job of the JSON report in `stdout`. */
export function verifyJob(stdout: string): VerifyJob {
  return reportJobs<VerifyJob>(stdout)[0];
}
