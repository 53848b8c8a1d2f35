/**
 * fio's per-priority latency stats (clat_prio): while a job runs, one
 * running stat and histogram per (direction, priority index) for jobs with
 * cmdprio; at report time, the merge fio's sum_thread_stats does. Measured
 * on fio 3.33:
 * - the tracked latency is clat, or lat with lat_percentiles;
 * - every reported entry (a job, or a group_reporting group) merges its
 *   members' priorities by ioprio value, in order of first appearance; a
 *   member without cmdprio counts all of its I/Os (its clat or lat stat)
 *   under its own prio/prioclass, so jobs of different prioclass in one
 *   group get per-priority lines even without cmdprio;
 * - unified "mixed" reporting merges read, write and trim the same way;
 * - a direction prints its priorities only when at least two of them have
 *   samples, and then only those with samples.
 */

import { LatencyHistogram } from "./histogram.ts";
import { addHist, mergeSummary } from "./merge.ts";
import { RunningStat } from "./running.ts";
import type { DirResult, PrioResult, StatSummary } from "./result.ts";

function summaryOf(s: RunningStat): StatSummary {
  return { n: s.n, min: s.n > 0 ? s.min : 0, max: s.max, mean: s.mean, m2: s.m2 };
}

/** The per-priority stats of one job while it runs (read and write only). */
export class PrioStats {
  /** Tracks total latency (lat_percentiles) instead of clat. */
  readonly useLat: boolean;
  /** Per direction: the ioprio of each index, or null (no cmdprio there). */
  readonly ioprios: readonly (readonly number[] | null)[];
  private readonly stats: (RunningStat[] | null)[];
  private readonly hists: (LatencyHistogram[] | null)[];

  /**
   * `ioprios` per direction (read, write) as Cmdprio.statPrios gives them;
   * `hist`: keep histograms (percentiles are printed).
   */
  constructor(ioprios: readonly (readonly number[] | null)[], useLat: boolean, hist: boolean) {
    this.useLat = useLat;
    this.ioprios = [ioprios[0] ?? null, ioprios[1] ?? null];
    this.stats = this.ioprios.map((l) => l === null ? null : l.map(() => new RunningStat()));
    this.hists = this.ioprios.map((l) =>
      l === null || !hist ? null : l.map(() => new LatencyHistogram())
    );
  }

  /** One finished I/O of `ddir` at priority index `index`; allocation-free. */
  add(ddir: number, index: number, clatNs: number, latNs: number): void {
    if (ddir > 1) return;
    const s = this.stats[ddir];
    if (s === null) return;
    const v = this.useLat ? latNs : clatNs;
    s[index].add(v);
    const h = this.hists[ddir];
    if (h !== null) h[index].add(v);
  }

  /** Forgets every sample (ramp_time ended). */
  clear(): void {
    for (const s of this.stats) if (s !== null) { for (const r of s) r.clear(); }
    for (const h of this.hists) if (h !== null) { for (const r of h) r.clear(); }
  }

  /** Direction `ddir`'s entries in index order, or undefined without cmdprio there. */
  result(ddir: number): PrioResult[] | undefined {
    const l = ddir < 2 ? this.ioprios[ddir] : null;
    if (l === null) return undefined;
    return l.map((ioprio, i) => ({
      ioprio,
      stat: summaryOf(this.stats[ddir]![i]),
      hist: this.hists[ddir] === null ? null : Array.from(this.hists[ddir]![i].counts),
    }));
  }
}

/**
 * `src`'s priorities merged into `dst`'s by ioprio value (new values are
 * appended in `src`'s order). Undefined when neither has any.
 */
export function mergePrios(
  dst: readonly PrioResult[] | undefined,
  src: readonly PrioResult[] | undefined,
): PrioResult[] | undefined {
  if (dst === undefined && src === undefined) return undefined;
  const out = (dst ?? []).map((p) => ({ ...p }));
  for (const p of src ?? []) {
    const at = out.findIndex((q) => q.ioprio === p.ioprio);
    if (at < 0) {
      out.push({ ioprio: p.ioprio, stat: { ...p.stat }, hist: p.hist?.slice() ?? null });
    } else {
      out[at] = {
        ioprio: p.ioprio,
        stat: mergeSummary(out[at].stat, p.stat, false),
        hist: addHist(out[at].hist, p.hist),
      };
    }
  }
  return out;
}

/**
 * A job's direction as a member of a sum: its own priorities, or, without
 * cmdprio, all of its I/Os at the job's ioprio (clat, or lat when `useLat`).
 */
export function memberDir(d: DirResult, jobIoprio: number, useLat: boolean): DirResult {
  if (d.prios !== undefined) return d;
  const stat = useLat ? d.lat : d.clat;
  const prios: PrioResult[] = stat.n > 0
    ? [{ ioprio: jobIoprio, stat: { ...stat }, hist: (useLat ? d.latHist : d.clatHist) ?? null }]
    : [];
  return { ...d, prios };
}

/** The priorities a direction prints: those with samples, when there are two or more. */
export function shownPrios(d: DirResult): PrioResult[] | null {
  const withSamples = (d.prios ?? []).filter((p) => p.stat.n > 0);
  return withSamples.length >= 2 ? withSamples : null;
}
