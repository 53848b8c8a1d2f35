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
import { makeNowNs, useClockSource } from "../sys/clock.ts";
import { invalidateOnWrap } from "./files/setup.ts";
import { getRusage, type Rusage, rusageDelta } from "../sys/rusage.ts";
import { errnoMessage } from "../sys/errno.ts";
import { BufferAllocError } from "../sys/shm.ts";
import { addErrorReport } from "./errors_policy.ts";
import { bufferContents } from "./buffers.ts";
import { Collector, summary } from "./collect.ts";
import { type JobRunOptions, readClockSource, readRunOptions } from "./job_options.ts";
import { cmdprioSetup } from "../engines/cmdprio.ts";
import { PrioStats } from "../stats/prio.ts";
import { JobLoop } from "./loop.ts";
import type { LoopFile } from "./loop_env.ts";
import { jobSeeds } from "./random/seeds.ts";
import { emptyResult } from "../stats/job_result.ts";
import type { FlowJoin } from "../run/flow_area.ts";
import { endProcess, startProcess } from "./process.ts";
import { JobLogs, perIoRates } from "./logs/job_logs.ts";
import { type JobIolog, setupJobIolog } from "./iolog/job.ts";
import { readVerifyOptions, verifyWarnings } from "./verify/options.ts";
import { EILSEQ, Verifier } from "./verify/verifier.ts";
import { splitVerifyRuntime } from "./verify/result.ts";
import { offloadEngine } from "./offload.ts";
import { finishStateSave, loadJobState, startStateSave } from "./verify/job_state.ts";
import { attachAsyncVerify, finishAsyncVerify } from "./verify/async.ts";

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
  /** Called with a snapshot of the job's statistics when status request `request` arrives. */
  readonly onStatus?: (request: number, result: JobResult) => void;
  /** The job's part of the run's flow area (flow control), or null/absent. */
  readonly flow?: FlowJoin | null;
  /** --aux-path: where verify state files go (absent: the working directory). */
  readonly auxPath?: string;
  /** The CPU counter's rate for clocksource=cpu; null or absent: not usable. */
  readonly cpuNsPerTick?: number | null;
}

/** fio's rw_min_bs: the smallest minimum block size over the directions in use. */
function rwMinBs(opts: JobRunOptions): number {
  const on = [opts.rw.read, opts.rw.write, opts.rw.trim];
  const sizes = opts.bs.minBs.filter((_, d) => on[d]);
  return sizes.length > 0 ? Math.min(...sizes) : opts.bs.minBs[0];
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
  useClockSource(readClockSource(spec), ctx.cpuNsPerTick ?? null);
  let opts = readRunOptions(spec);
  let iolog: JobIolog | null = null;
  const verifyOpts = readVerifyOptions(spec, opts);
  const stateLimit = loadJobState(spec, ctx.auxPath, (l) => log("stderr", l));
  if (stateLimit === false) {
    // fio's job ends before any I/O; the run fails, the job reports error 0.
    area.slots[base + Slot.ERROR] = 22;
    area.slots[base + Slot.STATE] = RunState.EXITED;
    return setupFailedResult(spec, 0, 0, "");
  }
  let engine: IoEngine | undefined;
  let files: SetupFiles;
  const cmdprio = cmdprioSetup(spec);
  try {
    engine = createEngine(spec.ioengine) ?? undefined;
    if (!engine) throw new FioError(`fio: engine ${spec.ioengine} not loadable`);
    const initRc = engine.init({
      iodepth: opts.iodepth,
      options: engineOptions(spec),
      rwMinBs: rwMinBs(opts),
      randomIo: opts.rw.random,
      cmdprio,
      syncFileRangeFlags: opts.syncFileRange?.flags ?? 0,
    });
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
    const eng = engine;
    // Shown as fio's `I` (SETTING_UP) in the ETA line while it lays out files.
    const setup = () =>
      area.settingUp(
        ctx.slot,
        () => api.setupJobFiles(spec, eng, log, { normalOutput: ctx.normalOutput ?? true }),
      );
    // read_iolog takes its files from the trace; write_iolog logs them.
    iolog = setupJobIolog(spec, opts, setup, log, ctx.runStartMs);
    files = iolog.files;
    opts = iolog.opts;
  } catch (e) {
    // A failed system call in setup is the job's error (fio still reports
    // the job); anything else means the job cannot run at all.
    if (!(e instanceof FileSetupError) || e.errno === 0) throw e;
    // Serialized setup runs before fio forks the job, so it reports pid 0.
    const pid = numberOption(spec, "create_serialize", 1) !== 0 ? 0 : Deno.pid;
    const line = e.message.replace(/pid=\d+/, `pid=${pid}`);
    log("stderr", [line, ...e.extra].join("\n"));
    area.slots[base + Slot.ERROR] = e.errno;
    area.slots[base + Slot.STATE] = RunState.EXITED;
    engine?.cleanup();
    const text = e.jobError === 0 ? "" : line.slice(line.indexOf("/") + 1);
    // No latency depth keys: fio sets them only once the job's I/O starts.
    return setupFailedResult(spec, 0, e.jobError, text);
  } finally {
    area.markSetupDone(ctx.slot);
  }
  if (numberOption(spec, "create_only") !== 0) {
    // create_only: the files are laid out and the job ends without I/O (no latency depth keys).
    area.slots[base + Slot.STATE] = RunState.EXITED;
    engine.cleanup();
    api.finishJobFiles(files, spec);
    return { ...setupFailedResult(spec, 0, 0, ""), filesSetUp: true };
  }
  const units: IoUnit[] = [];
  const depth = engine.unitCount?.(opts.iodepth) ?? opts.iodepth;
  for (let i = 0; i < depth; i++) units.push(new IoUnit(i));
  // Every I/O runs at the job's priority unless cmdprio picks another.
  for (const u of units) u.ioprio = cmdprio.ioprio;
  const maxBs = Math.max(...opts.bs.maxBs);
  let release: () => void;
  try {
    release = api.allocateBuffers(spec, units, maxBs, numberOption(spec, "direct") !== 0);
  } catch (e) {
    if (!(e instanceof BufferAllocError)) throw e;
    // fio's failed shmget: the job reports the error and does no I/O.
    for (const line of e.lines) log("stderr", line);
    log("stderr", `fio: pid=${Deno.pid}, err=${e.errno}/${e.text}`);
    area.slots[base + Slot.ERROR] = e.errno;
    area.slots[base + Slot.STATE] = RunState.EXITED;
    engine.cleanup();
    iolog?.writer?.close();
    api.finishJobFiles(files, spec);
    return setupFailedResult(spec, opts.iodepth, e.errno, e.text);
  }
  if (engine.flags.sync && opts.iodepth > 1) {
    // fio's note for a blocking engine given a deeper queue: on stdout as fio
    // prints it, but on stderr when stdout carries JSON or terse.
    log(
      ctx.normalOutput === false ? "stderr" : "stdout",
      "note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth will be capped at 1",
    );
  }
  // io_submit_mode=offload: the job's I/O runs on submit Workers (offload.ts).
  engine = offloadEngine(spec, engine, units, {
    iodepth: opts.iodepth,
    options: engineOptions(spec),
    rwMinBs: rwMinBs(opts),
    randomIo: opts.rw.random,
    syncFileRangeFlags: opts.syncFileRange?.flags ?? 0,
    cmdprio,
  });
  const engineFailure = engine.postInit?.(units, files.files.map((f) => f.engineFile)) ?? null;
  if (engineFailure !== null) {
    // fio's failed post_init: the job ends with the error, no I/O.
    for (const line of engineFailure.lines) log("stderr", line);
    log("stderr", `fio: pid=${Deno.pid}, err=${engineFailure.errno}/${engineFailure.text}`);
    area.slots[base + Slot.ERROR] = engineFailure.errno;
    area.slots[base + Slot.STATE] = RunState.EXITED;
    engine.cleanup();
    release();
    iolog?.writer?.close();
    api.finishJobFiles(files, spec);
    // No latency depth: fio sets it only once the job's I/O starts.
    return setupFailedResult(spec, 0, engineFailure.errno, engineFailure.text);
  }
  const openfiles = numberOption(spec, "openfiles", 0);
  const limitOpen = openfiles > 0 && openfiles < files.files.length;
  const seeds = jobSeeds(opts.randseed, spec.jobNumber);
  const collector = new Collector({
    slat: !opts.disableSlat && !engine.flags.sync && engine.flags.noSlat !== true,
    clat: !opts.disableClat,
    lat: !opts.disableLat,
    latIsClat: engine.flags.sync && !opts.disableClat && !opts.disableLat,
    clatHist: !opts.disableClat && opts.clatPercentiles,
    latHist: !opts.disableLat && opts.latPercentiles,
    slatHist: !opts.disableSlat && !engine.flags.sync && engine.flags.noSlat !== true &&
      opts.slatPercentiles,
    rates: !opts.disableBw,
    bwAvgMs: opts.bwAvgMs,
    iopsAvgMs: opts.iopsAvgMs,
    ...perIoRates(opts.logs),
  });
  if (cmdprio.prio !== null) {
    const p = opts.clatPercentiles || opts.latPercentiles;
    collector.prio = new PrioStats(cmdprio.prio.statPrios, opts.latPercentiles, p);
  }
  const logs = opts.logs === null
    ? null
    : new JobLogs(opts.logs, collector, collector.opts, (l) => log("stderr", l));
  collector.rateLog = logs;
  const now = makeNowNs();
  const verifier = verifyOpts === null ? null : new Verifier(
    verifyOpts,
    seeds,
    units,
    maxBs,
    now,
    (l) => log("stderr", l),
    engine.flags.sync,
    engine.flags.diskless,
  );
  if (verifyOpts !== null) { for (const w of verifyWarnings(spec, verifyOpts)) log("stderr", w); }
  if (verifier !== null) {
    verifier.limit = stateLimit;
    startStateSave(spec, verifier, files.files.length, units.length);
    attachAsyncVerify(
      spec,
      verifier,
      files.files.map((f) => f.engineFile),
      maxBs,
      (l) => log("stderr", l),
    );
  }
  const loop = new JobLoop({
    engine,
    units,
    files: files.files,
    opts,
    seeds,
    now,
    control: area.control,
    slots: area.slots,
    slotBase: base,
    sizeLimit: files.totalIoSize,
    openFile: (i) => {
      const rc = api.openJobFile(files.files[i], engine);
      if (rc >= 0) iolog?.writer?.opened(files.files[i].engineFile);
      return rc;
    },
    closeFile: (i) => {
      iolog?.writer?.closedFile(files.files[i].engineFile);
      api.closeJobFile(files.files[i], engine, spec);
    },
    newPass: () => api.loopJobFiles(files, spec),
    wrapped: (i) => invalidateOnWrap(files.files[i]),
    limitOpen,
    // Verified writes are filled by the verifier.
    contents: opts.rw.write && verifier === null ? bufferContents(spec) : null,
    log,
    flow: ctx.flow ?? null,
    logs,
    verifier,
    replay: iolog?.replay ?? null,
    iolog: iolog?.writer ?? null,
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
  const onStatus = ctx.onStatus;
  if (onStatus) {
    // A status report wants the stats so far: built like the final result,
    // without resetting anything (runs only when the coordinator asks).
    loop.onStatus = (now, request) =>
      onStatus(
        request,
        buildResult(spec, ctx, collector, {
          error: loop.error,
          errorText: loop.errorText,
          elapsedUs: loop.startNs > 0 ? (now - loop.startNs) / 1000 : 0,
          ru: rusageDelta(ru0, getRusage()),
          depth: loop.targetDepth ?? depth,
        }),
      );
  }
  try {
    const procFailure = startProcess(spec, log);
    if (procFailure === null) {
      loop.run();
      loop.endFsync();
      endProcess(spec, log);
    } else {
      loop.error = procFailure.errno;
      loop.errorText = procFailure.text;
    }
  } finally {
    // verify_async: every queued check ends before the job does.
    if (verifier !== null && !finishAsyncVerify(verifier)) {
      loop.fail(EILSEQ, "", verifier.errorText);
    }
    loop.endShaping();
    logs?.close(loop.endNs > 0 ? loop.endNs : loop.env.now());
    area.slots[base + Slot.STATE] = RunState.FINISHING;
    for (let i = 0; i < files.files.length; i++) {
      if (loop.isOpen(i) || files.files[i].engineFile.fd >= 0) {
        iolog?.writer?.closedFile(files.files[i].engineFile);
        api.closeJobFile(files.files[i], engine, spec);
      }
    }
    iolog?.writer?.close();
    iolog?.replay?.close();
    api.finishJobFiles(files, spec);
    // Engine first: closing an io_uring ends any I/O still in flight before
    // its buffers are freed.
    engine.cleanup();
    release();
  }
  if (verifier !== null) finishStateSave(spec, verifier, ctx.auxPath, (l) => log("stderr", l));
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
  const result = buildResult(spec, ctx, collector, {
    error: loop.error,
    errorText: loop.errorText,
    elapsedUs,
    ru,
    depth: loop.targetDepth ?? depth,
  });
  addErrorReport(result, loop.errors);
  if (verifier !== null && verifier.phaseNs > 0) {
    splitVerifyRuntime(result, elapsedUs, verifier.phaseNs / 1000, verifier.dryRun);
  }
  return result;
}

/** How a job ended, for its result. */
interface Ending {
  error: number;
  errorText: string;
  /** Stats period in us. */
  elapsedUs: number;
  /** CPU and rusage counters over that period. */
  ru: Rusage;
  /** io units the job ran with. */
  depth: number;
}

/** The JobResult of a job from its collected stats. */
function buildResult(
  spec: JobSpec,
  ctx: JobContext,
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
    // fio sets the latency depth once the job's thread starts its I/O
    // (after the engine's depth rounding, e.g. io_uring's power of two).
    latencyDepth: end.depth,
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
