/**
 * The end of a run: results for jobs that never reported one, the
 * RunResult the writers print from, and writing every selected format to
 * the report stream.
 */
import type { RunConfig } from "../cli/config.ts";
import type { JobPlan, JobSpec } from "../job/spec.ts";
import { boolOption, numberOption, stringOption } from "../job/options.ts";
import type { DiskUtil, JobResult, RunResult } from "../stats/result.ts";
import { emptyDir, summarize } from "../stats/group.ts";
import { renderJson } from "../output/json.ts";
import { renderNormal } from "../output/normal.ts";
import { reportOptions } from "../stats/report_options.ts";

/**
 * A result with nothing done, for a job that never started (stopped
 * first) or whose Worker could not report: fio lists such jobs too.
 */
export function emptyResult(spec: JobSpec, error = 0, errorText = ""): JobResult {
  return {
    name: spec.name,
    jobNumber: spec.jobNumber,
    groupId: spec.groupId,
    members: 1,
    pid: Deno.pid,
    error,
    errorText,
    elapsedSec: 0,
    jobRuntimeMs: 0,
    dirs: [emptyDir(), emptyDir(), emptyDir()],
    sync: { totalIos: 0, lat: { n: 0, min: 0, max: 0, mean: 0, m2: 0 }, hist: null },
    usrCpu: 0,
    sysCpu: 0,
    ctx: 0,
    majf: 0,
    minf: 0,
    ioDepth: new Array(7).fill(0),
    ioSubmit: new Array(7).fill(0),
    ioComplete: new Array(7).fill(0),
    latNs: new Array(10).fill(0),
    latUs: new Array(10).fill(0),
    latMs: new Array(12).fill(0),
    // fio sets the latency depth when a job's thread starts its I/O: a job
    // that never got there omits the latency_* keys and line.
    latencyDepth: 0,
    latencyTargetUs: numberOption(spec, "latency_target", 0),
    latencyPercentile: numberOption(spec, "latency_percentile", 100),
    latencyWindowUs: numberOption(spec, "latency_window", 0),
    jobOptions: [...spec.jobOptions],
    report: reportOptions(spec),
    description: stringOption(spec, "description"),
    etaSec: boolOption(spec, "time_based") ? 0 : undefined,
  };
}

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

/**
 * The report text of every selected format, in the configured order.
 * json and json+ together give one json+ document, as in fio.
 */
export function renderReports(run: RunResult, config: RunConfig): string {
  const formats = config.outputFormats;
  const parts: string[] = [];
  for (const f of formats) {
    if (f === "json" && formats.includes("json+")) continue;
    if (f === "json" || f === "json+") parts.push(renderJson(run, { plus: f === "json+" }));
    else if (f === "normal") parts.push(renderNormal(run));
  }
  return parts.join("");
}
