/**
 * Per-I/O statistics of one job, kept the way fio keeps them: slat, clat
 * and lat per direction (Welford stats in ns and the log-linear
 * histograms), fsync latencies, bytes and I/O counts, the latency buckets
 * (latency_ns/us/ms, from total latency), the I/O depth and submit/complete
 * distributions, and bandwidth/IOPS samples every bwavgtime/iopsavgtime.
 * Every hot method is allocation-free; the result is built once at the end.
 */

import { LatencyHistogram } from "../stats/histogram.ts";
import { RunningStat } from "../stats/running.ts";
import { RateSampler } from "../stats/samples.ts";
import type { DirResult, StatSummary } from "../stats/result.ts";
import type { PrioStats } from "../stats/prio.ts";

/** Which statistics a job keeps (from its options). */
export interface CollectOptions {
  /** Record slat (async engines only: sync ones report N=0 as fio does). */
  slat: boolean;
  clat: boolean;
  lat: boolean;
  /** Histograms behind clat/lat/slat percentiles. */
  clatHist: boolean;
  latHist: boolean;
  slatHist: boolean;
  /**
   * lat always equals clat (sync engines: one clock read each side of the
   * syscall): lat shares clat's stat and histogram instead of a second copy.
   */
  latIsClat: boolean;
  /** bw/iops sampling; intervals in ms. */
  rates: boolean;
  bwAvgMs: number;
  iopsAvgMs: number;
  /**
   * A per-I/O bandwidth / IOPS log (log_avg_msec=0) feeds these stats
   * instead of the sampler, as in fio (see src/worker/logs/job_logs.ts).
   */
  bwPerIo?: boolean;
  iopsPerIo?: boolean;
}

/** Gets every rate sampling point (the job's windowed bw/iops logs). */
export interface RateLogSink {
  rateSample(nowNs: number, bytes: ArrayLike<number>, ios: ArrayLike<number>): void;
}

/** fio's latency bucket of `ns` in its range: index into latNs/latUs/latMs. */
function bucket10(v: number): number {
  if (v < 2) return 0;
  if (v < 4) return 1;
  if (v < 10) return 2;
  if (v < 20) return 3;
  if (v < 50) return 4;
  if (v < 100) return 5;
  if (v < 250) return 6;
  if (v < 500) return 7;
  if (v < 750) return 8;
  return 9;
}

/** Index of a depth in fio's 1,2,4,8,16,32,>=64 distribution. */
export function depthIndex(depth: number): number {
  if (depth >= 64) return 6;
  if (depth >= 32) return 5;
  if (depth >= 16) return 4;
  if (depth >= 8) return 3;
  if (depth >= 4) return 2;
  if (depth >= 2) return 1;
  return 0;
}

/** Index of a batch size in fio's submit/complete 0,4,8,16,32,64,>64 distribution. */
export function batchIndex(n: number): number {
  if (n <= 0) return 0;
  if (n <= 4) return 1;
  if (n <= 8) return 2;
  if (n <= 16) return 3;
  if (n <= 32) return 4;
  if (n <= 64) return 5;
  return 6;
}

/** The stats of one job while it runs. */
export class Collector {
  /** Settings. */
  readonly opts: CollectOptions;
  /** Completed bytes and I/Os per direction (read, write, trim). */
  readonly bytes = new Float64Array(3);
  readonly ios = new Float64Array(3);
  /** Issued I/Os per direction, short I/Os per direction. */
  readonly issued = new Float64Array(3);
  readonly short = new Float64Array(3);
  readonly slat: RunningStat[] = [new RunningStat(), new RunningStat(), new RunningStat()];
  readonly clat: RunningStat[] = [new RunningStat(), new RunningStat(), new RunningStat()];
  readonly lat: RunningStat[] = [new RunningStat(), new RunningStat(), new RunningStat()];
  readonly clatHist: LatencyHistogram[];
  readonly latHist: LatencyHistogram[];
  readonly slatHist: LatencyHistogram[];
  /** fsync/fdatasync: count, latency, histogram. */
  syncIos = 0;
  readonly syncLat = new RunningStat();
  readonly syncHist = new LatencyHistogram();
  /** Counts per bucket (see JobResult). */
  readonly latNs = new Float64Array(10);
  readonly latUs = new Float64Array(10);
  readonly latMs = new Float64Array(12);
  readonly ioDepth = new Float64Array(7);
  readonly ioSubmit = new Float64Array(7);
  readonly ioComplete = new Float64Array(7);
  /** Rate samplers (null with disable_bw_measurement). */
  bw: RateSampler | null = null;
  iops: RateSampler | null = null;
  /** When the next rate sample is due, ns (Infinity: never). */
  nextSampleNs = Infinity;
  /** Stats start time (job start, or the end of ramp_time), ns. */
  startNs = 0;
  /** The job's windowed bw/iops logs, told of every sampling point; null: none. */
  rateLog: RateLogSink | null = null;
  /** Per-priority latency (cmdprio jobs only; src/stats/prio.ts); null: none. */
  prio: PrioStats | null = null;

  constructor(opts: CollectOptions) {
    this.opts = opts;
    const mk = (on: boolean) =>
      on ? [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()] : [];
    this.clatHist = mk(opts.clatHist || (opts.latIsClat && opts.latHist));
    this.latHist = mk(opts.latHist && !opts.latIsClat);
    this.slatHist = mk(opts.slatHist);
  }

  /** Starts (or, after ramp_time, restarts) the stats at `nowNs`. */
  reset(nowNs: number): void {
    this.bytes.fill(0);
    this.ios.fill(0);
    this.issued.fill(0);
    this.short.fill(0);
    for (let d = 0; d < 3; d++) {
      this.slat[d].clear();
      this.clat[d].clear();
      this.lat[d].clear();
      this.clatHist[d]?.clear();
      this.latHist[d]?.clear();
      this.slatHist[d]?.clear();
    }
    this.prio?.clear();
    this.syncIos = 0;
    this.syncLat.clear();
    this.syncHist.clear();
    for (const a of [this.latNs, this.latUs, this.latMs, this.ioDepth, this.ioSubmit]) a.fill(0);
    this.ioComplete.fill(0);
    this.startNs = nowNs;
    if (this.opts.rates) {
      this.bw = new RateSampler(this.opts.bwAvgMs, "kib", 0);
      this.iops = new RateSampler(this.opts.iopsAvgMs, "count", 0);
      this.nextSampleNs = nowNs + Math.min(this.opts.bwAvgMs, this.opts.iopsAvgMs) * 1e6;
    }
  }

  /**
   * One finished read/write/trim: `bytes` moved, latencies in ns (slat < 0:
   * none). Call for successful I/Os only. `prioIndex`: the io unit's
   * cmdprio stats index (IoUnit.prioIndex).
   */
  addRw(
    ddir: number,
    bytes: number,
    slatNs: number,
    clatNs: number,
    latNs: number,
    prioIndex = 0,
  ): void {
    this.bytes[ddir] += bytes;
    this.ios[ddir]++;
    const o = this.opts;
    if (this.prio !== null) this.prio.add(ddir, prioIndex, clatNs, latNs);
    if (slatNs >= 0 && o.slat) {
      this.slat[ddir].add(slatNs);
      if (o.slatHist) this.slatHist[ddir].add(slatNs);
    }
    if (o.clat) {
      this.clat[ddir].add(clatNs);
      if (this.clatHist.length !== 0) this.clatHist[ddir].add(clatNs);
      this.markLatency(clatNs);
    }
    if (o.lat && !o.latIsClat) {
      this.lat[ddir].add(latNs);
      if (o.latHist) this.latHist[ddir].add(latNs);
    }
  }

  /**
   * fio's io_u_mark_latency: the latency distribution counts completion
   * latency (clat, not lat), and only while clat is measured (disable_clat,
   * gtod_reduce), as in fio 3.33.
   */
  private markLatency(ns: number): void {
    if (ns < 1000) this.latNs[bucket10(ns)]++;
    else if (ns < 1000000) this.latUs[bucket10(Math.floor(ns / 1000))]++;
    else {
      const ms = Math.floor(ns / 1000000);
      this.latMs[ms < 1000 ? bucket10(ms) : ms < 2000 ? 10 : 11]++;
    }
  }

  /** One finished fsync/fdatasync with its latency in ns. */
  addSync(latNs: number): void {
    this.syncIos++;
    this.syncLat.add(latNs);
    this.syncHist.add(latNs);
  }

  /** Takes the rate samples that are due at `nowNs` (call when nowNs >= nextSampleNs). */
  sample(nowNs: number): void {
    const ms = Math.floor((nowNs - this.startNs) / 1e6);
    if (this.rateLog !== null) this.rateLog.rateSample(nowNs, this.bytes, this.ios);
    const a = this.opts.bwPerIo ? Infinity : this.bw!.tick(ms, this.bytes);
    const b = this.opts.iopsPerIo ? Infinity : this.iops!.tick(ms, this.ios);
    this.nextSampleNs = nowNs + Math.min(a, b) * 1e6;
  }

  /** The per-direction results; `elapsedUs` is the stats period. */
  dirResults(elapsedUs: number): [DirResult, DirResult, DirResult] {
    const out: DirResult[] = [];
    for (let d = 0; d < 3; d++) {
      const active = this.bytes[d] > 0;
      out.push({
        ioBytes: this.bytes[d],
        // fio's total_ios counts issued I/Os: a failed one (ENOSPC) counts.
        totalIos: this.issued[d],
        issuedIos: this.issued[d],
        shortIos: this.short[d],
        dropIos: 0,
        // fio rounds the direction's runtime up to whole ms.
        runtimeMs: active ? Math.ceil(Math.floor(elapsedUs) / 1000) : 0,
        slat: summary(this.slat[d]),
        clat: summary(this.clat[d]),
        lat: summary(this.opts.latIsClat ? this.clat[d] : this.lat[d]),
        clatHist: this.opts.clatHist ? Array.from(this.clatHist[d].counts) : null,
        latHist: this.opts.latHist
          ? Array.from((this.opts.latIsClat ? this.clatHist : this.latHist)[d].counts)
          : null,
        slatHist: this.opts.slatHist ? Array.from(this.slatHist[d].counts) : null,
        bw: this.bw ? summary(this.bw.stats[d]) : summary(new RunningStat()),
        iops: this.iops ? summary(this.iops.stats[d]) : summary(new RunningStat()),
        ...(this.prio?.result(d) === undefined ? {} : { prios: this.prio.result(d) }),
      });
    }
    return out as [DirResult, DirResult, DirResult];
  }
}

/** A running stat as the plain summary results carry (min 0 when empty). */
export function summary(s: RunningStat): StatSummary {
  return { n: s.n, min: s.n > 0 ? s.min : 0, max: s.max, mean: s.mean, m2: s.m2 };
}
