/**
 * fio's log-linear latency histogram (values in ns). Values below 128 have
 * a bucket each; above, each power of two is split into 64 buckets, so the
 * error stays under 1/64. 29 groups of 64 buckets: values from 2^34 ns
 * (about 17 s) up share the last bucket.
 */

import { percentileRank } from "./percentile_rank.ts";

/** Bits of each group (64 buckets per group). */
export const PLAT_BITS = 6;

/** Buckets per group. */
export const PLAT_VAL = 1 << PLAT_BITS;
/** Number of groups. */
export const PLAT_GROUPS = 29;
/** Number of buckets (1856). */
export const PLAT_NR = PLAT_GROUPS * PLAT_VAL;

/** fio's default `percentile_list`. */
export const DEFAULT_PERCENTILES: readonly number[] = [
  1,
  5,
  10,
  20,
  30,
  40,
  50,
  60,
  70,
  80,
  90,
  95,
  99,
  99.5,
  99.9,
  99.95,
  99.99,
];

const TWO32 = 4294967296;

/** Bucket of a latency of `ns` nanoseconds (a non-negative integer). */
export function bucketIndex(ns: number): number {
  if (ns < 2 * PLAT_VAL) return ns;
  let msb: number, low: number;
  if (ns < TWO32) {
    msb = 31 - Math.clz32(ns);
    low = (ns >>> (msb - PLAT_BITS)) & (PLAT_VAL - 1);
  } else {
    msb = 63 - Math.clz32(Math.floor(ns / TWO32));
    low = Math.floor(ns / 2 ** (msb - PLAT_BITS)) & (PLAT_VAL - 1);
  }
  const idx = ((msb - PLAT_BITS + 1) << PLAT_BITS) + low;
  return idx < PLAT_NR - 1 ? idx : PLAT_NR - 1;
}

/**
 * The value a bucket reports (json+ `bins` keys, percentiles): its own
 * value below 128, else the middle of its range, rounded down.
 */
export function bucketValue(idx: number): number {
  if (idx < 2 * PLAT_VAL) return idx;
  const errorBits = (idx >> PLAT_BITS) - 1;
  const base = 2 ** (errorBits + PLAT_BITS);
  const k = idx % PLAT_VAL;
  return base + Math.floor((k + 0.5) * 2 ** errorBits);
}

/** A percentile and the bucket value fio reports for it. */
export interface Percentile {
  /** The percentile, e.g. 99.9. */
  p: number;
  /** Reported latency in ns (a bucket value). */
  value: number;
}

/** Latency counts per bucket, with fio's percentile rule. */
export class LatencyHistogram {
  /** Count per bucket (doubles: exact to 2^53, no 32-bit wrap). */
  readonly counts = new Float64Array(PLAT_NR);
  /** Number of samples added. */
  total = 0;

  /** Adds one latency in ns; allocation-free. */
  add(ns: number): void {
    this.counts[bucketIndex(ns)]++;
    this.total++;
  }

  /** Adds `count` samples straight into bucket `idx` (e.g. from json+ bins). */
  addToBucket(idx: number, count: number): void {
    this.counts[idx] += count;
    this.total += count;
  }

  /** Adds another histogram's counts (group_reporting). */
  merge(other: LatencyHistogram): void {
    const a = this.counts, b = other.counts;
    for (let i = 0; i < PLAT_NR; i++) a[i] += b[i];
    this.total += other.total;
  }

  /** Forgets every sample. */
  clear(): void {
    this.counts.fill(0);
    this.total = 0;
  }

  /**
   * fio's percentiles of `list` (sorted ascending, as fio sorts it). `n`
   * defaults to the number of samples (fio passes the sample count of the
   * matching latency stat). Empty when there are no samples.
   */
  percentiles(list: readonly number[] = DEFAULT_PERCENTILES, n = this.total): Percentile[] {
    if (n <= 0 || list.length === 0) return [];
    const r = calcPercentiles(this.counts, n, list);
    return r.list.map((p, i) => ({ p, value: r.values[i] }));
  }

  /** Non-empty buckets as [bucket value, count], ascending: json+ `bins`. */
  bins(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < PLAT_NR; i++) {
      if (this.counts[i] !== 0) out.push([bucketValue(i), this.counts[i]]);
    }
    return out;
  }
}

/** fio uses at most this many entries of a percentile list. */
export const PLIST_MAX = 20;

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
 * percentile at the first bucket where the running count reaches its
 * `percentileRank`. `n` is the sample count of the matching statistic, not
 * the histogram sum.
 */
export function calcPercentiles(
  hist: ArrayLike<number>,
  n: number,
  unsorted: readonly number[],
): PercentileValues {
  const len = plistLen(unsorted);
  const list = unsorted.slice(0, len).sort((a, b) => a - b);
  const values = new Array<number>(len).fill(0);
  const limits = list.map((p) => percentileRank(p, n));
  let min = Infinity;
  let max = 0;
  let sum = 0;
  let j = 0;
  let last = len === 0;
  for (let i = 0; i < PLAT_NR && !last; i++) {
    sum += hist[i] ?? 0;
    while (sum >= limits[j]) {
      const v = bucketValue(i);
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
