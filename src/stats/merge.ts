/**
 * Merging two members' statistics, as fio's sum_thread_stats does: shared
 * by the group sums (group.ts) and the per-priority sums (prio.ts).
 */
import type { StatSummary } from "./result.ts";

/**
 * Merges two running statistics. Latencies use the parallel Welford merge
 * (Chan et al.). Bandwidth and IOPS samples use fio's "pure sum": jobs of
 * one group run side by side, so min, max, mean and m2 add up (fio 3.33
 * prints e.g. min=6144 for jobs whose minimums were 4096 and 2048).
 */
export function mergeSummary(dst: StatSummary, src: StatSummary, pureSum: boolean): StatSummary {
  if (src.n === 0) return { ...dst };
  if (dst.n === 0) return { ...src };
  const n = dst.n + src.n;
  if (pureSum) {
    return {
      n,
      min: dst.min + src.min,
      max: dst.max + src.max,
      mean: dst.mean + src.mean,
      m2: dst.m2 + src.m2,
    };
  }
  const delta = src.mean - dst.mean;
  return {
    n,
    min: Math.min(dst.min, src.min),
    max: Math.max(dst.max, src.max),
    mean: (src.mean * src.n + dst.mean * dst.n) / n,
    m2: src.m2 + dst.m2 + delta ** 2 * (dst.n * src.n) / n,
  };
}

/** Bucket-wise sum of two latency histograms (a new array; null: none kept). */
export function addHist(a: number[] | null, b: number[] | null): number[] | null {
  if (!b) return a ? a.slice() : null;
  if (!a) return b.slice();
  const out = a.slice();
  for (let i = 0; i < b.length; i++) out[i] = (out[i] ?? 0) + b[i];
  return out;
}
