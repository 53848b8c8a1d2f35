/**
 * fio's default human-readable report (`--output-format=normal`): one block
 * per thread stat, then "Run status group N" lines, then disk stats, in
 * fio 3.33's layout, units and rounding.
 */
import type { DiskUtil, GroupResult, JobResult, RunResult } from "../stats/result.ts";
import { mixedDir } from "../stats/group.ts";
import { errnoMessage } from "../sys/errno.ts";
import { ctime, fixedW, intStr, N2S, num2str } from "./format.ts";
import { displayLat, showDirStatus, showPercentiles, unitBase } from "./normal_dir.ts";

const DIR_NAMES = ["read", "write", "trim"];

/**
 * Percentages of `counts` over `total` as fio's stat_calc_dist computes
 * them: a non-zero count never shows below 0.1%.
 */
export function depthDist(counts: readonly number[], total: number, n = 7): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = counts[i] ?? 0;
    let v = total ? c / total * 100.0 : 0.0;
    if (total && v < 0.1 && c) v = 0.1;
    out.push(v);
  }
  return out;
}

/**
 * Percentages of latency bucket counts over the job's I/Os as fio's
 * stat_calc_lat computes them: a non-zero count never shows below 0.01%.
 */
export function latDist(counts: readonly number[], total: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = counts[i] ?? 0;
    let v = total ? c / total * 100.0 : 0.0;
    if (total && v < 0.01 && c) v = 0.01;
    out.push(v);
  }
  return out;
}

/** Completed read+write+trim I/Os: the base of fio's distributions. */
export function rwIos(job: JobResult): number {
  return job.dirs[0].totalIos + job.dirs[1].totalIos + job.dirs[2].totalIos;
}

const LAT_RANGES = ["2", "4", "10", "20", "50", "100", "250", "500", "750", "1000"];
const LAT_MS_RANGES = [...LAT_RANGES, "2000", ">=2000"];

/** The bucket labels of the ns, us and ms latency distributions. */
export const LATENCY_BUCKETS = { ns: LAT_RANGES, us: LAT_RANGES, ms: LAT_MS_RANGES };

function showLat(pct: number[], ranges: string[], unit: string, out: string[]): void {
  let newLine = true;
  let shown = false;
  let line = 0;
  for (let i = 0; i < pct.length; i++) {
    if (pct[i] <= 0.0) continue;
    shown = true;
    if (newLine) {
      if (line) out.push("\n");
      out.push(`  lat (${unit})   : `);
      newLine = false;
      line = 0;
    }
    if (line) out.push(", ");
    out.push(`${ranges[i]}=${fixedW(pct[i], 3, 2)}%`);
    line++;
    if (line === 5) newLine = true;
  }
  if (shown) out.push("\n");
}

function distLine(prefix: string, labels: string[], pct: number[]): string {
  return prefix + labels.map((l, i) => `${l}=${fixedW(pct[i], 3, 1)}%`).join(", ") + "\n";
}

const DEPTH_LABELS = ["1", "2", "4", "8", "16", "32", ">=64"];
const SUBMIT_LABELS = ["0", "4", "8", "16", "32", "64", ">=64"];

/** The report block of one thread stat (empty if it did no I/O). */
export function showJob(ts: JobResult, rs: GroupResult, timeMs: number): string {
  const out: string[] = [];
  if (!ts.dirs.some((d) => d.ioBytes || d.totalIos)) return "";
  const err = String(ts.error).padStart(2, " ");
  const errPart = ts.error ? `err=${err} (${ts.errorText})` : `err=${err}`;
  out.push(
    `${ts.name}: (groupid=${ts.groupId}, jobs=${ts.members}): ${errPart}: pid=${ts.pid}: ` +
      `${ctime(timeMs)}\n`,
  );
  if (ts.description) out.push(`  Description  : [${ts.description}]\n`);
  const unified = ts.report.unifiedRwReporting;
  ts.dirs.forEach((d, i) => {
    if (!d.ioBytes) return;
    const label = unified === "mixed" ? "mixed" : DIR_NAMES[i];
    showDirStatus(rs, ts, d, { label, ddir: i }, out);
  });
  if (unified === "both") {
    showDirStatus(rs, ts, mixedDir(ts), { label: "mixed", ddir: 0, zeroHeader: true }, out);
  }
  const total = rwIos(ts);
  showLat(latDist(ts.latNs, total, 10), LAT_RANGES, "nsec", out);
  showLat(latDist(ts.latUs, total, 10), LAT_RANGES, "usec", out);
  showLat(latDist(ts.latMs, total, 12), LAT_MS_RANGES, "msec", out);
  if (ts.sync.lat.n) {
    out.push("  fsync/fdatasync/sync_file_range:\n");
    displayLat("sync", ts.sync.lat, out);
    showPercentiles(
      ts.sync.hist,
      ts.sync.lat.n,
      ts.report.percentileList,
      ts.report.percentilePrecision ?? 2,
      "sync",
      out,
    );
  }
  out.push(
    `  cpu          : usr=${fixedW(ts.usrCpu, 3, 2)}%, sys=${fixedW(ts.sysCpu, 3, 2)}%, ` +
      `ctx=${intStr(ts.ctx)}, majf=${intStr(ts.majf)}, minf=${intStr(ts.minf)}\n`,
  );
  out.push(distLine("  IO depths    : ", DEPTH_LABELS, depthDist(ts.ioDepth, total)));
  const sum = (a: readonly number[]) => a.reduce((s, v) => s + v, 0);
  out.push(
    distLine("     submit    : ", SUBMIT_LABELS, depthDist(ts.ioSubmit, sum(ts.ioSubmit))),
  );
  out.push(
    distLine("     complete  : ", SUBMIT_LABELS, depthDist(ts.ioComplete, sum(ts.ioComplete))),
  );
  const [r, w, t] = ts.dirs;
  out.push(
    `     issued rwts: total=${r.issuedIos},${w.issuedIos},${t.issuedIos},${ts.sync.totalIos}` +
      ` short=${r.shortIos},${w.shortIos},${t.shortIos},0` +
      ` dropped=${r.dropIos},${w.dropIos},${t.dropIos},0\n`,
  );
  if (ts.continueOnError) {
    const first = ts.firstError ?? 0;
    out.push(
      `     errors    : total=${ts.totalErrors ?? 0}, first_error=${first}/<${
        errnoMessage(first)
      }>\n`,
    );
  }
  if (ts.latencyDepth) {
    out.push(
      `     latency   : target=${intStr(ts.latencyTargetUs * 1000)}, ` +
        `window=${intStr(ts.latencyWindowUs)}, ` +
        `percentile=${fixedW(ts.latencyPercentile, 0, 2)}%, depth=${ts.latencyDepth}\n`,
    );
  }
  return out.join("");
}

const GROUP_LABELS = ["   READ", "  WRITE", "   TRIM"];

function groupLine(
  label: string,
  rs: GroupResult,
  io: number,
  agg: number,
  min: number,
  max: number,
  minRun: number,
  maxRun: number,
): string {
  const i2p = rs.kbBase === 1024;
  const u = unitBase(rs.unitBase);
  const figs = rs.sigFigs ?? 4;
  const s = (v: number, p: boolean, unit: number) => num2str(v, figs, 1, p, unit);
  return `${label}: bw=${s(agg, i2p, u)} (${s(agg, !i2p, u)}), ` +
    `${s(min, i2p, u)}-${s(max, i2p, u)} (${s(min, !i2p, u)}-${s(max, !i2p, u)}), ` +
    `io=${s(io, i2p, N2S.BYTE)} (${s(io, !i2p, N2S.BYTE)}), ` +
    `run=${intStr(minRun)}-${intStr(maxRun)}msec\n`;
}

/** "Run status group N (all jobs):" and its per-direction lines. */
export function showGroup(rs: GroupResult): string {
  const out = [`\nRun status group ${rs.groupId} (all jobs):\n`];
  rs.dirs.forEach((g, i) => {
    if (!g.maxRunMs) return;
    const label = rs.unifiedRwReporting === "mixed" ? "  MIXED" : GROUP_LABELS[i];
    out.push(groupLine(label, rs, g.ioBytes, g.aggBw, g.minBw, g.maxBw, g.minRunMs, g.maxRunMs));
  });
  if (rs.unifiedRwReporting === "both") {
    let io = 0, agg = 0, min = Infinity, max = 0, minRun = Infinity, maxRun = 0;
    for (const g of rs.dirs) {
      if (!g.maxRunMs) continue;
      io += g.ioBytes;
      agg += g.aggBw;
      min = Math.min(min, g.minBw);
      max = Math.max(max, g.maxBw);
      minRun = Math.min(minRun, g.minRunMs);
      maxRun = Math.max(maxRun, g.maxRunMs);
    }
    if (maxRun) out.push(groupLine("  MIXED", rs, io, agg, min, max, minRun, maxRun));
  }
  return out.join("");
}

/** One "Disk stats" line. */
export function showDisk(d: DiskUtil): string {
  let line =
    `  ${d.name}: ios=${d.readIos}/${d.writeIos}, merge=${d.readMerges}/${d.writeMerges}, ` +
    `ticks=${d.readTicks}/${d.writeTicks}, in_queue=${d.inQueue}, util=${fixedW(d.util, 3, 2)}%`;
  if (d.aggr) {
    const a = d.aggr;
    line = `  ${line}, aggrios=${a.readIos}/${a.writeIos}, aggrmerge=${a.readMerges}/` +
      `${a.writeMerges}, aggrticks=${a.readTicks}/${a.writeTicks}, aggrin_queue=${a.inQueue}, ` +
      `aggrutil=${fixedW(a.util, 3, 2)}%`;
  }
  return line + "\n";
}

/**
 * The whole normal report for a run: a blank line, each thread stat, each
 * group's summary, then disk stats when any were collected.
 */
export function renderNormal(run: RunResult): string {
  const timeMs = run.reportTimeMs ?? Date.now();
  const parts = ["\n"];
  const fallback = (groupId: number): GroupResult => ({
    groupId,
    dirs: [0, 1, 2].map(() => ({
      ioBytes: 0,
      aggBw: 0,
      minBw: 0,
      maxBw: 0,
      minRunMs: 0,
      maxRunMs: 0,
    })) as GroupResult["dirs"],
    kbBase: 1024,
    unitBase: 8,
    unifiedRwReporting: "none",
  });
  for (const ts of run.jobs) {
    const rs = run.groups.find((g) => g.groupId === ts.groupId) ?? fallback(ts.groupId);
    parts.push(showJob(ts, rs, timeMs));
  }
  for (const rs of run.groups) parts.push(showGroup(rs));
  if (run.disks.length) {
    parts.push("\nDisk stats (read/write):\n");
    for (const d of run.disks) parts.push(showDisk(d));
  }
  return parts.join("");
}
