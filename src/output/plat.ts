/**
 * Output-side helpers for fio's 1856-bucket latency histogram: the value a
 * bucket reports and the percentile walk exactly as fio 3.33 does it.
 *
 * Kept here (not in src/stats/histogram.ts, which another helper owns) so
 * the writers do not depend on unfinished code; the lead may merge them.
 * The threshold `p / 100.0 * N` is a double product, compared as is: fio
 * 3.33 on x86_64 takes the 60th percentile of 25 samples at the 15th
 * (60 / 100 * 25 is exactly 15 in double; 80-bit arithmetic would give
 * the 16th), so no wider arithmetic may be used here.
 */

/** Buckets in one fio latency histogram (29 groups of 64). */
export const PLAT_NR = 1856;
/** fio caps percentile lists at this many entries. */
export const PLIST_MAX = 20;

/** The value (ns) fio reports for histogram bucket `idx`: its midpoint. */
export function platIdxToVal(idx: number): number {
  if (idx < 128) return idx;
  const errorBits = (idx >> 6) - 1;
  const base = 2 ** (errorBits + 6);
  const k = idx % 64;
  return base + Math.floor((k + 0.5) * 2 ** errorBits);
}

/** Number of entries fio uses from a percentile list (stops at 0 or 20). */
export function plistLen(list: readonly number[]): number {
  let len = 0;
  while (len < list.length && len < PLIST_MAX && list[len] !== 0) len++;
  return len;
}

/** Percentile values (ns) plus their min and max, as fio computes them. */
export interface PercentileValues {
  /** The percentiles used, ascending (fio sorts percentile_list). */
  list: number[];
  /** The value for each entry of `list`. */
  values: number[];
  min: number;
  max: number;
}

/**
 * fio's calc_clat_percentiles: walks the histogram once and takes each
 * percentile at the first bucket where the running count reaches it.
 * `n` is the sample count of the matching statistic (not the histogram sum).
 */
export function calcPercentiles(
  hist: readonly number[],
  n: number,
  unsorted: readonly number[],
): PercentileValues {
  const len = plistLen(unsorted);
  const list = unsorted.slice(0, len).sort((a, b) => a - b);
  const values = new Array<number>(len).fill(0);
  const limits = list.map((p) => p / 100.0 * n);
  let min = Infinity;
  let max = 0;
  let sum = 0;
  let j = 0;
  let last = len === 0;
  for (let i = 0; i < PLAT_NR && !last; i++) {
    sum += hist[i] ?? 0;
    while (sum >= limits[j]) {
      const v = platIdxToVal(i);
      values[j] = v;
      if (v < min) min = v;
      if (v > max) max = v;
      last = j === len - 1;
      if (last) break;
      j++;
    }
  }
  return { list, values, min: min === Infinity ? 0 : min, max };
}
