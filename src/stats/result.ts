/**
 * What one job reports when it ends (fio's thread_stat), as plain data the
 * Worker posts to the coordinator. The output writers (normal, terse,
 * json, json+) read only this, the group sums and the disk stats.
 */
import type { SetOption } from "../job/spec.ts";

/**
 * Running min/max/mean/variance of a series, kept the way fio keeps its
 * io_stat (Welford): `m2` is the sum of squared deviations from the mean,
 * so stddev = sqrt(m2 / (n - 1)) for n > 1.
 */
export interface StatSummary {
  n: number;
  min: number;
  max: number;
  mean: number;
  m2: number;
}

/** Per-direction results (read, write, trim). */
export interface DirResult {
  /** Bytes transferred. */
  ioBytes: number;
  /** Issued I/Os, failed ones included (fio's total_ios). */
  totalIos: number;
  /** Issued I/Os (fio's "issued rwts: total="). */
  issuedIos: number;
  /** I/Os that came back short. */
  shortIos: number;
  /** I/Os dropped (fio's drop_ios). */
  dropIos: number;
  /** Time this direction was active, in ms (fio's per-direction runtime). */
  runtimeMs: number;
  /** Submission latency in ns (n = 0 for sync engines). */
  slat: StatSummary;
  /** Completion latency in ns. */
  clat: StatSummary;
  /** Total latency in ns. */
  lat: StatSummary;
  /** fio's 1856-bucket log-linear histograms; null when not collected. */
  clatHist: number[] | null;
  /** Total latency histogram (lat_percentiles=1), else null. */
  latHist: number[] | null;
  /** Submission latency histogram (slat_percentiles=1), else null. */
  slatHist: number[] | null;
  /** Bandwidth samples in KiB/s (one per bwavgtime). */
  bw: StatSummary;
  /** IOPS samples (one per iopsavgtime). */
  iops: StatSummary;
  /**
   * Per-priority latency (fio's clat_prio; clat, or lat with
   * lat_percentiles). A job's raw result has it only for a direction with
   * cmdprio; summed results (src/stats/prio.ts) have it for every direction.
   */
  prios?: PrioResult[];
}

/** One priority's latency in a direction (fio's clat_prio_stat). */
export interface PrioResult {
  /** The ioprio value (class << 13 | level). */
  ioprio: number;
  /** Latency in ns of the I/Os that ran at it. */
  stat: StatSummary;
  /** Their histogram (null when percentiles are off). */
  hist: number[] | null;
}

/** Options that change how a job's results are printed. */
export interface ReportOptions {
  /** Percentiles to print (fio's percentile_list). */
  percentileList: number[];
  /** clat_percentiles / lat_percentiles / slat_percentiles. */
  clatPercentiles: boolean;
  latPercentiles: boolean;
  slatPercentiles: boolean;
  /** kb_base (1024 or 1000) and unit_base (0, 1 or 8). */
  kbBase: 1024 | 1000;
  unitBase: 0 | 1 | 8;
  /** fio's unified_rw_reporting: none, mixed, both. */
  unifiedRwReporting: "none" | "mixed" | "both";
  /** group_reporting was set. */
  groupReporting: boolean;
  /** significant_figures (added; default 4): digits num2str keeps. */
  sigFigs?: number;
  /**
   * Decimals of the percentile labels in normal output (added; default 2).
   * fio derives it while parsing percentile_list: the most digits after a
   * '.' (searching from each entry onwards), so "50:90" gives 0 and
   * "50:99.999" gives 3.
   */
  percentilePrecision?: number;
}

/** One job's (or, after group_reporting, one group's) results. */
export interface JobResult {
  /**
   * The job's files were set up though it did no I/O (create_only): fio
   * still tracks and reports the disks behind them.
   */
  filesSetUp?: boolean;
  name: string;
  /** 1-based job number (first job of the group for group_reporting). */
  jobNumber: number;
  groupId: number;
  /** Number of jobs summed into this result (1 without group_reporting). */
  members: number;
  /** fio reports the process id; dfio reports its own pid. */
  pid: number;
  /** First error (errno), 0 if none, and fio's text for it. */
  error: number;
  errorText: string;
  /** Wall-clock seconds from run start to this job's end (fio's elapsed). */
  elapsedSec: number;
  /** Total time the job ran, in ms (fio's job_runtime). */
  jobRuntimeMs: number;
  /** Read, write, trim. */
  dirs: [DirResult, DirResult, DirResult];
  /** fsync/fdatasync calls and their latency (fio's "sync" block). */
  sync: { totalIos: number; lat: StatSummary; hist: number[] | null };
  /** CPU use in percent of the job's runtime, and rusage counters. */
  usrCpu: number;
  sysCpu: number;
  ctx: number;
  majf: number;
  minf: number;
  /** Counts per fio bucket: depth 1,2,4,8,16,32,>=64. */
  ioDepth: number[];
  /** Counts per fio bucket: submit/complete 0,4,8,16,32,64,>=64. */
  ioSubmit: number[];
  ioComplete: number[];
  /** Completion counts per latency bucket: ns 2..1000, us 2..1000, ms 2..2000,>=2000. */
  latNs: number[];
  latUs: number[];
  latMs: number[];
  /** latency_target search results (fio's latency_* keys). */
  latencyDepth: number;
  latencyTargetUs: number;
  latencyPercentile: number;
  latencyWindowUs: number;
  /** Options set in the job's own section (JSON "job options"). */
  jobOptions: SetOption[];
  /** Print settings. */
  report: ReportOptions;
  /** Description (fio's `description` option), printed in normal output. */
  description: string;
  /**
   * fio's "eta" at report time, in seconds (added for the JSON writer).
   * fio prints 0 for time_based jobs and 2147483647 otherwise; the writer
   * uses 2147483647 when this is absent.
   */
  etaSec?: number;
  /**
   * continue_on_error was set (added: fio then prints "total_err" and
   * "first_error" in JSON and an `errors` line in normal output).
   */
  continueOnError?: boolean;
  /** Errors counted under continue_on_error (fio's total_err_count). */
  totalErrors?: number;
  /** First errno seen under continue_on_error (fio's first_error). */
  firstError?: number;
  /** Zone resets (zonemode=zbd); fio prints "; N zone resets" on write lines. */
  zoneResets?: number;
  /** The job's own ioprio (prio/prioclass; 0 when unset), for per-priority sums. */
  ioprio?: number;
}

/** Per-direction sums over a reporting group (fio's group_run_stats). */
export interface GroupDirStats {
  /** Bytes over all jobs. */
  ioBytes: number;
  /** Aggregate bandwidth in bytes/s (ioBytes over the longest runtime). */
  aggBw: number;
  /** Slowest and fastest job bandwidth, bytes/s. */
  minBw: number;
  maxBw: number;
  /** Shortest and longest runtime in ms. */
  minRunMs: number;
  maxRunMs: number;
}

/** One reporting group's summary. */
export interface GroupResult {
  groupId: number;
  dirs: [GroupDirStats, GroupDirStats, GroupDirStats];
  kbBase: 1024 | 1000;
  unitBase: 0 | 1 | 8;
  unifiedRwReporting: "none" | "mixed" | "both";
  /** significant_figures of the group's jobs (added; default 4). */
  sigFigs?: number;
}

/** One device's counters over the run (fio's disk_util). */
export interface DiskUtil {
  name: string;
  readIos: number;
  writeIos: number;
  readMerges: number;
  writeMerges: number;
  readTicks: number;
  writeTicks: number;
  inQueue: number;
  /** Percent busy over the run. */
  util: number;
  /**
   * For a device with slaves (dm, md): the slaves' counters averaged over
   * the slaves and the highest slave util (added; fio's aggr_* keys).
   */
  aggr?: {
    readIos: number;
    writeIos: number;
    readMerges: number;
    writeMerges: number;
    readTicks: number;
    writeTicks: number;
    inQueue: number;
    util: number;
  };
}

/** Everything a report is written from. */
export interface RunResult {
  /** Unix time (s and ms) when the run started, for the JSON header. */
  startTimeMs: number;
  jobs: JobResult[];
  groups: GroupResult[];
  disks: DiskUtil[];
  /** Options of the first [global] context (JSON "global options"). */
  globalOptions: SetOption[];
  /**
   * When the report is written, Unix ms (added). fio stamps the JSON header
   * ("timestamp", "time") and each normal job line with the time of
   * printing, not of the start; writers use Date.now() when absent.
   */
  reportTimeMs?: number;
}
