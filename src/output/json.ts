/**
 * `--output-format=json` and `json+` documents, key for key, type for type
 * and byte for byte as fio 3.33 prints them. json+ adds a "bins" object
 * (histogram bucket value in ns -> count) under every latency object that
 * prints percentiles.
 */
import type {
  DirResult,
  DiskUtil,
  GroupResult,
  JobResult,
  RunResult,
  StatSummary,
} from "../stats/result.ts";
import type { SetOption } from "../job/spec.ts";
import { mixedDir } from "../stats/group.ts";
import { VERSION_STRING } from "../version.ts";
import { ctime, fixed } from "./format.ts";
import { jArr, JsonObject, printJson } from "./json_text.ts";
import { depthDist, latDist, LATENCY_BUCKETS, rwIos } from "./normal.ts";
import { calcLat, percentOfAgg } from "./normal_dir.ts";
import { bucketValue, calcPercentiles, PLAT_NR } from "../stats/histogram.ts";
import { shownPrios } from "../stats/prio.ts";
import { ioprioClass, ioprioLevel } from "../engines/cmdprio.ts";

/** How the document is written. */
export interface JsonOptions {
  /** json+ (histogram bins) instead of plain json. */
  plus: boolean;
}

/** fio's "eta" for jobs that carry none: INT_MAX. */
const NO_ETA = 2147483647;

function addOptions(parent: JsonObject, key: string, opts: readonly SetOption[]): void {
  // fio lists only options given with a value; bare keys are left out, but
  // a section that set only bare keys still gets its (empty) object.
  if (!opts.length) return;
  const valued = opts.filter((o) => o.value !== undefined);
  const obj = new JsonObject();
  for (const o of valued) obj.str(o.name, o.value as string);
  parent.add(key, obj);
}

function latObject(
  ts: JobResult,
  withPercentiles: boolean,
  stat: StatSummary,
  hist: readonly number[] | null,
  opts: JsonOptions,
): JsonObject {
  const obj = new JsonObject();
  const r = calcLat(stat) ?? [0, 0, 0, 0];
  obj.int("min", r[0]).int("max", r[1]).float("mean", r[2]).float("stddev", r[3]);
  obj.int("N", stat.n);
  if (withPercentiles && stat.n && hist) {
    const { list, values } = calcPercentiles(hist, stat.n, ts.report.percentileList);
    const pct = new JsonObject();
    values.forEach((v, i) => pct.int(fixed(list[i], 6), v));
    obj.add("percentile", pct);
    if (opts.plus) {
      const bins = new JsonObject();
      for (let i = 0; i < PLAT_NR && i < hist.length; i++) {
        if (hist[i]) bins.int(String(bucketValue(i)), hist[i]);
      }
      obj.add("bins", bins);
    }
  }
  return obj;
}

function dirObject(
  ts: JobResult,
  rs: GroupResult | undefined,
  d: DirResult,
  ddir: number,
  opts: JsonOptions,
): JsonObject {
  const obj = new JsonObject();
  let bwBytes = 0, bw = 0, iops = 0.0;
  if (d.runtimeMs) {
    bwBytes = Number(BigInt(Math.trunc(d.ioBytes)) * 1000n / BigInt(Math.trunc(d.runtimeMs)));
    bw = Math.floor(bwBytes / 1024);
    iops = 1000.0 * d.totalIos / d.runtimeMs;
  }
  obj.int("io_bytes", d.ioBytes).int("io_kbytes", Math.floor(d.ioBytes / 1024));
  obj.int("bw_bytes", bwBytes).int("bw", bw).float("iops", iops);
  obj.int("runtime", d.runtimeMs).int("total_ios", d.totalIos);
  obj.int("short_ios", d.shortIos).int("drop_ios", d.dropIos);
  const r = ts.report;
  obj.add("slat_ns", latObject(ts, r.slatPercentiles, d.slat, d.slatHist, opts));
  obj.add("clat_ns", latObject(ts, r.clatPercentiles, d.clat, d.clatHist, opts));
  obj.add("lat_ns", latObject(ts, r.latPercentiles, d.lat, d.latHist, opts));
  const prios = shownPrios(d);
  if (prios !== null) {
    // One entry per priority with samples (cmdprio, or prio classes mixed in a group).
    const pct = r.clatPercentiles || r.latPercentiles;
    const key = r.latPercentiles ? "lat_ns" : "clat_ns";
    obj.add(
      "prios",
      jArr(prios.map((p) => {
        const e = new JsonObject().int("prioclass", ioprioClass(p.ioprio));
        e.int("prio", ioprioLevel(p.ioprio));
        return e.add(key, latObject(ts, pct, p.stat, p.hist, opts)).node();
      })),
    );
  }
  const b = calcLat(d.bw);
  const agg = b ? percentOfAgg(b[2], rs?.dirs[ddir].aggBw ?? 0) : 0.0;
  const [bmin, bmax, bmean, bdev] = b ?? [0, 0, 0, 0];
  obj.int("bw_min", bmin).int("bw_max", bmax).float("bw_agg", agg);
  obj.float("bw_mean", bmean).float("bw_dev", bdev).int("bw_samples", d.bw.n);
  const [imin, imax, imean, idev] = calcLat(d.iops) ?? [0, 0, 0, 0];
  obj.int("iops_min", imin).int("iops_max", imax).float("iops_mean", imean);
  obj.float("iops_stddev", idev).int("iops_samples", d.iops.n);
  return obj;
}

function distObject(labels: readonly string[], pct: number[]): JsonObject {
  const obj = new JsonObject();
  labels.forEach((l, i) => obj.float(l, pct[i]));
  return obj;
}

const DIR_KEYS = ["read", "write", "trim"];

/** One entry of the "jobs" array. */
export function jobObject(
  ts: JobResult,
  rs: GroupResult | undefined,
  opts: JsonOptions,
): JsonObject {
  const obj = new JsonObject();
  obj.str("jobname", ts.name).int("groupid", ts.groupId).int("error", ts.error);
  obj.int("eta", ts.etaSec ?? NO_ETA).int("elapsed", ts.elapsedSec);
  addOptions(obj, "job options", ts.jobOptions);
  const unified = ts.report.unifiedRwReporting;
  if (unified === "mixed") {
    obj.add("mixed", dirObject(ts, rs, ts.dirs[0], 0, opts));
  } else {
    ts.dirs.forEach((d, i) => obj.add(DIR_KEYS[i], dirObject(ts, rs, d, i, opts)));
    const sync = new JsonObject().int("total_ios", ts.sync.totalIos);
    const r = ts.report;
    sync.add(
      "lat_ns",
      latObject(ts, r.clatPercentiles || r.latPercentiles, ts.sync.lat, ts.sync.hist, opts),
    );
    obj.add("sync", sync);
    if (unified === "both") obj.add("mixed", dirObject(ts, rs, mixedDir(ts), 0, opts));
  }
  obj.int("job_runtime", ts.jobRuntimeMs).float("usr_cpu", ts.usrCpu).float("sys_cpu", ts.sysCpu);
  obj.int("ctx", ts.ctx).int("majf", ts.majf).int("minf", ts.minf);
  const total = rwIos(ts);
  const sum = (a: readonly number[]) => a.reduce((s, v) => s + v, 0);
  obj.add("iodepth_level", distObject(DEPTH_KEYS, depthDist(ts.ioDepth, total)));
  obj.add("iodepth_submit", distObject(SUBMIT_KEYS, depthDist(ts.ioSubmit, sum(ts.ioSubmit))));
  obj.add(
    "iodepth_complete",
    distObject(SUBMIT_KEYS, depthDist(ts.ioComplete, sum(ts.ioComplete))),
  );
  obj.add("latency_ns", distObject(LATENCY_BUCKETS.ns, latDist(ts.latNs, total, 10)));
  obj.add("latency_us", distObject(LATENCY_BUCKETS.us, latDist(ts.latUs, total, 10)));
  obj.add("latency_ms", distObject(LATENCY_BUCKETS.ms, latDist(ts.latMs, total, 12)));
  if (ts.continueOnError) {
    obj.int("total_err", ts.totalErrors ?? 0).int("first_error", ts.firstError ?? 0);
  }
  if (ts.latencyDepth) {
    obj.int("latency_depth", ts.latencyDepth).int("latency_target", ts.latencyTargetUs * 1000);
    obj.float("latency_percentile", ts.latencyPercentile);
    obj.int("latency_window", ts.latencyWindowUs);
  }
  if (ts.description) obj.str("desc", ts.description);
  return obj;
}

const DEPTH_KEYS = ["1", "2", "4", "8", "16", "32", ">=64"];
const SUBMIT_KEYS = ["0", "4", "8", "16", "32", "64", ">=64"];

function diskObject(d: DiskUtil): JsonObject {
  const obj = new JsonObject().str("name", d.name);
  obj.int("read_ios", d.readIos).int("write_ios", d.writeIos);
  obj.int("read_merges", d.readMerges).int("write_merges", d.writeMerges);
  obj.int("read_ticks", d.readTicks).int("write_ticks", d.writeTicks);
  obj.int("in_queue", d.inQueue).float("util", d.util);
  if (d.aggr) {
    const a = d.aggr;
    obj.int("aggr_read_ios", a.readIos).int("aggr_write_ios", a.writeIos);
    // fio 3.33 spells this key without the final "s".
    obj.int("aggr_read_merges", a.readMerges).int("aggr_write_merge", a.writeMerges);
    obj.int("aggr_read_ticks", a.readTicks).int("aggr_write_ticks", a.writeTicks);
    obj.int("aggr_in_queue", a.inQueue).float("aggr_util", a.util);
  }
  return obj;
}

/** The document as a tree (for callers that add keys, e.g. client stats). */
export function buildJson(run: RunResult, opts: JsonOptions): JsonObject {
  const ms = run.reportTimeMs ?? Date.now();
  const root = new JsonObject();
  root.str("fio version", VERSION_STRING);
  root.int("timestamp", Math.floor(ms / 1000)).int("timestamp_ms", Math.floor(ms));
  root.str("time", ctime(ms));
  addOptions(root, "global options", run.globalOptions);
  const jobs = run.jobs.map((ts) =>
    jobObject(ts, run.groups.find((g) => g.groupId === ts.groupId), opts).node()
  );
  root.add("jobs", jArr(jobs));
  if (run.disks.length) root.add("disk_util", jArr(run.disks.map((d) => diskObject(d).node())));
  return root;
}

/** The json or json+ document text, ending in a newline. */
export function renderJson(run: RunResult, opts: JsonOptions = { plus: false }): string {
  return printJson(buildJson(run, opts));
}
