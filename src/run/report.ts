/**
 * The end of a run: results for jobs that never reported one, the
 * RunResult the writers print from, and writing every selected format to
 * the report stream.
 */
import type { RunConfig } from "../cli/config.ts";
import type { JobPlan } from "../job/spec.ts";
import type { DiskUtil, JobResult, RunResult } from "../stats/result.ts";
import { summarize } from "../stats/group.ts";
import { renderJson } from "../output/json.ts";
import { renderNormal } from "../output/normal.ts";
import { renderTerse } from "../output/terse.ts";
import { emptyResult } from "../stats/job_result.ts";

export { emptyResult };

/** Everything the writers need, with fio's group sums. */
export function buildRunResult(
  plan: JobPlan,
  results: readonly JobResult[],
  disks: DiskUtil[],
  startTimeMs: number,
  reportTimeMs: number,
): RunResult {
  // fio's "elapsed" is the run's age when the report is made, rounded up.
  const elapsed = Math.max(1, Math.ceil((reportTimeMs - startTimeMs) / 1000));
  const jobs = results.map((r) => ({ ...r, elapsedSec: elapsed }));
  const { jobs: ts, groups } = summarize(jobs);
  return {
    startTimeMs,
    jobs: ts,
    groups,
    disks,
    globalOptions: [...plan.globalOptions],
    reportTimeMs,
  };
}

/** fio prints its formats in this order whatever order they were given in. */
const PRINT_ORDER = ["terse", "json", "json+", "normal"] as const;

/**
 * The report text of every selected format: terse lines, then the JSON
 * document, then the normal report, as fio 3.33 orders them. json and json+
 * together give one json+ document, as in fio.
 */
export function renderReports(run: RunResult, config: RunConfig): string {
  const formats = config.outputFormats;
  const parts: string[] = [];
  for (const f of PRINT_ORDER) {
    if (!formats.includes(f)) continue;
    if (f === "json" && formats.includes("json+")) continue;
    if (f === "terse") parts.push(renderTerse(run, config.terseVersion));
    else if (f === "json" || f === "json+") parts.push(renderJson(run, { plus: f === "json+" }));
    else parts.push(renderNormal(run));
  }
  return parts.join("");
}
