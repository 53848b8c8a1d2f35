/**
 * One job from start to result, inside its Worker: engine, files (through
 * the file setup API), io units and buffers, the I/O loop, end_fsync,
 * closing, and the JobResult fio would report. The file functions are
 * passed in so the loop can be driven in-process by tests.
 */

import { createEngine } from "../engines/registry.ts";
import { type IoEngine, IoUnit } from "../engines/types.ts";
import { FioError } from "../errors.ts";
import { FileSetupError } from "./files/errors.ts";
import { numberOption } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";
import { RunState, Slot, ThreadArea } from "../run/thread_area.ts";
import type { JobResult } from "../stats/result.ts";
import { makeNowNs } from "../sys/clock.ts";
import { getRusage, type Rusage, rusageDelta } from "../sys/rusage.ts";
import { errnoMessage } from "../sys/errno.ts";
import { bufferContents } from "./buffers.ts";
import { Collector, summary } from "./collect.ts";
import { type JobRunOptions, readRunOptions } from "./job_options.ts";
import { JobLoop, type LoopFile } from "./loop.ts";
import { jobSeeds } from "./random/seeds.ts";
import { emptyResult } from "../stats/job_result.ts";

/** A job file as file setup hands it over (W1a's JobFile). */
export interface SetupFile extends LoopFile {
  readonly isBlockDevice: boolean;
  readonly isCharDevice: boolean;
}

/** The job's files (W1a's JobFiles). */
export interface SetupFiles {
  readonly files: SetupFile[];
  readonly totalIoSize: number;
}

/** Log sink: a line for the coordinator's stdout or stderr. */
export type LogFn = (stream: "stdout" | "stderr", text: string) => void;

/** The file setup API (src/worker/files/setup.ts, src/worker/buffers.ts). */
export interface FilesApi {
  setupJobFiles(
    spec: JobSpec,
    engine: IoEngine,
    log: LogFn,
    opts?: { readonly normalOutput?: boolean },
  ): SetupFiles;
  openJobFile(f: SetupFile, engine: IoEngine): number;
  closeJobFile(f: SetupFile, engine: IoEngine, spec: JobSpec): number;
  finishJobFiles(files: SetupFiles, spec: JobSpec): void;
  loopJobFiles(files: SetupFiles, spec: JobSpec): void;
  allocateBuffers(spec: JobSpec, units: IoUnit[], maxBs: number, direct: boolean): () => void;
}

/** Where the job reports progress, when the run started, and how it starts. */
export interface JobContext {
  readonly threadArea: SharedArrayBuffer;
  readonly slot: number;
  readonly runStartMs: number;
  /** Whether normal output is selected (default true): "Laying out IO file" only then. */
  readonly normalOutput?: boolean;
  /** Slot whose file setup must end before this job's begins; -1 or absent: none. */
  readonly setupAfter?: number;
  /** Start batch to wait for once INITIALIZED (see StartMessage); 0 or absent: start at once. */
  readonly batch?: number;
  /** Called once the job is INITIALIZED, just before it waits for its release. */
  readonly onInitialized?: () => void;
}

/** Engine options as `EngineInit.options` wants them (plain values only). */
function engineOptions(spec: JobSpec): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(spec.options)) {
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") out[k] = v;
  }
  return out;
}

/**
 * Runs `spec` to the end and returns its result. Throws FioError when the
 * job cannot start at all (engine, files, buffers).
 */
export function runJob(spec: JobSpec, ctx: JobContext, api: FilesApi, log: LogFn): JobResult {
  const area = new ThreadArea(ctx.threadArea);
  const base = area.at(ctx.slot, 0);
  const opts = readRunOptions(spec);
  let engine: IoEngine | undefined;
  let files: SetupFiles;
  try {
    engine = createEngine(spec.ioengine) ?? undefined;
    if (!engine) throw new FioError(`fio: engine ${spec.ioengine} not loadable`);
    const initRc = engine.init({ iodepth: opts.iodepth, options: engineOptions(spec) });
    if (initRc < 0) {
      throw new FioError(`fio: ${spec.ioengine} engine init failed: ${errnoMessage(initRc)}`);
    }
    // fio lays out the files of jobs started together one job at a time, in
    // job order, unless create_serialize is off.
    if (numberOption(spec, "create_serialize", 1) !== 0) {
      area.waitForSetupOf(ctx.setupAfter ?? -1, ctx.slot);
    }
    if (area.shouldStop(ctx.slot)) {
      // Stopped before it could start (signal, exitall): no setup, no I/O.
      engine.cleanup();
      area.slots[base + Slot.STATE] = RunState.EXITED;
      return setupFailedResult(spec, opts.iodepth, 0, "");
    }
    files = api.setupJobFiles(spec, engine, log, { normalOutput: ctx.normalOutput ?? true });
  } catch (e) {
    // A failed system call in setup is the job's error (fio still reports
    // the job); anything else means the job cannot run at all.
    if (!(e instanceof FileSetupError) || e.errno === 0) throw e;
    const line = e.message.replace(/pid=\d+/, `pid=${Deno.pid}`);
    log("stderr", [line, ...e.extra].join("\n"));
    area.slots[base + Slot.ERROR] = e.errno;
    area.slots[base + Slot.STATE] = RunState.EXITED;
    engine?.cleanup();
    const text = line.slice(line.indexOf("/") + 1);
    return setupFailedResult(spec, opts.iodepth, e.errno, text);
  } finally {
    area.markSetupDone(ctx.slot);
  }
  const units: IoUnit[] = [];
  for (let i = 0; i < opts.iodepth; i++) units.push(new IoUnit(i));
  const maxBs = Math.max(...opts.bs.maxBs);
  const release = api.allocateBuffers(spec, units, maxBs, numberOption(spec, "direct") !== 0);
  const openfiles = numberOption(spec, "openfiles", 0);
  const limitOpen = openfiles > 0 && openfiles < files.files.length;
  const seeds = jobSeeds(opts.randseed, spec.jobNumber);
  const collector = new Collector({
    slat: !opts.disableSlat && !engine.flags.sync,
    clat: !opts.disableClat,
    lat: !opts.disableLat,
    latIsClat: engine.flags.sync && !opts.disableClat && !opts.disableLat,
    clatHist: !opts.disableClat && opts.clatPercentiles,
    latHist: !opts.disableLat && opts.latPercentiles,
    slatHist: !opts.disableSlat && !engine.flags.sync && opts.slatPercentiles,
    rates: !opts.disableBw,
    bwAvgMs: opts.bwAvgMs,
    iopsAvgMs: opts.iopsAvgMs,
  });
  const loop = new JobLoop({
    engine,
    units,
    files: files.files,
    opts,
    seeds,
    now: makeNowNs(),
    control: area.control,
    slots: area.slots,
    slotBase: base,
    sizeLimit: files.totalIoSize,
    openFile: (i) => api.openJobFile(files.files[i], engine),
    closeFile: (i) => void api.closeJobFile(files.files[i], engine, spec),
    newPass: () => api.loopJobFiles(files, spec),
    limitOpen,
    contents: opts.rw.write ? bufferContents(spec) : null,
    log,
  }, collector);
  // Set up: wait for the coordinator to release the jobs started together;
  // the job's clock, runtime and rusage start at the release, as in fio.
  area.slots[base + Slot.STATE] = RunState.INITIALIZED;
  if ((ctx.batch ?? 0) > 0) {
    ctx.onInitialized?.();
    area.waitForRelease(ctx.batch ?? 0, ctx.slot);
  }
  let ru0: Rusage = getRusage();
  loop.onRampEnd = () => {
    ru0 = getRusage();
  };
  try {
    loop.run();
    loop.endFsync();
  } finally {
    area.slots[base + Slot.STATE] = RunState.FINISHING;
    for (let i = 0; i < files.files.length; i++) {
      if (loop.isOpen(i) || files.files[i].engineFile.fd >= 0) {
        api.closeJobFile(files.files[i], engine, spec);
      }
    }
    api.finishJobFiles(files, spec);
    release();
    engine.cleanup();
  }
  const ru = rusageDelta(ru0, getRusage());
  const elapsedUs = (loop.endNs - loop.startNs) / 1000;
  if (loop.error !== 0) {
    log(
      "stderr",
      `fio: pid=${Deno.pid}, err=${loop.error}/${loop.errorText}`,
    );
    area.slots[base + Slot.ERROR] = loop.error;
  }
  area.slots[base + Slot.STATE] = RunState.EXITED;
  return buildResult(spec, ctx, opts, collector, {
    error: loop.error,
    errorText: loop.errorText,
    elapsedUs,
    ru,
  });
}

/** How a job ended, for its result. */
interface Ending {
  error: number;
  errorText: string;
  /** Stats period in us. */
  elapsedUs: number;
  /** CPU and rusage counters over that period. */
  ru: Rusage;
}

/** The JobResult of a job from its collected stats. */
function buildResult(
  spec: JobSpec,
  ctx: JobContext,
  opts: JobRunOptions,
  c: Collector,
  end: Ending,
): JobResult {
  const runtimeMs = Math.floor(end.elapsedUs / 1000);
  const ru = end.ru;
  return {
    ...emptyResult(spec, end.error, end.errorText),
    elapsedSec: Math.floor((Date.now() - ctx.runStartMs) / 1000) + 1,
    jobRuntimeMs: runtimeMs,
    dirs: c.dirResults(end.elapsedUs),
    sync: {
      totalIos: c.syncIos,
      lat: summary(c.syncLat),
      hist: c.syncIos > 0 ? Array.from(c.syncHist.counts) : null,
    },
    usrCpu: runtimeMs > 0 ? (ru.userUs / 1000) * 100 / runtimeMs : 0,
    sysCpu: runtimeMs > 0 ? (ru.sysUs / 1000) * 100 / runtimeMs : 0,
    ctx: ru.nvcsw + ru.nivcsw,
    majf: ru.majflt,
    minf: ru.minflt,
    ioDepth: Array.from(c.ioDepth),
    ioSubmit: Array.from(c.ioSubmit),
    ioComplete: Array.from(c.ioComplete),
    latNs: Array.from(c.latNs),
    latUs: Array.from(c.latUs),
    latMs: Array.from(c.latMs),
    // fio sets the latency depth once the job's thread starts its I/O.
    latencyDepth: opts.iodepth,
  };
}

/** The result of a job that failed before doing any I/O. */
function setupFailedResult(
  spec: JobSpec,
  iodepth: number,
  error: number,
  errorText: string,
): JobResult {
  return { ...emptyResult(spec, error, errorText), elapsedSec: 1, latencyDepth: iodepth };
}
