/**
 * The per-direction part of fio's default ("normal") report: the IOPS/BW
 * line, slat/clat/lat lines, percentile blocks and bw/iops sample lines.
 */
import type { DirResult, GroupResult, JobResult, StatSummary } from "../stats/result.ts";
import { fixedW, intStr, intW, N2S, num2str } from "./format.ts";
import { calcPercentiles } from "../stats/histogram.ts";
import { shownPrios } from "../stats/prio.ts";
import { ioprioClass, ioprioLevel } from "../engines/cmdprio.ts";

/** "class/level" of an ioprio value, as fio names a priority. */
function prioName(ioprio: number): string {
  return `${ioprioClass(ioprio)}/${ioprioLevel(ioprio)}`;
}

/** The significant figures fio uses for a job (significant_figures). */
export function sigFigs(job: JobResult): number {
  return job.report.sigFigs ?? 4;
}

/** unit_base as num2str wants it: 0 (auto) means bytes. */
export function unitBase(u: number): number {
  return u === 1 ? N2S.BITPERSEC : N2S.BYTEPERSEC;
}

/** fio's calc_lat: [min, max, mean, stddev] or null without samples. */
export function calcLat(s: StatSummary): [number, number, number, number] | null {
  if (!s.n) return null;
  const dev = s.n > 1 ? Math.sqrt(s.m2 / (s.n - 1)) : 0;
  return [s.min, s.max, s.mean, dev];
}

/** One latency line, scaled to usec/msec when fio would. */
export function displayLat(name: string, s: StatSummary, out: string[]): void {
  const r = calcLat(s);
  if (!r) return;
  let [min, max, mean, dev] = r;
  let base = "(nsec)";
  if (min > 2000000 && max > 99999999 && dev > 1000000.0) {
    min = Math.floor(min / 1000000);
    max = Math.floor(max / 1000000);
    mean /= 1000000.0;
    dev /= 1000000.0;
    base = "(msec)";
  } else if (min > 2000 && max > 99999 && dev > 1000.0) {
    min = Math.floor(min / 1000);
    max = Math.floor(max / 1000);
    mean /= 1000.0;
    dev /= 1000.0;
    base = "(usec)";
  }
  out.push(
    `    ${name} ${base}: min=${num2str(min, 6, 1, false, N2S.NONE)}, ` +
      `max=${num2str(max, 6, 1, false, N2S.NONE)}, avg=${fixedW(mean, 5, 2)}, ` +
      `stdev=${fixedW(dev, 5, 2)}\n`,
  );
}

/** A percentile block ("    clat percentiles (usec):" and its rows). */
export function showPercentiles(
  hist: readonly number[] | null,
  n: number,
  list: readonly number[],
  precision: number,
  pre: string,
  out: string[],
): void {
  if (!hist || !n) return;
  const { list: sorted, values, min, max } = calcPercentiles(hist, n, list);
  if (!values.length) return;
  let scaleDown = 0;
  let divisor = 1;
  let unit = "nsec";
  if (min > 2000000 && max > 99999999) {
    scaleDown = 2;
    divisor = 1000000;
    unit = "msec";
  } else if (min > 2000 && max > 99999) {
    scaleDown = 1;
    divisor = 1000;
    unit = "usec";
  }
  out.push(`    ${pre} percentiles (${unit}):\n`);
  const scaledMax = Math.floor(max / divisor);
  const width = Math.max(5, scaledMax > 0 ? Math.trunc(Math.log10(scaledMax) + 1) : 0);
  const perLine = Math.floor(73 / (precision + 10 + width));
  for (let j = 0; j < values.length; j++) {
    if (j % perLine === 0) out.push("     |");
    const last = j === values.length - 1;
    let v = values[j];
    for (let i = 0; i < scaleDown; i++) v = Math.floor((v + 999) / 1000);
    out.push(
      ` ${fixedW(sorted[j], precision + 3, precision)}th=[${intW(v, width)}]${last ? "\n" : ","}`,
    );
    if (last) break;
    if (j % perLine === perLine - 1) out.push("\n");
  }
}

/** Options for one direction block. */
export interface DirBlock {
  /** "read", "write", "trim" or "mixed". */
  label: string;
  /** Index into the group's directions (0 for mixed). */
  ddir: number;
  /** fio's "both" mode prints its mixed header with zeroed counters. */
  zeroHeader?: boolean;
}

/** The lines fio prints for one direction of one job. */
export function showDirStatus(
  rs: GroupResult,
  ts: JobResult,
  d: DirResult,
  block: DirBlock,
  out: string[],
): void {
  if (!d.runtimeMs) return;
  const i2p = rs.kbBase === 1024;
  const figs = block.zeroHeader ? 0 : sigFigs(ts);
  const units = block.zeroHeader ? N2S.NONE : unitBase(ts.report.unitBase);
  const bytes = block.zeroHeader ? 0 : d.ioBytes;
  const ios = block.zeroHeader ? 0 : d.totalIos;
  const bw = Math.floor(1000 * bytes / d.runtimeMs);
  const iops = Math.floor(1000 * ios / d.runtimeMs);
  const post = block.label === "write" ? `; ${ts.zoneResets ?? 0} zone resets` : "";
  out.push(
    `  ${block.label}: IOPS=${num2str(iops, figs, 1, false, N2S.NONE)}, ` +
      `BW=${num2str(bw, figs, 1, i2p, units)} (${num2str(bw, figs, 1, !i2p, units)})` +
      `(${num2str(bytes, figs, 1, i2p, N2S.BYTE)}/${intStr(d.runtimeMs)}msec)${post}\n`,
  );
  displayLat("slat", d.slat, out);
  displayLat("clat", d.clat, out);
  displayLat(" lat", d.lat, out);
  const r = ts.report;
  const prios = shownPrios(d);
  const prioType = r.latPercentiles ? "lat" : "clat";
  for (const p of prios ?? []) displayLat(`${prioType} prio ${prioName(p.ioprio)}`, p.stat, out);
  const prec = r.percentilePrecision ?? 2;
  if (r.slatPercentiles) {
    showPercentiles(d.slatHist, d.slat.n, r.percentileList, prec, "slat", out);
  }
  if (r.clatPercentiles) {
    showPercentiles(d.clatHist, d.clat.n, r.percentileList, prec, "clat", out);
  }
  if (r.latPercentiles) {
    showPercentiles(d.latHist, d.lat.n, r.percentileList, prec, "lat", out);
  }
  if (prios !== null && (r.clatPercentiles || r.latPercentiles)) {
    const total = r.latPercentiles ? d.lat.n : d.clat.n;
    for (const p of prios) {
      const share = fixedW(100 * p.stat.n / total, 0, 2);
      const pre = `${prioType} prio ${prioName(p.ioprio)} (${share}% of IOs)`;
      showPercentiles(p.hist, p.stat.n, r.percentileList, prec, pre, out);
    }
  }
  showBwIops(rs, d, block.ddir, out);
}

/**
 * Share of the group's aggregate bandwidth ("per=", JSON "bw_agg"): the
 * mean sample (KiB/s) over the aggregate in KiB/s, capped at 100. Measured
 * against fio 3.33, the division is a float one (agg / 1024.0).
 */
export function percentOfAgg(mean: number, aggBytes: number): number {
  if (!aggBytes) return 100.0;
  const p = mean * 100 / (aggBytes / 1024);
  return p > 100.0 || Number.isNaN(p) ? 100.0 : p;
}

function showBwIops(rs: GroupResult, d: DirResult, ddir: number, out: string[]): void {
  const bwr = calcLat(d.bw);
  if (bwr) {
    let [min, max, mean, dev] = bwr;
    const kb = rs.kbBase;
    const i2p = kb === 1024;
    const bits = rs.unitBase === 1;
    let label = bits ? (i2p ? "Kibit" : "kbit") : (i2p ? "KiB" : "kB");
    const per = percentOfAgg(mean, rs.dirs[ddir].aggBw);
    if (bits) {
      min *= 8;
      max *= 8;
      mean *= 8;
      dev *= 8;
    }
    if (mean > kb * kb) {
      min = Math.floor(min / kb);
      max = Math.floor(max / kb);
      mean /= kb;
      dev /= kb;
      label = bits ? "Mibit" : "MiB";
    }
    out.push(
      `   bw (${label.padStart(5, " ")}/s): min=${intW(min, 5)}, max=${intW(max, 5)}, ` +
        `per=${fixedW(per, 3, 2)}%, avg=${fixedW(mean, 5, 2)}, stdev=${fixedW(dev, 5, 2)}, ` +
        `samples=${intStr(d.bw.n)}\n`,
    );
  }
  const io = calcLat(d.iops);
  if (io) {
    const [min, max, mean, dev] = io;
    out.push(
      `   iops        : min=${intW(min, 5)}, max=${intW(max, 5)}, avg=${fixedW(mean, 5, 2)}, ` +
        `stdev=${fixedW(dev, 5, 2)}, samples=${intStr(d.iops.n)}\n`,
    );
  }
}
