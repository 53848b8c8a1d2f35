/**
 * `--output-format=terse` (`--minimal`): one `;`-separated line per job (per
 * group with group_reporting) in fio 3.33's field order for
 * `--terse-version` 2, 3, 4 and 5. Latencies are in usec (integer division
 * of ns for min/max and percentiles, `%f` of ns/1000 for mean and stddev).
 *
 * Field counts per line, as fio 3.33 prints them: v2 161, v3 121, v4 162,
 * v5 180; then (v3 and later) 9 per disk, 9 more for a disk with slaves;
 * then 2 with continue_on_error; then the description, which v2 puts on a
 * line of its own. unified_rw_reporting=mixed prints one direction instead
 * of two or three; =both appends the mixed direction after them.
 */
import type { DirResult, DiskUtil, GroupResult, JobResult, RunResult } from "../stats/result.ts";
import { calcPercentiles, PLIST_MAX } from "../stats/histogram.ts";
import { mixedDir } from "../stats/group.ts";
import { VERSION_STRING } from "../version.ts";
import { fixed, fixedW, intStr } from "./format.ts";
import { depthDist, latDist, rwIos } from "./normal.ts";
import { calcLat, percentOfAgg } from "./normal_dir.ts";

/** The terse format versions fio 3.33 writes (`--terse-version`). */
export type TerseVersion = 2 | 3 | 4 | 5;

/** C's `%f`. */
function f6(x: number): string {
  return fixed(x, 6);
}

/** One latency stat (ns) as min;max;mean;stddev in usec, zeros when empty. */
function latFields(out: string[], s: DirResult["clat"]): void {
  const r = calcLat(s);
  if (!r) {
    out.push("0", "0", "0.000000", "0.000000");
    return;
  }
  out.push(
    intStr(Math.floor(r[0] / 1000)),
    intStr(Math.floor(r[1] / 1000)),
    f6(r[2] / 1000),
    f6(r[3] / 1000),
  );
}

/**
 * The 20 percentile slots: `P%=usec` for each listed percentile (sorted, as
 * fio sorts percentile_list), `0%=0` for the slots left over. Total latency
 * takes precedence over completion latency when lat_percentiles is set; a
 * direction without I/O still lists the percentiles, with value 0.
 */
function percentileFields(out: string[], ts: JobResult, d: DirResult): void {
  const r = ts.report;
  let hist: readonly number[] | null = null;
  let n = 0;
  let used = false;
  if (r.latPercentiles) {
    used = true;
    hist = d.latHist;
    n = d.lat.n;
  } else if (r.clatPercentiles) {
    used = true;
    hist = d.clatHist;
    n = d.clat.n;
  }
  let len = 0;
  if (used) {
    const { list, values } = calcPercentiles(hist ?? [], n, r.percentileList);
    len = list.length;
    for (let i = 0; i < len; i++) {
      const us = n && hist ? Math.floor(values[i] / 1000) : 0;
      out.push(`${f6(list[i])}%=${intStr(us)}`);
    }
  }
  for (let i = len; i < PLIST_MAX; i++) out.push("0%=0");
}

/** fio's per-direction KiB/s and IOPS: integer divisions over the runtime. */
function rates(d: DirResult): [bigint, bigint] {
  if (!d.runtimeMs) return [0n, 0n];
  const runt = BigInt(Math.trunc(d.runtimeMs));
  const bw = BigInt(Math.trunc(d.ioBytes)) * 1000n / runt / 1024n;
  const iops = BigInt(Math.trunc(d.totalIos)) * 1000n / runt;
  return [bw, iops];
}

/** One direction's fields: 41, or 47 in v5 (bw samples and IOPS stats). */
function dirFields(
  out: string[],
  ts: JobResult,
  rs: GroupResult | undefined,
  d: DirResult,
  ddir: number,
  version: TerseVersion,
): void {
  const [bw, iops] = rates(d);
  out.push(
    intStr(Math.floor(d.ioBytes / 1024)),
    bw.toString(),
    iops.toString(),
    intStr(d.runtimeMs),
  );
  latFields(out, d.slat);
  latFields(out, d.clat);
  percentileFields(out, ts, d);
  latFields(out, d.lat);
  const b = calcLat(d.bw);
  if (b) {
    const agg = percentOfAgg(b[2], rs?.dirs[ddir].aggBw ?? 0);
    out.push(intStr(b[0]), intStr(b[1]), `${f6(agg)}%`, f6(b[2]), f6(b[3]));
  } else {
    out.push("0", "0", "0.000000%", "0.000000", "0.000000");
  }
  if (version !== 5) return;
  out.push(intStr(d.bw.n));
  const i = calcLat(d.iops);
  if (i) out.push(intStr(i[0]), intStr(i[1]), f6(i[2]), f6(i[3]), intStr(d.iops.n));
  else out.push("0", "0", "0.000000", "0.000000", "0");
}

/**
 * The latency distribution over usec and msec buckets. fio keeps the terse
 * layout of before its ns buckets existed by adding every ns bucket's share
 * to the first usec bucket; with no I/O at all that share is 0/0, which fio
 * prints as "-nan%".
 */
function latencyFields(out: string[], ts: JobResult): void {
  const total = rwIos(ts);
  const us = latDist(ts.latUs, total, 10);
  const ns = ts.latNs.reduce((s, v) => s + v, 0);
  us[0] += 100.0 * ns / total;
  for (const p of us) out.push(`${fixed(p, 2)}%`);
  for (const p of latDist(ts.latMs, total, 12)) out.push(`${fixed(p, 2)}%`);
}

/** A disk's 9 fields (18 with the slaves' averages of a dm/md device). */
export function diskFields(d: DiskUtil): string[] {
  const out = [
    d.name,
    intStr(d.readIos),
    intStr(d.writeIos),
    intStr(d.readMerges),
    intStr(d.writeMerges),
    intStr(d.readTicks),
    intStr(d.writeTicks),
    intStr(d.inQueue),
    `${fixedW(d.util, 3, 2)}%`,
  ];
  const a = d.aggr;
  if (a) {
    out.push(
      "slaves",
      intStr(a.readIos),
      intStr(a.writeIos),
      intStr(a.readMerges),
      intStr(a.writeMerges),
      intStr(a.readTicks),
      intStr(a.writeTicks),
      intStr(a.inQueue),
      `${fixedW(a.util, 3, 2)}%`,
    );
  }
  return out;
}

/**
 * One job's (or group's) terse text, newline included: one line, or two for
 * a v2 job with a description.
 */
export function terseJob(
  ts: JobResult,
  rs: GroupResult | undefined,
  disks: readonly DiskUtil[],
  version: TerseVersion,
): string {
  const out: string[] = version === 2
    ? ["2", ts.name, intStr(ts.groupId), intStr(ts.error)]
    : [String(version), VERSION_STRING, ts.name, intStr(ts.groupId), intStr(ts.error)];
  const unified = ts.report.unifiedRwReporting;
  if (unified === "mixed") {
    // The directions are already folded into the first one.
    dirFields(out, ts, rs, ts.dirs[0], 0, version);
  } else {
    dirFields(out, ts, rs, ts.dirs[0], 0, version);
    dirFields(out, ts, rs, ts.dirs[1], 1, version);
    if (version !== 3) dirFields(out, ts, rs, ts.dirs[2], 2, version);
    if (unified === "both") dirFields(out, ts, rs, mixedDir(ts), 0, version);
  }
  out.push(
    `${f6(ts.usrCpu)}%`,
    `${f6(ts.sysCpu)}%`,
    intStr(ts.ctx),
    intStr(ts.majf),
    intStr(ts.minf),
  );
  for (const p of depthDist(ts.ioDepth, rwIos(ts))) out.push(`${fixed(p, 1)}%`);
  latencyFields(out, ts);
  if (version >= 3) { for (const d of disks) out.push(...diskFields(d)); }
  if (ts.continueOnError) out.push(intStr(ts.totalErrors ?? 0), intStr(ts.firstError ?? 0));
  let text = out.join(";");
  if (ts.description) text += `${version === 2 ? "\n" : ""};${ts.description}`;
  return text + "\n";
}

/** The terse report of a run: one entry per job (per group when summed). */
export function renderTerse(run: RunResult, version: TerseVersion): string {
  return run.jobs.map((ts) =>
    terseJob(ts, run.groups.find((g) => g.groupId === ts.groupId), run.disks, version)
  ).join("");
}
