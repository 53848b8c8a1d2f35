/**
 * One job's Worker as the coordinator drives it: start it with its
 * StartMessage, pass its log lines and its INITIALIZED report on (the
 * release itself goes through the thread area), and turn whatever ends it
 * (a result, a failure message, an uncaught error, a module that does not
 * load) into one outcome, so a broken Worker never takes the coordinator
 * down.
 */
import type { JobSpec } from "../job/spec.ts";
import type { JobResult } from "../stats/result.ts";
import type { LogMessage, StartMessage, WorkerMessage } from "../worker/protocol.ts";
import type { CrashMessage } from "./worker_host.ts";

/** How a job's Worker ended. */
export type JobOutcome =
  | { readonly kind: "done"; readonly result: JobResult }
  /** The Worker reported that the job could not run (a `fio: ...` line). */
  | { readonly kind: "fail"; readonly message: string }
  /** The Worker died (uncaught error, module load failure, forced stop). */
  | { readonly kind: "crash"; readonly message: string };

/** The job module as written: src/worker/job.ts and the modules it imports. */
export const JOB_WORKER_URL = new URL("../worker/job.ts", import.meta.url);

let bundle: URL | null = null;

/**
 * Makes `jobWorkerUrl` answer `url`, a bundle of the job module (the
 * compiled binary's entry, main_bundled.ts, names the one it carries).
 */
export function useJobBundle(url: URL): void {
  bundle = url;
}

/**
 * The module every job runs in: a one-file bundle of JOB_WORKER_URL when
 * there is one (set by `useJobBundle`, or by the launcher through
 * DFIO_JOB_BUNDLE, the absolute path of the build/job.js that scripts/bundle
 * keeps fresh), else JOB_WORKER_URL. Why bundle: each job's Worker loads the
 * whole graph itself. Measured with 16 Workers on 2 CPUs: 25 ms of CPU each
 * for the source modules (179 then), 6 ms for the one bundled module (a
 * bare Worker costs 12 ms); 64 null jobs reach their first I/O after 1.5 s
 * instead of 2.1 s, 16 jobs after 0.48 s instead of 0.63 s.
 */
export function jobWorkerUrl(): URL {
  if (bundle !== null) return bundle;
  let path: string | undefined;
  try {
    path = Deno.env.get("DFIO_JOB_BUNDLE");
  } catch {
    path = undefined;
  }
  if (!path?.startsWith("/")) return JOB_WORKER_URL;
  // The pathname setter escapes `#`, `?` and spaces but takes `%` as the
  // start of an escape, so that is escaped first.
  const url = new URL("file:///");
  url.pathname = path.replaceAll("%", "%25");
  return url;
}

/** The module each Worker starts with; it loads the job module (see worker_host.ts). */
const HOST_URL = new URL("./worker_host.ts", import.meta.url);

/**
 * What a JobWorker needs besides the spec: the StartMessage fields it
 * posts, plus where the Worker module is and who hears its messages.
 */
export interface JobWorkerOptions extends Omit<StartMessage, "type" | "spec"> {
  /** Worker module (tests pass a stand-in). */
  readonly url: URL;
  /** Called for every log line the Worker posts. */
  readonly onLog: (msg: LogMessage) => void;
  /** Called when the job reports it is set up and waits for its release. */
  readonly onInitialized: () => void;
  /** Called with each status snapshot the Worker posts (--status-interval, SIGUSR1). */
  readonly onStatus?: (request: number, result: JobResult) => void;
}

/** A running job Worker. */
export class JobWorker {
  /** Settles once, with how the Worker ended. */
  readonly finished: Promise<JobOutcome>;
  readonly #worker: Worker;
  #settle!: (o: JobOutcome) => void;
  #settled = false;

  constructor(readonly spec: JobSpec, opts: JobWorkerOptions) {
    this.finished = new Promise((resolve) => (this.#settle = resolve));
    const crashed = (text: string) =>
      this.#end({
        kind: "crash",
        message: `fio: job '${spec.name}' (job ${spec.jobNumber}) failed: ${text}`,
      });
    this.#worker = new Worker(HOST_URL, { type: "module", name: opts.url.href });
    this.#worker.onmessage = (ev: MessageEvent<WorkerMessage | CrashMessage>) => {
      const msg = ev.data;
      if (!msg || typeof msg !== "object") return;
      if (msg.type === "log") opts.onLog(msg);
      else if (msg.type === "initialized") opts.onInitialized();
      else if (msg.type === "status") opts.onStatus?.(msg.request, msg.result);
      else if (msg.type === "done") this.#end({ kind: "done", result: msg.result });
      else if (msg.type === "fail") this.#end({ kind: "fail", message: msg.message });
      else if (msg.type === "crash") crashed(msg.message);
    };
    this.#worker.onerror = (ev: ErrorEvent) => {
      // Only the host itself can end up here; handled, so the process lives on.
      ev.preventDefault();
      crashed(String(ev.message ?? "unknown error").split("\n")[0]);
    };
    this.#worker.onmessageerror = () => {
      this.#end({
        kind: "crash",
        message: `fio: job '${spec.name}' (job ${spec.jobNumber}) sent an unreadable message`,
      });
    };
    const start: StartMessage = {
      type: "start",
      spec,
      threadArea: opts.threadArea,
      slot: opts.slot,
      runStartMs: opts.runStartMs,
      groupJobs: opts.groupJobs,
      normalOutput: opts.normalOutput,
      setupAfter: opts.setupAfter,
      batch: opts.batch,
      flow: opts.flow ?? null,
      auxPath: opts.auxPath,
      cpuNsPerTick: opts.cpuNsPerTick ?? null,
    };
    this.#worker.postMessage(start);
  }

  /** Whether the Worker has ended. */
  get settled(): boolean {
    return this.#settled;
  }

  /** Kills the Worker now; the outcome becomes a crash with `message` if still open. */
  kill(message: string): void {
    this.#end({ kind: "crash", message });
  }

  #end(outcome: JobOutcome): void {
    if (this.#settled) return;
    this.#settled = true;
    // A Worker that reported its end is idle: ending it can wait (see idle).
    if (outcome.kind === "crash") this.#worker.terminate();
    else idle.push(this.#worker);
    this.#settle(outcome);
  }
}

/**
 * Workers whose job has ended. Terminating a Worker frees its isolate's
 * memory a page range at a time (madvise), and each call makes the kernel
 * interrupt every other CPU running one of the process's threads to flush
 * its TLB, a VM exit apiece on a virtual machine: ending 64 jobs that way
 * took 2.3 s against 0.2 s for leaving them to the process exit, which
 * frees everything at once. So they wait for the next batch of jobs
 * (`endIdleWorkers`) or for the process to end.
 */
const idle: Worker[] = [];

/** Terminates the Workers of every job that has ended (see `idle`). */
export function endIdleWorkers(): void {
  for (const w of idle.splice(0)) w.terminate();
}

/** How many ended jobs' Workers are still alive (tests). */
export function idleWorkerCount(): number {
  return idle.length;
}
