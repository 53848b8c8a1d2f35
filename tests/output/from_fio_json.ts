/**
 * Test helper: turns a fio 3.33 json+ document into the RunResult dfio's
 * writers print from, so fio's own numbers can be re-rendered and compared
 * with fio's own text. Running stats get m2 back from stddev, histograms
 * come from the json+ "bins", and the distribution counts are recovered
 * from fio's percentages.
 */
import type { SetOption } from "../../src/job/spec.ts";
import type {
  DirResult,
  DiskUtil,
  JobResult,
  ReportOptions,
  RunResult,
  StatSummary,
} from "../../src/stats/result.ts";
import { emptyDir, groupRunStats } from "../../src/stats/group.ts";
import { fixed } from "../../src/output/format.ts";
import { depthDist, latDist } from "../../src/output/normal.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

const DEFAULT_PLIST = [1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9, 99.95, 99.99];

/** Bucket index of a latency value in ns (values are bucket midpoints). */
export function valueToIndex(v: number): number {
  if (v < 128) return v;
  const msb = Math.floor(Math.log2(v));
  return Math.min(1855, ((msb - 5) << 6) + (Math.floor(v / 2 ** (msb - 6)) & 63));
}

function stat(o: Json | undefined): StatSummary {
  if (!o || !o.N) return { n: 0, min: 0, max: 0, mean: 0, m2: 0 };
  const n = o.N;
  return { n, min: o.min, max: o.max, mean: o.mean, m2: o.stddev ** 2 * (n - 1) };
}

function sampleStat(d: Json, prefix: "bw" | "iops"): StatSummary {
  const n = d[`${prefix}_samples`];
  if (!n) return { n: 0, min: 0, max: 0, mean: 0, m2: 0 };
  const dev = prefix === "bw" ? d.bw_dev : d.iops_stddev;
  return {
    n,
    min: d[`${prefix}_min`],
    max: d[`${prefix}_max`],
    mean: d[`${prefix}_mean`],
    m2: dev ** 2 * (n - 1),
  };
}

function hist(o: Json | undefined): number[] | null {
  if (!o?.bins) return null;
  const h = new Array<number>(1856).fill(0);
  for (const [k, c] of Object.entries(o.bins)) h[valueToIndex(Number(k))] += c as number;
  return h;
}

function dir(d: Json | undefined): DirResult {
  if (!d) return emptyDir();
  return {
    ioBytes: d.io_bytes,
    totalIos: d.total_ios,
    issuedIos: d.total_ios,
    shortIos: d.short_ios,
    dropIos: d.drop_ios,
    runtimeMs: d.runtime,
    slat: stat(d.slat_ns),
    clat: stat(d.clat_ns),
    lat: stat(d.lat_ns),
    clatHist: hist(d.clat_ns),
    latHist: hist(d.lat_ns),
    slatHist: hist(d.slat_ns),
    bw: sampleStat(d, "bw"),
    iops: sampleStat(d, "iops"),
  };
}

/** fio's percentile_precision rule for a percentile_list text. */
export function precisionOf(text: string): number {
  let prec = 0;
  let rest = text;
  while (rest.length) {
    const dot = rest.indexOf(".");
    if (dot >= 0) {
      const m = rest.slice(dot + 1).match(/^[0-9]*/);
      prec = Math.max(prec, m ? m[0].length : 0);
    }
    const colon = rest.indexOf(":");
    if (colon < 0) break;
    rest = rest.slice(colon + 1);
  }
  return prec;
}

function opts(list: SetOption[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const o of list) m.set(o.name, o.value ?? "1");
  return m;
}

function asList(o: Json | undefined): SetOption[] {
  return o ? Object.entries(o).map(([name, value]) => ({ name, value: value as string })) : [];
}

/** Counts for percentages taken over a known total (floor-aware). */
function countsOver(pcts: number[], total: number, floor: number): number[] {
  return pcts.map((p) => (p === 0 ? 0 : p === floor ? 1 : Math.round(p / 100 * total)));
}

/** Counts whose own sum reproduces fio's printed percentages. */
function countsSelfTotal(pcts: number[], guess: number): number[] {
  const want = pcts.map((p) => fixed(p, 6)).join();
  if (pcts.every((p) => p === 0)) return pcts.map(() => 0);
  for (let t = 1; t <= 4 * guess + 1000; t++) {
    const c = countsOver(pcts, t, 0.1);
    const got = depthDist(c, c.reduce((s, v) => s + v, 0)).map((p) => fixed(p, 6)).join();
    if (got === want) return c;
  }
  return countsOver(pcts, guess, 0.1);
}

function values(o: Json): number[] {
  return Object.values(o) as number[];
}

function job(j: Json, globals: SetOption[], all: Json[]): JobResult {
  const jobOpts = asList(j["job options"]);
  const o = opts([...globals, ...jobOpts]);
  const plistText = o.get("percentile_list");
  const flag = (k: string, def: boolean) => (o.has(k) ? o.get(k) !== "0" : def);
  const report: ReportOptions = {
    percentileList: plistText ? plistText.split(":").map(Number) : DEFAULT_PLIST,
    percentilePrecision: plistText ? precisionOf(plistText) : 2,
    clatPercentiles: flag("clat_percentiles", true),
    latPercentiles: flag("lat_percentiles", false),
    slatPercentiles: flag("slat_percentiles", false),
    kbBase: o.get("kb_base") === "1000" ? 1000 : 1024,
    unitBase: o.get("unit_base") === "1" ? 1 : 8,
    unifiedRwReporting:
      (o.get("unified_rw_reporting") ?? "none") as ReportOptions["unifiedRwReporting"],
    groupReporting: o.has("group_reporting"),
    sigFigs: o.has("significant_figures") ? Number(o.get("significant_figures")) : 4,
  };
  const dirs: [DirResult, DirResult, DirResult] = j.mixed && !j.read
    ? [dir(j.mixed), dir(undefined), dir(undefined)]
    : [dir(j.read), dir(j.write), dir(j.trim)];
  const total = dirs.reduce((s, d) => s + d.totalIos, 0);
  // JSON has no member count; a bare group_reporting is not even listed.
  // A numjobs>1 job that appears once was summed by group_reporting.
  const clones = all.filter((x) => x.jobname === j.jobname && x.groupid === j.groupid).length;
  const numjobs = Number(o.get("numjobs") ?? 1);
  const members = clones === 1 && numjobs > 1 ? numjobs : 1;
  return {
    name: j.jobname,
    jobNumber: 1,
    groupId: j.groupid,
    members,
    pid: 0,
    error: j.error,
    errorText: "",
    elapsedSec: j.elapsed,
    etaSec: j.eta,
    jobRuntimeMs: j.job_runtime,
    dirs,
    sync: j.sync
      ? { totalIos: j.sync.total_ios, lat: stat(j.sync.lat_ns), hist: hist(j.sync.lat_ns) }
      : { totalIos: 0, lat: stat(undefined), hist: null },
    usrCpu: j.usr_cpu,
    sysCpu: j.sys_cpu,
    ctx: j.ctx,
    majf: j.majf,
    minf: j.minf,
    ioDepth: countsOver(values(j.iodepth_level), total, 0.1),
    ioSubmit: countsSelfTotal(values(j.iodepth_submit), total),
    ioComplete: countsSelfTotal(values(j.iodepth_complete), total),
    latNs: countsOver(values(j.latency_ns), total, 0.01),
    latUs: countsOver(values(j.latency_us), total, 0.01),
    latMs: countsOver(values(j.latency_ms), total, 0.01),
    latencyDepth: j.latency_depth ?? 0,
    latencyTargetUs: (j.latency_target ?? 0) / 1000,
    latencyPercentile: j.latency_percentile ?? 0,
    latencyWindowUs: j.latency_window ?? 0,
    jobOptions: jobOpts,
    report,
    description: j.desc ?? "",
    continueOnError: "total_err" in j,
    totalErrors: j.total_err,
    firstError: j.first_error,
  };
}

function disk(d: Json): DiskUtil {
  return {
    name: d.name,
    readIos: d.read_ios,
    writeIos: d.write_ios,
    readMerges: d.read_merges,
    writeMerges: d.write_merges,
    readTicks: d.read_ticks,
    writeTicks: d.write_ticks,
    inQueue: d.in_queue,
    util: d.util,
  };
}

/** The RunResult behind a fio json+ document. */
export function fromFioJson(doc: Json): RunResult {
  const globals = asList(doc["global options"]);
  const jobs = (doc.jobs as Json[]).map((j, _i, all) => job(j, globals, all));
  return {
    startTimeMs: doc.timestamp_ms,
    reportTimeMs: doc.timestamp_ms,
    jobs,
    groups: groupRunStats(jobs),
    disks: (doc.disk_util ?? []).map(disk),
    globalOptions: globals,
  };
}

/** Checks a recovered distribution against fio's percentages (debug aid). */
export function distMatches(
  pcts: number[],
  counts: number[],
  total: number,
  floor: number,
): boolean {
  const got = floor === 0.1 ? depthDist(counts, total) : latDist(counts, total, counts.length);
  return got.every((p, i) => fixed(p, 6) === fixed(pcts[i], 6));
}
