/**
 * The run core's entry point from the command line: refuse what dfio
 * cannot run yet, then hand the plan to the coordinator.
 */
import type { RunConfig } from "../cli/config.ts";
import { FioError } from "../errors.ts";
import { assertRunnable } from "../job/build.ts";
import type { JobPlan } from "../job/spec.ts";
import { executePlan, type RunIo } from "./coordinator.ts";

/**
 * Runs every job of `plan` and writes the selected reports; resolves to the
 * process exit status (0, 1 when a job failed, 128 after SIGINT/SIGTERM).
 * Throws FioError for a plan dfio refuses before any job starts.
 */
export async function runPlan(plan: JobPlan, config: RunConfig, io: RunIo): Promise<number> {
  if (config.outputFormats.includes("terse")) {
    throw new FioError("fio: terse output is not supported yet");
  }
  assertRunnable(plan);
  return await executePlan(plan, config, io);
}
