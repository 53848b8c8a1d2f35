/**
 * The coordinator: starts one Worker per job in fio's order (stonewall,
 * wait_for, startdelay), watches the thread area, stops jobs on exitall,
 * exitall_on_error, runtime overrun and SIGINT/SIGTERM, collects every
 * job's result and writes the report.
 *
 * Jobs that become due together form a start batch, as in fio's
 * run_threads: their Workers set up (file layout one job after another, in
 * job order), each marks itself INITIALIZED, and once all of them are, the
 * coordinator releases the batch at once, so they run side by side. Lines
 * the jobs print during setup come out in job order.
 */
import type { RunConfig } from "../cli/config.ts";
import type { JobPlan, JobSpec } from "../job/spec.ts";
import { boolOption, numberOption, stringOption } from "../job/options.ts";
import type { JobResult } from "../stats/result.ts";
import type { LogMessage } from "../worker/protocol.ts";
import { DiskWatch } from "./disks.ts";
import { endIdleWorkers, type JobOutcome, JobWorker, jobWorkerUrl } from "./job_worker.ts";
import { preamble } from "./preamble.ts";
import { buildRunResult, emptyResult, renderReports } from "./report.ts";
import { scan, type ScheduledJob } from "./schedule.ts";
import { startDelayUs } from "./start_delay.ts";
import { planFlows } from "./flow_area.ts";
import { ioStarted, RunState, Slot, ThreadArea } from "./thread_area.ts";
import { etaTarget, stampRunEta, startEta } from "./eta.ts";
import { startStatus } from "./status.ts";
import { openAggLog } from "../worker/logs/agg_log.ts";
import { cpuNsPerTick } from "../sys/clock.ts";

/** Where the coordinator writes: stdout and stderr. */
export interface RunIo {
  /** Text for stdout (newline included). */
  out(text: string): void;
  /** Text for stderr (newline included). */
  err(text: string): void;
}

/** Knobs for tests; defaults are what a real run uses. */
export interface ExecuteOptions {
  /** The Worker module each job runs in. */
  workerUrl?: URL;
  /** Whether to catch SIGINT/SIGTERM (default true). */
  signals?: boolean;
  /** Extra time a job may run past runtime + ramp_time before it is told to stop (ms). */
  runtimeGraceMs?: number;
  /** How long a job told to stop may take before its Worker is killed (ms). */
  reapTimeoutMs?: number;
  /** Called with the thread area once it exists (tests, the later ETA line). */
  onThreadArea?: (area: ThreadArea) => void;
  /**
   * Leaves the Workers of ended jobs alive at the end, for a caller that
   * ends the process right after (see `idle` in job_worker.ts).
   */
  leaveIdleWorkers?: boolean;
}

/** fio's exit status after SIGINT or SIGTERM (measured with fio 3.33). */
export const SIGNAL_EXIT_CODE = 128;
/** errno recorded for a job whose Worker failed without saying which. */
const FAIL_ERRNO = 22;
/** How often the coordinator looks at the thread area while jobs run (ms). */
const TICK_MS = 50;

interface JobState extends ScheduledJob {
  readonly spec: JobSpec;
  readonly slot: number;
  worker?: JobWorker;
  /** The Worker said it is set up and waits for its release. */
  initialized?: boolean;
  /** Lines held back while an earlier job of the batch is still setting up. */
  held?: { stream: "stdout" | "stderr"; text: string }[];
  result?: JobResult;
  /** performance.now() when the job was released, and when it was first seen doing I/O. */
  startedAt?: number;
  ioSince?: number;
  /** performance.now() when the job was told to stop. */
  stopAt?: number;
}

/** Runs the plan's jobs and prints the report; resolves to the exit status. */
export async function executePlan(
  plan: JobPlan,
  config: RunConfig,
  io: RunIo,
  opts: ExecuteOptions = {},
): Promise<number> {
  const normal = config.outputFormats.includes("normal");
  const report = (text: string) => {
    if (config.output !== undefined) Deno.writeTextFileSync(config.output, text, { append: true });
    else io.out(text);
  };
  // fio's informational lines belong to the normal report only.
  const info = (text: string) => {
    if (normal) report(text);
  };
  const area = new ThreadArea(Math.max(config.maxJobs, plan.jobs.length));
  const flows = planFlows(plan);
  opts.onThreadArea?.(area);
  const graceMs = opts.runtimeGraceMs ?? 1000;
  const reapMs = opts.reapTimeoutMs ?? 300_000;
  const url = opts.workerUrl ?? jobWorkerUrl();
  const groupSize = new Map<number, number>();
  for (const j of plan.jobs) groupSize.set(j.groupId, (groupSize.get(j.groupId) ?? 0) + 1);

  const jobs: JobState[] = plan.jobs.map((spec, slot) => ({
    spec,
    slot,
    name: spec.name,
    stonewall: spec.stonewall,
    waitFor: stringOption(spec, "wait_for"),
    startDelayUs: startDelayUs(spec),
    phase: "pending",
    stopRequested: false,
  }));

  if (normal) info(preamble(plan));
  const startTimeMs = Date.now();
  const t0 = performance.now();
  const aggLog = config.bandwidthLog === undefined ? null : openAggLog(area, plan.jobs);
  const disks = new DiskWatch();
  // No ETA line while a batch sets up and nothing else runs (fio is silent
  // during its file layout); with jobs running, it goes on and shows `I`.
  const stalled = () =>
    jobs.some((j) => j.phase === "starting") && !jobs.some((j) => j.phase === "running");
  const eta = startEta(area, jobs, config, etaTarget(config, io.out, io.err), t0, stalled);
  const printStatus = (rs: JobResult[], atMs: number) => {
    const du = anyDiskIo(rs) ? disks.finish() : [];
    report(renderReports(buildRunResult(plan, rs, du, startTimeMs, atMs), config));
  };
  const usr1 = opts.signals !== false;
  const every = config.statusIntervalMs;
  const status = startStatus(area, every, usr1, () => jobs, printStatus, startTimeMs);
  let failed = false;
  let signaled = 0;

  let dirty = false;
  let wakeUp: (() => void) | undefined;
  const wake = () => {
    dirty = true;
    wakeUp?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (dirty) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  // A stop of every job for good (signal, exitall_on_error), or only of the
  // jobs running now: the latter is withdrawn before the next job starts.
  let hardStop = false;
  let softStop = false;
  const stop = (job: JobState) => {
    if (job.phase === "done" || job.stopRequested) return;
    job.stopRequested = true;
    job.stopAt = performance.now();
    area.stopJob(job.slot);
  };
  /**
   * Stops `targets`. When they are every started job, the run-wide flag is
   * raised too, so a Worker loop that only watches that flag stops as well.
   */
  const stopJobs = (targets: readonly JobState[]) => {
    for (const j of targets) stop(j);
    const allRunningStopped = jobs.every((j) => !active(j) || j.stopRequested);
    if (!hardStop && allRunningStopped && jobs.some(active)) {
      softStop = true;
      area.stopAll();
    }
  };
  const stopAll = () => {
    hardStop = true;
    area.stopAll();
    for (const j of jobs) stop(j);
  };

  /** fio's exitall: who else stops when `job` ends (exit_what). */
  const exitAll = (job: JobState) => {
    const what = stringOption(job.spec, "exit_what", "group");
    stopJobs(jobs.filter((j) => {
      if (j === job) return false;
      if (what === "all") return true;
      if (what === "stonewall") return active(j);
      return j.spec.groupId === job.spec.groupId;
    }));
  };

  // The batch being set up, and the first of its jobs not yet set up: only
  // that job's lines go out as they come, later jobs' lines wait their turn.
  let batchNo = 0;
  let setupQueue: JobState[] = [];
  let setupHead = 0;

  const emit = (job: JobState, stream: "stdout" | "stderr", text: string) => {
    if (job.held) job.held.push({ stream, text });
    else if (stream === "stderr") io.err(text);
    else info(text);
  };
  const advanceSetup = () => {
    while (setupHead < setupQueue.length) {
      const job = setupQueue[setupHead];
      const held = job.held;
      job.held = undefined;
      for (const l of held ?? []) emit(job, l.stream, l.text);
      if (!job.initialized && job.phase !== "done") break;
      setupHead++;
    }
  };
  const onLog = (job: JobState, msg: LogMessage) => {
    emit(job, msg.stream, msg.text.endsWith("\n") ? msg.text : `${msg.text}\n`);
  };

  const finish = (job: JobState, outcome: JobOutcome) => {
    // A job that ends never holds up the setup of the jobs after it.
    area.markSetupDone(job.slot);
    if (outcome.kind === "done") {
      job.result = outcome.result;
    } else {
      failed = true;
      emit(job, "stderr", `${outcome.message}\n`);
      const text = outcome.message.replace(/^fio: /, "");
      const errno = Number(/err=\s*(\d+)/.exec(outcome.message)?.[1] ?? FAIL_ERRNO);
      job.result = emptyResult(job.spec, errno, text);
      if (outcome.kind === "crash") fillFromSlot(job, area);
    }
    job.phase = "done";
    advanceSetup();
    area.setState(job.slot, RunState.REAPED);
    // A setup failure fio only prints a message for reports error 0 but
    // still fails the run: the slot keeps the errno.
    if (job.result.error || area.slots[area.at(job.slot, Slot.ERROR)] !== 0) failed = true;
    if (boolOption(job.spec, "exitall")) exitAll(job);
    if (job.result.error && boolOption(job.spec, "exitall_on_error")) stopAll();
    wake();
  };

  const launch = (job: JobState, setupAfter: number) => {
    disks.addJob(job.spec);
    area.setState(job.slot, RunState.CREATED);
    job.phase = "starting";
    try {
      job.worker = new JobWorker(job.spec, {
        url,
        threadArea: area.buffer,
        slot: job.slot,
        runStartMs: startTimeMs,
        groupJobs: groupSize.get(job.spec.groupId) ?? 1,
        normalOutput: normal,
        setupAfter,
        batch: batchNo,
        flow: flows?.joins[job.slot] ?? null,
        auxPath: config.auxPath,
        cpuNsPerTick: cpuNsPerTick(),
        onLog: (msg) => onLog(job, msg),
        onStatus: (request, result) => status?.receive(job.slot, request, result),
        onInitialized: () => {
          job.initialized = true;
          advanceSetup();
          // Released from here, not from the loop: one event-loop hop less.
          releaseWhenSetUp();
          wake();
        },
      });
    } catch (e) {
      finish(job, {
        kind: "crash",
        message: `fio: job '${job.spec.name}' could not start: ${(e as Error).message}`,
      });
      return;
    }
    job.worker.finished.then((o) => finish(job, o));
  };

  /** Starts the Workers of jobs due together; each sets up after the one before it. */
  const startBatch = (batch: JobState[]) => {
    // Ended jobs' Workers go before new ones come, so their number stays bounded.
    endIdleWorkers();
    batchNo++;
    setupQueue = batch;
    setupHead = 0;
    batch.forEach((job, k) => (job.held = k === 0 ? undefined : []));
    batch.forEach((job, k) => launch(job, k === 0 ? -1 : batch[k - 1].slot));
    advanceSetup();
  };

  /**
   * Once every job of the current batch still alive is set up, lets them
   * all begin their I/O at once. True when released (or none was waiting).
   */
  const releaseWhenSetUp = (): boolean => {
    const starting = jobs.filter((j) => j.phase === "starting");
    if (!starting.every((j) => j.initialized)) return false;
    const now = performance.now();
    for (const job of starting) {
      job.phase = "running";
      job.startedAt = now;
    }
    if (starting.length > 0) area.release(batchNo);
    return true;
  };

  /** Thread-area checks: errors under exitall_on_error, runtime overruns, stuck jobs. */
  const watch = () => {
    const now = performance.now();
    aggLog?.tick(now - t0);
    for (const job of jobs) {
      if (!active(job)) continue;
      const state = area.state(job.slot);
      if (
        area.slots[area.at(job.slot, Slot.ERROR)] !== 0 &&
        boolOption(job.spec, "exitall_on_error")
      ) stopAll();
      if (job.ioSince === undefined && ioStarted(state) && state < RunState.FINISHING) {
        job.ioSince = now;
      }
      const limitUs = numberOption(job.spec, "runtime") + numberOption(job.spec, "ramp_time");
      if (
        limitUs > 0 && job.ioSince !== undefined && now - job.ioSince > limitUs / 1000 + graceMs
      ) {
        stopJobs([job]);
      }
      if (job.stopAt !== undefined && now - job.stopAt > reapMs && !job.worker?.settled) {
        job.worker?.kill(
          `fio: job '${job.spec.name}' (state=${state}) hasn't exited in ` +
            `${Math.round(reapMs / 1000)} seconds, it appears to be stuck. ` +
            `Doing forceful exit of this job.`,
        );
      }
    }
  };

  const onSignal = (sig: Deno.Signal) => {
    signaled = sig === "SIGINT" ? 2 : 15;
    const text = `\nfio: terminating on signal ${signaled}\n`;
    if (normal) report(text);
    else io.err(text);
    stopAll();
    wake();
  };
  const handlers: [Deno.Signal, () => void][] = opts.signals === false
    ? []
    : [["SIGINT", () => onSignal("SIGINT")], ["SIGTERM", () => onSignal("SIGTERM")]];
  for (const [sig, h] of handlers) Deno.addSignalListener(sig, h);

  try {
    while (jobs.some((j) => j.phase !== "done")) {
      dirty = false;
      // fio creates no further jobs until the batch it started is set up.
      if (!releaseWhenSetUp()) {
        watch();
        await sleep(TICK_MS);
        continue;
      }
      if (softStop) {
        // New jobs wait until the stopped ones are gone, then the flag drops.
        if (jobs.some(active)) {
          watch();
          await sleep(TICK_MS);
          continue;
        }
        softStop = false;
        area.clearStopAll();
      }
      const elapsedUs = (performance.now() - t0) * 1000;
      const next = scan(jobs, elapsedUs);
      for (const i of next.skip) {
        jobs[i].phase = "done";
        jobs[i].result = emptyResult(jobs[i].spec);
        area.setState(jobs[i].slot, RunState.REAPED);
      }
      if (next.start.length) startBatch(next.start.map((i) => jobs[i]));
      const running = jobs.some(active);
      if (next.skip.length || next.start.length) continue;
      if (!running && next.wakeInUs === undefined) {
        // Only jobs waiting for each other are left (a wait_for cycle): run the first.
        const first = jobs.find((j) => j.phase === "pending");
        if (first) startBatch([first]);
        continue;
      }
      watch();
      const delayMs = next.wakeInUs === undefined ? Infinity : Math.ceil(next.wakeInUs / 1000);
      await sleep(running ? Math.min(TICK_MS, delayMs) : delayMs);
    }
  } finally {
    eta?.stop(normal && config.output === undefined);
    status?.stop();
    aggLog?.close();
    for (const [sig, h] of handlers) Deno.removeSignalListener(sig, h);
    if (!opts.leaveIdleWorkers) endIdleWorkers();
  }

  const endMs = Date.now();
  const done = jobs.map((j) => j.result ?? emptyResult(j.spec));
  const results = stampRunEta(area, jobs, done, startTimeMs, endMs);
  const anyIo = anyDiskIo(results);
  const run = buildRunResult(plan, results, anyIo ? disks.finish() : [], startTimeMs, endMs);
  report(renderReports(run, config));
  if (signaled) return SIGNAL_EXIT_CODE;
  return failed ? 1 : 0;
}

/**
 * fio tracks a disk only once a job's files are set up, so a run in which
 * no job got that far prints no disk stats.
 */
function anyDiskIo(results: readonly JobResult[]): boolean {
  return results.some((r) =>
    r.filesSetUp === true || r.dirs.some((d) => d.issuedIos > 0 || d.totalIos > 0)
  );
}

/** Whether a job has been started and has not ended yet. */
function active(job: JobState): boolean {
  return job.phase === "running" || job.phase === "starting";
}

/** What a killed Worker had done, from its thread-area slot. */
function fillFromSlot(job: JobState, area: ThreadArea): void {
  const r = job.result;
  if (!r) return;
  const ms = job.startedAt === undefined ? 0 : Math.round(performance.now() - job.startedAt);
  r.dirs.forEach((d, i) => {
    d.ioBytes = area.slots[area.at(job.slot, Slot.BYTES + i)];
    d.totalIos = area.slots[area.at(job.slot, Slot.IOS + i)];
    d.issuedIos = d.totalIos;
    if (d.ioBytes) d.runtimeMs = ms;
  });
  if (r.dirs.some((d) => d.ioBytes)) r.jobRuntimeMs = ms;
}
