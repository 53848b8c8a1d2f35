/**
 * The per-job log settings (write_bw_log, write_lat_log, write_iops_log,
 * write_hist_log and the log_* options), read once from a JobSpec, and the
 * log file names fio 3.33 uses.
 */

import { isSet, numberOption, optionValue } from "../../job/options.ts";
import type { JobSpec } from "../../job/spec.ts";

/** Kinds of per-job log file, as they appear in the file name. */
export type LogKind = "bw" | "iops" | "lat" | "clat" | "slat" | "clat_hist";

/** What a job logs and how; null prefixes mean "not logged". */
export interface JobLogOptions {
  /** File name prefixes (the option's value, or the job name for a bare key). */
  readonly bw: string | null;
  readonly lat: string | null;
  readonly iops: string | null;
  readonly hist: string | null;
  /** log_avg_msec: 0 logs every I/O, else windows of this many ms. */
  readonly avgMs: number;
  /** log_hist_msec: histogram window in ms (0: the hist log stays empty). */
  readonly histMs: number;
  /** log_hist_coarseness: 2^c histogram bins merged into one. */
  readonly histCoarseness: number;
  /** log_max_value: windows log their largest value instead of the mean. */
  readonly maxValue: boolean;
  /** log_offset: an offset column. */
  readonly offset: boolean;
  /** log_prio: the priority column holds the raw ioprio in hex. */
  readonly prio: boolean;
  /** per_job_logs: the job number is part of the name, and files are truncated. */
  readonly perJob: boolean;
  /**
   * Timestamps: "job" counts ms from the start of the job's stats;
   * "clock" adds the time of `clockId` at that start (log_unix_epoch,
   * log_alternate_epoch).
   */
  readonly epoch: "job" | "clock";
  readonly clockId: number;
  /** fio's job number (1-based), used in file names. */
  readonly jobNumber: number;
  /** log_entries: entries buffered per log before a write. */
  readonly entries: number;
  /** The job's raw ioprio (class << 13 | level) for the priority column; 0: unset. */
  readonly ioprio: number;
}

/** fio's ioprio value of a job: prioclass (best effort when only prio is set) and prio. */
function ioprioOf(spec: JobSpec): number {
  if (!isSet(spec, "prio") && !isSet(spec, "prioclass")) return 0;
  const cls = isSet(spec, "prioclass") ? numberOption(spec, "prioclass") : 2;
  return (cls << 13) | numberOption(spec, "prio", 0);
}

/** The prefix a log option gives: its value, or the job name for a bare key. */
function prefixOf(spec: JobSpec, name: string): string | null {
  if (!isSet(spec, name)) return null;
  const v = optionValue(spec, name);
  return typeof v === "string" && v !== "" ? v : spec.name;
}

/** Reads a job's log options; null when the job writes no log. */
export function readLogOptions(spec: JobSpec): JobLogOptions | null {
  const bw = prefixOf(spec, "write_bw_log");
  const lat = prefixOf(spec, "write_lat_log");
  const iops = prefixOf(spec, "write_iops_log");
  const hist = prefixOf(spec, "write_hist_log");
  if (bw === null && lat === null && iops === null && hist === null) return null;
  const clock = numberOption(spec, "log_unix_epoch") !== 0 ||
    numberOption(spec, "log_alternate_epoch") !== 0;
  return {
    bw,
    lat,
    iops,
    hist,
    avgMs: Math.max(0, numberOption(spec, "log_avg_msec")),
    histMs: Math.max(0, numberOption(spec, "log_hist_msec")),
    histCoarseness: Math.max(0, numberOption(spec, "log_hist_coarseness")),
    maxValue: numberOption(spec, "log_max_value") !== 0,
    offset: numberOption(spec, "log_offset") !== 0,
    prio: numberOption(spec, "log_prio") !== 0,
    perJob: numberOption(spec, "per_job_logs", 1) !== 0,
    epoch: clock ? "clock" : "job",
    clockId: numberOption(spec, "log_alternate_epoch_clock_id"),
    jobNumber: spec.jobNumber,
    entries: Math.min(65536, Math.max(1024, numberOption(spec, "log_entries", 1024))),
    ioprio: ioprioOf(spec),
  };
}

/**
 * fio's name of a log file: `<prefix>_<kind>.<jobnum>.log`, or
 * `<prefix>_<kind>.log` with per_job_logs=0 (jobs then share, and append to,
 * one file).
 */
export function logFileName(
  prefix: string,
  kind: LogKind,
  jobNumber: number,
  perJob: boolean,
): string {
  return perJob ? `${prefix}_${kind}.${jobNumber}.log` : `${prefix}_${kind}.log`;
}

/**
 * The bandwidth or IOPS sampling interval (ms) of a job: bwavgtime /
 * iopsavgtime, except that fio samples every log_avg_msec instead when the
 * job writes that log windowed and the interval was not set explicitly.
 */
export function sampleAvgMs(spec: JobSpec, which: "bw" | "iops"): number {
  const opt = which === "bw" ? "bwavgtime" : "iopsavgtime";
  const own = Math.max(1, numberOption(spec, opt, 500));
  const logged = isSet(spec, which === "bw" ? "write_bw_log" : "write_iops_log");
  const avg = numberOption(spec, "log_avg_msec");
  if (logged && avg > 0 && !isSet(spec, opt)) return avg;
  return own;
}
