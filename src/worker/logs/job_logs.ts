/**
 * Every log file of one job, fed from the I/O loop (one call per completed
 * read/write/trim) and from the bandwidth/IOPS sampler, written out in
 * batches: when a log's batch is full, at least every FLUSH_NS while
 * entries come in, and at exit. A job without logs has no JobLogs at all,
 * so the loop pays one null check per I/O.
 *
 * What fio 3.33 logs (measured):
 * - log_avg_msec=0: one entry per I/O in each log. The bandwidth entry is
 *   bytes * 10^6 / clat_ns, the IOPS entry 1, and these per-I/O values are
 *   also what the job's bw/iops statistics (bw_mean, bw_samples, ...) are
 *   made of; the periodic sampler is off for that measure.
 * - log_avg_msec=N: latency logs write the mean (or max) of each N ms
 *   window per direction, plus the open windows at exit; bandwidth and
 *   IOPS logs write the periodic samples (taken every N ms unless
 *   bwavgtime/iopsavgtime is set), with no entry for the end.
 * - Nothing is logged during ramp_time; times count from the end of it.
 * - sync engines have no slat: their slat file stays empty.
 */

import type { Collector } from "../collect.ts";
import { CLOCK, libc } from "../../sys/libc.ts";
import { HistLog } from "./hist_log.ts";
import { type EntryFormat, IoLog } from "./io_log.ts";
import { LogFile } from "./log_file.ts";
import { type JobLogOptions, logFileName, type LogKind } from "./options.ts";

/** At least this often (ns) buffered entries reach the files while I/O goes on. */
export const FLUSH_NS = 2e9;

/** Flags the Collector needs: which rate stats come from per-I/O log entries. */
export function perIoRates(o: JobLogOptions | null): { bwPerIo: boolean; iopsPerIo: boolean } {
  return {
    bwPerIo: o !== null && o.bw !== null && o.avgMs === 0,
    iopsPerIo: o !== null && o.iops !== null && o.avgMs === 0,
  };
}

/** Milliseconds on clock `id` now (clock_gettime). */
export function clockMs(id: number): number {
  const ts = new BigInt64Array(2);
  if (libc().clock_gettime(id | 0, Deno.UnsafePointer.of(ts)) !== 0) {
    libc().clock_gettime(CLOCK.REALTIME, Deno.UnsafePointer.of(ts));
  }
  return Number(ts[0]) * 1000 + Math.floor(Number(ts[1]) / 1e6);
}

/** What the job measures (from its Collector options). */
export interface Measured {
  readonly slat: boolean;
  readonly clat: boolean;
  readonly lat: boolean;
}

/** The logs of one job. */
export class JobLogs {
  private readonly o: JobLogOptions;
  private readonly c: Collector;
  private readonly files: LogFile[] = [];
  private readonly slat: IoLog | null = null;
  private readonly clat: IoLog | null = null;
  private readonly lat: IoLog | null = null;
  private readonly bw: IoLog | null = null;
  private readonly iops: IoLog | null = null;
  private readonly hist: HistLog | null = null;
  private readonly windowed: boolean;
  private readonly bwPerIo: boolean;
  private readonly iopsPerIo: boolean;
  /** Stats start the logs follow (the Collector's startNs), and the stamp offset. */
  private startNs = -1;
  private base = 0;
  private nextFlushNs = 0;
  /** The sampler's state, mirrored for windowed bw/iops logs. */
  private readonly rateLast = new Float64Array(2);
  private readonly rateTotals = new Float64Array(6);

  /**
   * Opens the job's log files; one that cannot be created is reported
   * through `warn` (a stderr line) and left out, as fio does.
   */
  constructor(
    o: JobLogOptions,
    collector: Collector,
    measured: Measured,
    warn: (line: string) => void = () => {},
  ) {
    this.o = o;
    this.c = collector;
    this.windowed = o.avgMs > 0;
    const r = perIoRates(o);
    this.bwPerIo = r.bwPerIo;
    this.iopsPerIo = r.iopsPerIo;
    const fmt: EntryFormat = { offset: o.offset, prio: o.prio, ioprio: o.ioprio };
    const open = (prefix: string, kind: LogKind): LogFile => {
      const f = new LogFile(logFileName(prefix, kind, o.jobNumber, o.perJob), !o.perJob, warn);
      this.files.push(f);
      return f;
    };
    const ioLog = (prefix: string, kind: LogKind, windows: boolean): IoLog => {
      const f = open(prefix, kind);
      return new IoLog((b) => f.writeBytes(b), fmt, o.entries, windows ? o.avgMs : 0, o.maxValue);
    };
    if (o.lat !== null) {
      // fio creates all three files, in this order, whatever is measured.
      const lat = ioLog(o.lat, "lat", this.windowed);
      const clat = ioLog(o.lat, "clat", this.windowed);
      const slat = ioLog(o.lat, "slat", this.windowed);
      if (measured.lat) this.lat = lat;
      if (measured.clat) this.clat = clat;
      if (measured.slat) this.slat = slat;
    }
    if (o.bw !== null) this.bw = ioLog(o.bw, "bw", false);
    if (o.iops !== null) this.iops = ioLog(o.iops, "iops", false);
    if (o.hist !== null) {
      const f = open(o.hist, "clat_hist");
      // Without log_hist_msec fio leaves the file empty.
      if (o.histMs > 0) this.hist = new HistLog((t) => f.write(t), o.histMs, o.histCoarseness);
    }
  }

  /** Follows the Collector's stats start (job start, or the end of ramp_time). */
  private restart(startNs: number, nowNs: number): void {
    this.startNs = startNs;
    this.base = this.o.epoch === "clock"
      ? clockMs(this.o.clockId) - Math.floor((nowNs - startNs) / 1e6)
      : 0;
    for (const l of [this.slat, this.clat, this.lat]) l?.resetWindows();
    this.hist?.reset();
    this.rateLast.fill(0);
    this.rateTotals.fill(0);
    this.nextFlushNs = nowNs + FLUSH_NS;
  }

  /**
   * One completed read/write/trim (ddir 0-2): `bytes` done of `bs` asked at
   * `offset`; latencies in ns (slat < 0: none); completion at `endNs`;
   * `ioprio` is the I/O's priority (IoUnit.ioprio) for the prio column.
   * Allocation-free except when a batch is written out.
   */
  io(
    ddir: number,
    bytes: number,
    bs: number,
    offset: number,
    slatNs: number,
    clatNs: number,
    latNs: number,
    endNs: number,
    ioprio = 0,
  ): void {
    if (this.c.startNs !== this.startNs) this.restart(this.c.startNs, endNs);
    const ms = Math.floor((endNs - this.startNs) / 1e6);
    const stamp = ms + this.base;
    if (this.windowed) {
      if (this.slat !== null && slatNs >= 0) this.slat.addWindowed(ms, stamp, slatNs, ddir);
      if (this.clat !== null) this.clat.addWindowed(ms, stamp, clatNs, ddir);
      if (this.lat !== null) this.lat.addWindowed(ms, stamp, latNs, ddir);
    } else {
      if (this.slat !== null && slatNs >= 0) {
        this.slat.add(stamp, slatNs, ddir, bs, offset, ioprio);
      }
      if (this.clat !== null) this.clat.add(stamp, clatNs, ddir, bs, offset, ioprio);
      if (this.lat !== null) this.lat.add(stamp, latNs, ddir, bs, offset, ioprio);
    }
    if (this.bwPerIo) {
      const rate = clatNs > 0 ? Math.floor((bytes * 1e6) / clatNs) : 0;
      this.bw!.add(stamp, rate, ddir, bs, offset, ioprio);
      this.c.bw?.stats[ddir].add(rate);
    }
    if (this.iopsPerIo) {
      this.iops!.add(stamp, 1, ddir, bs, offset, ioprio);
      this.c.iops?.stats[ddir].add(1);
    }
    if (this.hist !== null) this.hist.add(ms, stamp, ddir, bs, clatNs);
    if (endNs >= this.nextFlushNs) this.flush(endNs);
  }

  /**
   * The Collector's sampling point at `nowNs` with its running totals:
   * logs the windowed bandwidth and IOPS samples, computed exactly as the
   * job's RateSampler computes them.
   */
  rateSample(nowNs: number, bytes: ArrayLike<number>, ios: ArrayLike<number>): void {
    if (this.c.startNs !== this.startNs) this.restart(this.c.startNs, nowNs);
    const ms = Math.floor((nowNs - this.startNs) / 1e6);
    const c = this.c;
    if (this.bw !== null && !this.bwPerIo && c.bw !== null) {
      this.sampleInto(this.bw, 0, c.bw.avgTimeMs, ms, bytes, 1024);
    }
    if (this.iops !== null && !this.iopsPerIo && c.iops !== null) {
      this.sampleInto(this.iops, 1, c.iops.avgTimeMs, ms, ios, 1);
    }
    if (nowNs >= this.nextFlushNs) this.flush(nowNs);
  }

  private sampleInto(
    log: IoLog,
    k: number,
    avg: number,
    ms: number,
    totals: ArrayLike<number>,
    div: number,
  ): void {
    const spent = Math.floor(ms - this.rateLast[k]);
    // Same early-sampling slack as the RateSampler (1 ms).
    if (spent < avg && avg - spent > 1) return;
    for (let d = 0; d < 3; d++) {
      const delta = totals[d] - this.rateTotals[k * 3 + d];
      if (delta === 0) continue;
      let rate = 0;
      if (spent > 0) rate = Math.floor(Math.floor((delta * 1000) / spent) / div);
      log.add(ms + this.base, rate, d, 0, 0);
      this.rateTotals[k * 3 + d] = totals[d];
    }
    this.rateLast[k] = ms;
  }

  /** Writes every buffered entry out. */
  flush(nowNs: number): void {
    for (const l of [this.slat, this.clat, this.lat, this.bw, this.iops]) l?.flush();
    this.hist?.flush();
    this.nextFlushNs = nowNs + FLUSH_NS;
  }

  /** The job ended at `endNs`: closes open windows, writes everything, closes the files. */
  close(endNs: number): void {
    if (this.startNs >= 0) {
      const stamp = Math.floor((endNs - this.startNs) / 1e6) + this.base;
      for (const l of [this.lat, this.clat, this.slat]) l?.finishWindows(stamp);
    }
    this.flush(endNs);
    for (const f of this.files) f.close();
  }
}
