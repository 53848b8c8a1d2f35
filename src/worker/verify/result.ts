/**
 * fio times a write job's verify phase apart: the reads' runtime is the
 * time spent verifying, the writes' the rest (measured: a 64 MiB write with
 * do_verify=1 reports read run=59 ms, write run=199 ms).
 */

import type { JobResult } from "../../stats/result.ts";

/**
 * Splits the job's runtime between its write passes and verify phases. A
 * verify_only dry run takes no write time (fio reports runtime 0 for it).
 */
export function splitVerifyRuntime(
  result: JobResult,
  elapsedUs: number,
  verifyUs: number,
  dryRun: boolean,
): void {
  const [read, write] = result.dirs;
  if (read.ioBytes > 0) read.runtimeMs = Math.ceil(Math.floor(verifyUs) / 1000);
  if (dryRun) write.runtimeMs = 0;
  else if (write.ioBytes > 0) {
    write.runtimeMs = Math.ceil(Math.floor(Math.max(0, elapsedUs - verifyUs)) / 1000);
  }
}
