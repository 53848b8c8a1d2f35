/**
 * Turns the rounds of one workload into the figures of its table row.
 */

import type { RunFigures } from "./fio_json.ts";

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty list");
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** One measured run of one tool. */
export interface Round {
  /** Figures from the run's JSON. */
  readonly figures: RunFigures;
  /** Peak resident set size in KiB, if it could be measured. */
  readonly peakRssKiB?: number;
  /** Wall time from spawn to exit, ms. */
  readonly wallMs: number;
}

/** How one side (dfio or fio) of a workload ended up. */
export type SideStatus = "ok" | "unsupported" | "error" | "skipped";

/** One side's cells of a table row. */
export interface SideSummary {
  /** ok: figures are set; otherwise `message` says why not. */
  readonly status: SideStatus;
  /** Reason for a non-ok status (an error's first line, "fio not installed", ...). */
  readonly message?: string;
  /** Median IOPS over the rounds. */
  readonly iops?: number;
  /** Median of the rounds' mean clat, ns. */
  readonly clatNs?: number;
  /** Median CPU seconds per million I/Os. */
  readonly cpuPerMio?: number;
  /** Largest peak RSS over the rounds, KiB. */
  readonly peakRssKiB?: number;
  /** Milliseconds from spawn to first I/O (see {@link FirstIo}). */
  readonly firstIo?: FirstIo;
}

/** Start-up time to the first I/O, and how it was obtained. */
export interface FirstIo {
  /** Milliseconds. */
  readonly ms: number;
  /**
   * "log": spawn to the first latency-log entry of a probe run (exact to the
   * log's millisecond). "bound": wall time minus runtime of a measured round,
   * an upper bound that also holds the teardown.
   */
  readonly kind: "log" | "bound";
}

/** Summarises the ok rounds of one side. */
export function summarizeRounds(rounds: readonly Round[], firstIo?: FirstIo): SideSummary {
  if (rounds.length === 0) throw new Error("no rounds to summarise");
  const rss = rounds.map((r) => r.peakRssKiB).filter((v): v is number => v !== undefined);
  return {
    status: "ok",
    iops: median(rounds.map((r) => r.figures.iops)),
    clatNs: median(rounds.map((r) => r.figures.clatMeanNs)),
    cpuPerMio: median(rounds.map((r) => cpuPerMillion(r.figures))),
    peakRssKiB: rss.length > 0 ? Math.max(...rss) : undefined,
    firstIo,
  };
}

/** CPU seconds per million I/Os of one run (0 I/Os gives NaN). */
export function cpuPerMillion(f: RunFigures): number {
  return f.ios > 0 ? f.cpuSeconds / (f.ios / 1e6) : NaN;
}

/**
 * dfio/fio IOPS ratio: the median of the per-round ratios, pairing round i of
 * dfio with round i of fio. The rounds alternate, so pairing cancels slow
 * drift of the machine; the result can differ slightly from the quotient of
 * the two median IOPS columns.
 */
export function pairedRatio(
  dfio: readonly number[],
  fio: readonly number[],
): number | undefined {
  const n = Math.min(dfio.length, fio.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) if (fio[i] > 0) ratios.push(dfio[i] / fio[i]);
  return ratios.length > 0 ? median(ratios) : undefined;
}

/**
 * The order of the two tools in round `round` (from 1): as given in odd
 * rounds, swapped in even ones, so whatever one run leaves behind (cache
 * state, a warm CPU) favours neither tool over the rounds.
 */
export function roundOrder<T>(round: number, first: T, second: T): [T, T] {
  return round % 2 === 1 ? [first, second] : [second, first];
}
