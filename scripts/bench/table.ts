/**
 * Plain-text table of the benchmark results: one row per workload, numbers
 * right-aligned, a free-text note column last.
 */

import type { FirstIo, SideSummary } from "./summary.ts";

/** One workload's row. */
export interface Row {
  /** Workload name. */
  readonly name: string;
  /** dfio's side. */
  readonly dfio: SideSummary;
  /** fio's side. */
  readonly fio: SideSummary;
  /** dfio/fio IOPS ratio, when both sides ran. */
  readonly ratio?: number;
  /** Extra remarks (unsupported engine, error first lines, O_DIRECT). */
  readonly notes: readonly string[];
}

/** Formats a count with 3 significant digits and a k/M/G suffix. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "-";
  const units: [number, string][] = [[1e9, "G"], [1e6, "M"], [1e3, "k"]];
  for (const [scale, suffix] of units) {
    if (Math.abs(n) >= scale) return sig3(n / scale) + suffix;
  }
  return String(Math.round(n));
}

/** Formats nanoseconds as ns/us/ms/s with 3 significant digits. */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return "-";
  if (ns < 1e3) return `${sig3(ns)}ns`;
  if (ns < 1e6) return `${sig3(ns / 1e3)}us`;
  if (ns < 1e9) return `${sig3(ns / 1e6)}ms`;
  return `${sig3(ns / 1e9)}s`;
}

/** Formats KiB as MiB (or GiB) with 3 significant digits. */
export function formatKiB(kib: number): string {
  if (!Number.isFinite(kib)) return "-";
  if (kib >= 1024 * 1024) return `${sig3(kib / (1024 * 1024))}GiB`;
  return `${sig3(kib / 1024)}MiB`;
}

/** Formats a plain value with 3 significant digits (e.g. seconds, ratios). */
export function sig3(v: number): string {
  if (!Number.isFinite(v)) return "-";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const decimals = a >= 100
    ? 0
    : a >= 10
    ? 1
    : a >= 1
    ? 2
    : Math.min(6, 2 - Math.floor(Math.log10(a)));
  return v.toFixed(decimals);
}

function formatFirstIo(f: FirstIo | undefined): string {
  if (f === undefined) return "-";
  return (f.kind === "bound" ? "<=" : "") + `${Math.round(f.ms)}ms`;
}

/** Column headers, in order. */
export const HEADERS = [
  "workload",
  "dfio IOPS",
  "fio IOPS",
  "dfio/fio",
  "dfio clat",
  "fio clat",
  "dfio CPU/M",
  "fio CPU/M",
  "dfio RSS",
  "fio RSS",
  "dfio 1st I/O",
  "fio 1st I/O",
  "note",
] as const;

/** What a side's IOPS cell shows when it has no figures. */
function statusCell(s: SideSummary): string | undefined {
  switch (s.status) {
    case "ok":
      return undefined;
    case "unsupported":
      return "unsupported";
    case "error":
      return "error";
    case "skipped":
      return "skipped";
  }
}

function sideCells(
  s: SideSummary,
): { iops: string; clat: string; cpu: string; rss: string; first: string } {
  const status = statusCell(s);
  const dash = "-";
  return {
    iops: status ?? formatCount(s.iops ?? NaN),
    clat: status ? dash : formatNs(s.clatNs ?? NaN),
    cpu: status ? dash : (s.cpuPerMio === undefined ? dash : sig3(s.cpuPerMio)),
    rss: status ? dash : (s.peakRssKiB === undefined ? dash : formatKiB(s.peakRssKiB)),
    first: status ? dash : formatFirstIo(s.firstIo),
  };
}

/** The cells of one row, in {@link HEADERS} order. */
export function rowCells(row: Row): string[] {
  const d = sideCells(row.dfio);
  const f = sideCells(row.fio);
  return [
    row.name,
    d.iops,
    f.iops,
    row.ratio === undefined ? "-" : row.ratio.toFixed(2),
    d.clat,
    f.clat,
    d.cpu,
    f.cpu,
    d.rss,
    f.rss,
    d.first,
    f.first,
    row.notes.join("; "),
  ];
}

/**
 * Lays out rows under {@link HEADERS}: the first column left-aligned, number
 * columns right-aligned, the note column left-aligned and unpadded so long
 * error lines do not widen the table. Trailing spaces are trimmed.
 */
export function formatTable(rows: readonly Row[]): string {
  const body = rows.map(rowCells);
  const all = [[...HEADERS], ...body];
  const last = HEADERS.length - 1;
  const widths = HEADERS.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => {
      if (c === last) return cell;
      return c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]);
    }).join("  ").trimEnd();
  const rule = widths.map((wd, c) => "-".repeat(c === last ? HEADERS[last].length : wd)).join("  ");
  return [line(all[0]), rule, ...body.map(line)].join("\n");
}
