import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** An entry of this section (implementation status from src/options/implemented.ts). */
const rep = (d: Omit<OptionDef, "category" | "implemented">): OptionDef => ({
  category: "Measurements and reporting",
  implemented: isImplemented(d.name),
  ...d,
});

/** A 0/1 switch of this section; fio shows min=0, max=1 for these. */
const flag = (name: string, help: string, def?: string, parent?: string): OptionDef =>
  rep({
    name,
    type: "bool",
    help,
    min: 0,
    max: 1,
    ...(def === undefined ? {} : { default: def }),
    ...(parent === undefined ? {} : { parent }),
  });

/** A log file option; the file name is optional (a bare key takes fio's default name). */
// A log option given alone logs under the job name.
const log = (name: string, help: string): OptionDef =>
  rep({ name, type: "str", help, optionalValue: true });

/**
 * Options of the HOWTO section "Measurements and reporting", plus log_prio
 * (not in the 3.33 HOWTO). kb_base/unit_base ("Units") live in description.ts.
 */
export const reportingOptions: readonly OptionDef[] = [
  flag("per_job_logs", "Put the job number in log file names (0: one shared name)", "1"),
  rep({
    name: "group_reporting",
    type: "set",
    help: "Report the jobs of a group as one summed result",
  }),
  rep({
    name: "new_group",
    type: "set",
    help: "Start a new reporting group with this job",
  }),
  flag("stats", "Collect statistics for this job (0 leaves it out of the results)", "1"),
  log("write_bw_log", "Log bandwidth samples to files with this prefix"),
  log("write_lat_log", "Log latency samples (slat, clat, lat) to files with this prefix"),
  log("write_hist_log", "Log completion latency histograms to files with this prefix"),
  log("write_iops_log", "Log IOPS samples to files with this prefix"),
  rep({
    name: "log_entries",
    type: "int",
    help: "Number of log entries allocated up front per log",
    default: "1024",
    min: 1024,
    max: 1048576,
  }),
  rep({
    name: "log_avg_msec",
    type: "int",
    help: "Average log samples over windows of this many milliseconds (0: log every I/O)",
    default: "0",
    min: 0,
  }),
  rep({
    name: "log_hist_msec",
    type: "int",
    help: "Write a latency histogram every this many milliseconds",
    default: "0",
    min: 0,
  }),
  rep({
    // HOWTO says 0..6, but fio 3.33 does not check an upper bound.
    name: "log_hist_coarseness",
    type: "int",
    help: "Merge histogram bins: each step halves the 1216 bins (0 to 6)",
    default: "0",
    min: 0,
  }),
  flag("log_max_value", "Log the largest sample of each window instead of the mean", "0"),
  flag("log_offset", "Add the I/O offset as a column of each log entry", "0"),
  flag("log_prio", "Add the I/O priority as a column of each log entry", "0"),
  rep({
    name: "log_compression",
    type: "size",
    help: "Compress logs in memory in chunks of this many bytes",
    min: 1024,
    max: 536870912,
  }),
  rep({
    name: "log_compression_cpus",
    type: "special",
    parser: "cpulist",
    help: "CPUs the log compression threads may run on",
    parent: "log_compression",
  }),
  flag("log_store_compressed", "Write compressed logs to disk as they are (.fz)"),
  flag("log_unix_epoch", "Timestamp log entries with Unix time instead of job time"),
  flag("log_alternate_epoch", "Timestamp log entries with log_alternate_epoch_clock_id's epoch"),
  rep({
    name: "log_alternate_epoch_clock_id",
    type: "int",
    help: "clock_gettime() clock whose epoch the log timestamps use",
    min: 0,
  }),
  flag("block_error_percentiles", "Track trim block errors and report them as percentiles", "0"),
  rep({
    name: "bwavgtime",
    type: "int",
    help: "Window in milliseconds over which bandwidth samples are averaged",
    default: "500",
    min: 0,
    parent: "write_bw_log",
  }),
  rep({
    name: "iopsavgtime",
    type: "int",
    help: "Window in milliseconds over which IOPS samples are averaged",
    default: "500",
    min: 0,
    parent: "write_iops_log",
  }),
  flag("disk_util", "Collect and report disk utilization of the devices used", "1"),
  flag("disable_lat", "Do not measure total latency", "0", "gtod_reduce"),
  flag("disable_clat", "Do not measure completion latency", "0", "gtod_reduce"),
  flag("disable_slat", "Do not measure submission latency", "0", "gtod_reduce"),
  rep({
    name: "disable_bw_measurement",
    aliases: ["disable_bw"],
    type: "bool",
    help: "Do not measure bandwidth and IOPS",
    default: "0",
    min: 0,
    max: 1,
    parent: "gtod_reduce",
  }),
  flag("slat_percentiles", "Report percentiles of submission latency", "0"),
  flag("clat_percentiles", "Report percentiles of completion latency", "1"),
  flag("lat_percentiles", "Report percentiles of total latency", "0"),
  rep({
    name: "percentile_list",
    type: "float_list",
    help: "Percentiles to report, separated by ':' (at most 20)",
    default: "1:5:10:20:30:40:50:60:70:80:90:95:99:99.5:99.9:99.95:99.99",
    min: 0,
    max: 100,
  }),
  rep({
    name: "significant_figures",
    type: "int",
    help: "Significant digits in the normal output, 1 to 10",
    default: "4",
    min: 1,
    max: 10,
  }),
];
