/**
 * The run core's entry point from the command line: refuse what dfio
 * cannot run yet, then hand the plan to the coordinator.
 */
import type { RunConfig } from "../cli/config.ts";
import { FioError } from "../errors.ts";
import { assertRunnable } from "../job/build.ts";
import { optionValue } from "../job/options.ts";
import type { JobPlan } from "../job/spec.ts";
import { checkDirectories } from "../worker/files/names.ts";
import { type ExecuteOptions, executePlan, type RunIo } from "./coordinator.ts";
import { checkRates } from "../worker/rate.ts";
import { checkWorkloadShapes } from "./plan_checks.ts";
import { favourCompilerThreads } from "../sys/compiler_threads.ts";
import { cpuCount } from "../options/values/cpus.ts";

/**
 * Runs every job of `plan` and writes the selected reports; resolves to the
 * process exit status (0, 1 when a job failed, 128 after SIGINT/SIGTERM).
 * Throws FioError for a plan dfio refuses before any job starts. `opts`
 * goes to the coordinator.
 */
export async function runPlan(
  plan: JobPlan,
  config: RunConfig,
  io: RunIo,
  opts: ExecuteOptions = {},
): Promise<number> {
  refuseUnsupported(config);
  assertRunnable(plan);
  checkRates(plan.jobs);
  checkWorkloadShapes(plan.jobs, config.readonly);
  checkJobDirectories(plan);
  // More jobs than CPUs starve V8's compiler threads (compiler_threads.ts).
  if (plan.jobs.length > cpuCount()) favourCompilerThreads();
  return await executePlan(plan, config, io, opts);
}

/**
 * Run settings that parse but whose output dfio does not produce yet: a
 * run that asks for them fails rather than silently printing less.
 */
function refuseUnsupported(_config: RunConfig): void {
  const missing = ([] as (string | false)[]).find((m) => m !== false);
  if (missing) throw new FioError(`fio: ${missing} not supported yet`);
}

/**
 * fio checks `directory` while parsing the job (not under --parse-only):
 * a missing directory fails the whole run before any job starts.
 */
function checkJobDirectories(plan: JobPlan): void {
  for (const spec of plan.jobs) {
    const dirs = optionValue(spec, "directory");
    if (Array.isArray(dirs) && dirs.length > 0) checkDirectories(dirs as string[]);
  }
}
