/**
 * fio's io_stat: a running min/max/mean/variance (Welford, in doubles),
 * kept for latencies and for bandwidth/IOPS samples. Measured on fio 3.33:
 * stddev is the sample one (n - 1); a group (group_reporting) merges job
 * latencies with the parallel-variance formula, but sums bw/IOPS stats
 * field by field (min+min, max+max, mean+mean, m2+m2, n+n).
 */

/**
 * The plain-data shape of a running stat (structured-clone friendly; the
 * same fields as StatSummary in result.ts). `m2` is the sum of squared
 * deviations from the mean; `min` is Infinity while `n` is 0.
 */
export interface StatData {
  /** Number of samples. */
  n: number;
  /** Smallest sample. */
  min: number;
  /** Largest sample. */
  max: number;
  /** Running mean. */
  mean: number;
  /** Sum of squared deviations from the mean. */
  m2: number;
}

/** An empty stat. */
export function emptyStat(): StatData {
  return { n: 0, min: Infinity, max: 0, mean: 0, m2: 0 };
}

/** Adds one sample the way fio's add_stat_sample does. */
export function addSample(s: StatData, value: number): void {
  if (value > s.max) s.max = value;
  if (value < s.min) s.min = value;
  const delta = value - s.mean;
  // fio skips the update for a zero delta, which keeps -0 and NaN out.
  if (delta !== 0) {
    s.mean += delta / (s.n + 1);
    s.m2 += delta * (value - s.mean);
  }
  s.n++;
}

/** fio's stddev: sqrt(m2 / (n - 1)), 0 for fewer than two samples. */
export function statStddev(s: StatData): number {
  return s.n > 1 ? Math.sqrt(s.m2 / (s.n - 1)) : 0;
}

/** The min fio reports: 0 when there are no samples. */
export function statMin(s: StatData): number {
  return s.n > 0 ? s.min : 0;
}

/**
 * Merges `src` into `dst` for a group's latency stats (fio's sum_stat):
 * min of mins, max of maxes, combined mean, and the parallel formula
 * m2 = m2a + m2b + delta^2 * na * nb / (na + nb).
 */
export function mergeStat(dst: StatData, src: StatData): void {
  if (src.n === 0) return;
  if (src.min < dst.min) dst.min = src.min;
  if (src.max > dst.max) dst.max = src.max;
  if (dst.n === 0) {
    dst.mean = src.mean;
    dst.m2 = src.m2;
  } else {
    const n = dst.n + src.n;
    const delta = src.mean - dst.mean;
    dst.mean = (src.mean * src.n + dst.mean * dst.n) / n;
    dst.m2 = src.m2 + dst.m2 + delta * delta * (dst.n * src.n) / n;
  }
  dst.n += src.n;
}

/**
 * Adds `src` into `dst` for a group's bandwidth/IOPS stats: fio sums every
 * field (jobs run side by side, so their rates add up).
 */
export function sumStat(dst: StatData, src: StatData): void {
  if (src.n === 0) return;
  if (dst.n === 0) {
    Object.assign(dst, src);
    return;
  }
  dst.min += src.min;
  dst.max += src.max;
  dst.mean += src.mean;
  dst.m2 += src.m2;
  dst.n += src.n;
}

/** A running stat as a class, for hot paths that add one sample per I/O. */
export class RunningStat implements StatData {
  /** Number of samples. */
  n = 0;
  /** Smallest sample (Infinity while empty). */
  min = Infinity;
  /** Largest sample. */
  max = 0;
  /** Running mean. */
  mean = 0;
  /** Sum of squared deviations from the mean. */
  m2 = 0;

  /** Adds one sample; allocation-free. */
  add(value: number): void {
    if (value > this.max) this.max = value;
    if (value < this.min) this.min = value;
    const delta = value - this.mean;
    if (delta !== 0) {
      this.mean += delta / (this.n + 1);
      this.m2 += delta * (value - this.mean);
    }
    this.n++;
  }

  /** Sample standard deviation as fio reports it. */
  stddev(): number {
    return statStddev(this);
  }

  /** Forgets every sample. */
  clear(): void {
    this.n = 0;
    this.min = Infinity;
    this.max = 0;
    this.mean = 0;
    this.m2 = 0;
  }

  /** A plain copy to post or report. */
  snapshot(): StatData {
    return { n: this.n, min: this.min, max: this.max, mean: this.mean, m2: this.m2 };
  }
}
