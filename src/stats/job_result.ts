/**
 * The parts of a JobResult that come from the job's options alone: how it
 * is printed (ReportOptions) and the result of a job that did nothing.
 * Shared by the Worker (its result is built on top of `emptyResult`) and
 * the coordinator (jobs that never reported).
 */
import { jobIoprio } from "../engines/cmdprio.ts";
import type { JobSpec } from "../job/spec.ts";
import { boolOption, numberOption, optionValue, stringOption } from "../job/options.ts";
import { DEFAULT_PERCENTILES } from "./histogram.ts";
import type { JobResult, ReportOptions } from "./result.ts";
import { emptyDir } from "./group.ts";

/** Decimals fio shows for a percentile list (the most any entry has). */
function percentilePrecision(list: readonly number[]): number {
  let most = 0;
  for (const p of list) {
    const text = String(p);
    const dot = text.indexOf(".");
    if (dot >= 0) most = Math.max(most, text.length - dot - 1);
  }
  return most;
}

/** How a job's results are printed, from its options. */
export function reportOptions(spec: JobSpec): ReportOptions {
  const plist = optionValue(spec, "percentile_list");
  const list = Array.isArray(plist) && plist.length ? plist.map(Number) : [...DEFAULT_PERCENTILES];
  const kb = Number(optionValue(spec, "kb_base") ?? 1024) === 1000 ? 1000 : 1024;
  const ub = Number(optionValue(spec, "unit_base") ?? 0);
  const unified = stringOption(spec, "unified_rw_reporting", "none");
  return {
    percentileList: list,
    clatPercentiles: boolOption(spec, "clat_percentiles", true),
    latPercentiles: boolOption(spec, "lat_percentiles"),
    slatPercentiles: boolOption(spec, "slat_percentiles"),
    kbBase: kb,
    unitBase: ub === 1 || ub === 8 ? ub : 0,
    unifiedRwReporting: unified === "mixed" || unified === "1"
      ? "mixed"
      : unified === "both" || unified === "2"
      ? "both"
      : "none",
    groupReporting: boolOption(spec, "group_reporting"),
    sigFigs: numberOption(spec, "significant_figures", 4),
    percentilePrecision: Array.isArray(plist) && plist.length ? percentilePrecision(list) : 2,
  };
}

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
    // A float list: its first value counts.
    latencyPercentile: [optionValue(spec, "latency_percentile")].flat()
      .find((v): v is number => typeof v === "number") ?? 100,
    latencyWindowUs: numberOption(spec, "latency_window", 0),
    jobOptions: [...spec.jobOptions],
    report: reportOptions(spec),
    description: stringOption(spec, "description"),
    etaSec: boolOption(spec, "time_based") ? 0 : undefined,
    // The job's prio/prioclass, for the per-priority sums (src/stats/prio.ts).
    ...(jobIoprio(spec) !== 0 ? { ioprio: jobIoprio(spec) } : {}),
  };
}
