/**
 * Output-side helpers for fio's 1856-bucket latency histogram: the value a
 * bucket reports and the percentile walk exactly as fio 3.33 does it.
 *
 * Kept here (not in src/stats/histogram.ts, which another helper owns) so
 * the writers do not depend on unfinished code; the lead may merge them.
 * The percentile threshold is computed as fio computes it, in x87 80-bit
 * `long double` (`p / 100.0 * N`), emulated exactly with BigInt, because a
 * plain double product can land on the other side of an integer and move
 * a percentile by one bucket.
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

const scratch = new DataView(new ArrayBuffer(8));

/** A positive double as `m * 2^e`, exactly. */
function split(x: number): { m: bigint; e: number } {
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  return biased === 0 ? { m: frac, e: -1074 } : { m: frac | (1n << 52n), e: biased - 1075 };
}

const TWO63 = 1n << 63n;
const TWO64 = 1n << 64n;

/** Rounds `num / den * 2^e` (positive) to a 64-bit significand, ties to even. */
function toLongDouble(num: bigint, den: bigint, e: number): { q: bigint; e: number } {
  let s = 64 - (num.toString(2).length - den.toString(2).length);
  const quot = (sh: number) => (sh >= 0 ? (num << BigInt(sh)) / den : num / (den << BigInt(-sh)));
  let t = quot(s);
  while (t >= TWO64) t = quot(--s);
  while (t < TWO63) t = quot(++s);
  const scaledNum = s >= 0 ? num << BigInt(s) : num;
  const scaledDen = s >= 0 ? den : den << BigInt(-s);
  const rest = scaledNum - t * scaledDen;
  const twice = rest * 2n;
  if (twice > scaledDen || (twice === scaledDen && (t & 1n) === 1n)) t++;
  if (t === TWO64) {
    t = TWO63;
    s--;
  }
  return { q: t, e: e - s };
}

/**
 * Smallest integer count `c` with `c >= (long double)p / 100.0 * n`, which
 * is the running count at which fio takes percentile `p`.
 */
export function percentileThreshold(p: number, n: number): number {
  if (p <= 0 || n <= 0) return 0;
  const { m, e } = split(p);
  const ratio = toLongDouble(m, 100n, e);
  const prod = toLongDouble(ratio.q * BigInt(n), 1n, ratio.e);
  if (prod.e >= 0) return Number(prod.q << BigInt(prod.e));
  const sh = BigInt(-prod.e);
  return Number((prod.q + (1n << sh) - 1n) >> sh);
}

/** Number of entries fio uses from a percentile list (stops at 0 or 20). */
export function plistLen(list: readonly number[]): number {
  let len = 0;
  while (len < list.length && len < PLIST_MAX && list[len] !== 0) len++;
  return len;
}

/** Percentile values (ns) plus their min and max, as fio computes them. */
export interface PercentileValues {
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
  list: readonly number[],
): PercentileValues {
  const len = plistLen(list);
  const values = new Array<number>(len).fill(0);
  const limits = list.slice(0, len).map((p) => percentileThreshold(p, n));
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
  return { values, min: min === Infinity ? 0 : min, max };
}
