/**
 * fio's end-of-run sums: job results folded into the per-report "thread
 * stats" (group_reporting merges a group's jobs into one; unified
 * "mixed" reporting folds read/write/trim into one direction) and the
 * per-group run stats behind "Run status group N".
 */
import type {
  DirResult,
  GroupDirStats,
  GroupResult,
  JobResult,
  RunResult,
  StatSummary,
} from "./result.ts";
import { addHist, mergeSummary } from "./merge.ts";
import { memberDir, mergePrios } from "./prio.ts";

/** A statistic with no samples. */
export function emptySummary(): StatSummary {
  return { n: 0, min: 0, max: 0, mean: 0, m2: 0 };
}

function addArrays(a: readonly number[], b: readonly number[]): number[] {
  const len = Math.max(a.length, b.length);
  const out = new Array<number>(len);
  for (let i = 0; i < len; i++) out[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return out;
}

/** A direction with nothing in it. */
export function emptyDir(): DirResult {
  return {
    ioBytes: 0,
    totalIos: 0,
    issuedIos: 0,
    shortIos: 0,
    dropIos: 0,
    runtimeMs: 0,
    slat: emptySummary(),
    clat: emptySummary(),
    lat: emptySummary(),
    clatHist: null,
    latHist: null,
    slatHist: null,
    bw: emptySummary(),
    iops: emptySummary(),
  };
}

/** Adds direction `src` into `dst` the way fio's sum_thread_stats does. */
export function addDir(dst: DirResult, src: DirResult): DirResult {
  const prios = mergePrios(dst.prios, src.prios);
  return {
    ...(prios === undefined ? {} : { prios }),
    ioBytes: dst.ioBytes + src.ioBytes,
    totalIos: dst.totalIos + src.totalIos,
    issuedIos: dst.issuedIos + src.issuedIos,
    shortIos: dst.shortIos + src.shortIos,
    dropIos: dst.dropIos + src.dropIos,
    runtimeMs: Math.max(dst.runtimeMs, src.runtimeMs),
    slat: mergeSummary(dst.slat, src.slat, false),
    clat: mergeSummary(dst.clat, src.clat, false),
    lat: mergeSummary(dst.lat, src.lat, false),
    clatHist: addHist(dst.clatHist, src.clatHist),
    latHist: addHist(dst.latHist, src.latHist),
    slatHist: addHist(dst.slatHist, src.slatHist),
    bw: mergeSummary(dst.bw, src.bw, true),
    iops: mergeSummary(dst.iops, src.iops, true),
  };
}

/** Read, write and trim folded into one direction (fio's "mixed"). */
export function mixedDir(job: JobResult): DirResult {
  return job.dirs.reduce((acc, d) => addDir(acc, d), emptyDir());
}

/**
 * Sums jobs into one result as fio's __show_run_stats does for a
 * group_reporting group (a single job goes through it too, which is where
 * unified_rw_reporting=mixed folds its directions). Identity, print
 * settings and kb_base come from the first member; percentile settings,
 * job options and latency target settings from the last; the error is the
 * first one found.
 */
export function sumJobs(members: readonly JobResult[]): JobResult {
  if (members.length === 0) throw new Error("sumJobs: no jobs");
  const first = members[0];
  const last = members[members.length - 1];
  const mixed = first.report.unifiedRwReporting === "mixed";
  let dirs: [DirResult, DirResult, DirResult] = [emptyDir(), emptyDir(), emptyDir()];
  let usrMs = 0, sysMs = 0, runtime = 0;
  let error = 0, errorText = "";
  const out: JobResult = {
    ...first,
    members: 0,
    report: {
      ...first.report,
      percentileList: last.report.percentileList,
      percentilePrecision: last.report.percentilePrecision,
      clatPercentiles: last.report.clatPercentiles,
      latPercentiles: last.report.latPercentiles,
      slatPercentiles: last.report.slatPercentiles,
    },
    jobOptions: last.jobOptions,
    latencyDepth: last.latencyDepth,
    latencyTargetUs: last.latencyTargetUs,
    latencyPercentile: last.latencyPercentile,
    latencyWindowUs: last.latencyWindowUs,
    continueOnError: last.continueOnError,
    firstError: last.firstError,
    elapsedSec: last.elapsedSec,
    etaSec: last.etaSec,
    totalErrors: 0,
    zoneResets: 0,
    sync: { totalIos: 0, lat: emptySummary(), hist: null },
    ctx: 0,
    majf: 0,
    minf: 0,
    ioDepth: [],
    ioSubmit: [],
    ioComplete: [],
    latNs: [],
    latUs: [],
    latMs: [],
  };
  for (const job of members) {
    out.members += job.members;
    // Per-priority stats (src/stats/prio.ts): every member takes part.
    const jd = job.dirs.map((d) => memberDir(d, job.ioprio ?? 0, last.report.latPercentiles));
    if (mixed) {
      dirs = [jd.reduce((acc, d) => addDir(acc, d), dirs[0]), emptyDir(), emptyDir()];
    } else {
      dirs = [addDir(dirs[0], jd[0]), addDir(dirs[1], jd[1]), addDir(dirs[2], jd[2])];
    }
    out.sync = {
      totalIos: out.sync.totalIos + job.sync.totalIos,
      lat: mergeSummary(out.sync.lat, job.sync.lat, false),
      hist: addHist(out.sync.hist, job.sync.hist),
    };
    // fio keeps CPU time in ms and divides by the summed job runtimes.
    usrMs += job.usrCpu * job.jobRuntimeMs / 100;
    sysMs += job.sysCpu * job.jobRuntimeMs / 100;
    runtime += job.jobRuntimeMs;
    out.ctx += job.ctx;
    out.majf += job.majf;
    out.minf += job.minf;
    out.ioDepth = addArrays(out.ioDepth, job.ioDepth);
    out.ioSubmit = addArrays(out.ioSubmit, job.ioSubmit);
    out.ioComplete = addArrays(out.ioComplete, job.ioComplete);
    out.latNs = addArrays(out.latNs, job.latNs);
    out.latUs = addArrays(out.latUs, job.latUs);
    out.latMs = addArrays(out.latMs, job.latMs);
    out.totalErrors = (out.totalErrors ?? 0) + (job.totalErrors ?? 0);
    out.zoneResets = (out.zoneResets ?? 0) + (job.zoneResets ?? 0);
    if (!error) {
      if (!job.error && job.continueOnError && job.firstError) {
        error = job.firstError;
        errorText = job.errorText;
      } else if (job.error) {
        error = job.error;
        errorText = job.errorText;
      }
    }
  }
  out.dirs = dirs;
  out.error = error;
  out.errorText = errorText;
  out.jobRuntimeMs = runtime;
  out.usrCpu = runtime ? usrMs * 100 / runtime : 0;
  out.sysCpu = runtime ? sysMs * 100 / runtime : 0;
  return out;
}

/**
 * fio's thread stats: one entry per job, except that consecutive
 * group_reporting jobs of the same group share one. (As in fio, a job
 * with group_reporting that follows a job without it in the same group
 * joins that job's entry.)
 */
export function threadStats(jobs: readonly JobResult[]): JobResult[] {
  const buckets: JobResult[][] = [];
  let lastGroup = -1;
  for (const job of jobs) {
    const cur = buckets[buckets.length - 1];
    if (!cur || !job.report.groupReporting || job.groupId !== lastGroup) {
      buckets.push([job]);
    } else {
      cur.push(job);
    }
    lastGroup = job.groupId;
  }
  return buckets.map(sumJobs);
}

function emptyGroupDir(): GroupDirStats {
  return { ioBytes: 0, aggBw: 0, minBw: 0, maxBw: 0, minRunMs: 0, maxRunMs: 0 };
}

/**
 * fio's group_run_stats over thread stats: per direction the bytes, the
 * shortest and longest runtime, the slowest and fastest entry bandwidth
 * and the aggregate bandwidth (bytes over the longest runtime). Every
 * group id from 0 to the highest is present, as fio prints them all.
 */
export function groupRunStats(ts: readonly JobResult[]): GroupResult[] {
  const maxGroup = ts.reduce((m, t) => Math.max(m, t.groupId), -1);
  const groups: GroupResult[] = [];
  const minBwSet: boolean[][] = [];
  for (let g = 0; g <= maxGroup; g++) {
    groups.push({
      groupId: g,
      dirs: [emptyGroupDir(), emptyGroupDir(), emptyGroupDir()],
      kbBase: 1024,
      unitBase: 8,
      unifiedRwReporting: "none",
    });
    minBwSet.push([false, false, false]);
  }
  for (const t of ts) {
    const rs = groups[t.groupId];
    rs.kbBase = t.report.kbBase;
    rs.unitBase = t.report.unitBase;
    rs.sigFigs = t.report.sigFigs ?? 4;
    if (t.report.unifiedRwReporting !== "none") rs.unifiedRwReporting = t.report.unifiedRwReporting;
    t.dirs.forEach((d, j) => {
      if (!d.runtimeMs) return;
      const g = rs.dirs[j];
      if (d.runtimeMs < g.minRunMs || !g.minRunMs) g.minRunMs = d.runtimeMs;
      if (d.runtimeMs > g.maxRunMs) g.maxRunMs = d.runtimeMs;
      const bw = Math.floor(d.ioBytes * 1000 / d.runtimeMs);
      if (!minBwSet[t.groupId][j] || bw < g.minBw) g.minBw = bw;
      minBwSet[t.groupId][j] = true;
      if (bw > g.maxBw) g.maxBw = bw;
      g.ioBytes += d.ioBytes;
    });
  }
  for (const rs of groups) {
    for (const g of rs.dirs) {
      if (g.maxRunMs) g.aggBw = Math.floor(g.ioBytes * 1000 / g.maxRunMs);
    }
  }
  return groups;
}

/**
 * Builds the report-ready part of a RunResult from raw per-job results:
 * thread stats (group_reporting and mixed applied) and group sums.
 */
export function summarize(
  jobs: readonly JobResult[],
): Pick<RunResult, "jobs" | "groups"> {
  const ts = threadStats(jobs);
  return { jobs: ts, groups: groupRunStats(ts) };
}
