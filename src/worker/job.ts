/**
 * The Worker entry module of a job. The coordinator starts it with
 * `new Worker(new URL("../worker/job.ts", import.meta.url), { type: "module" })`,
 * posts one StartMessage and waits for a DoneMessage (or a FailMessage when
 * the job cannot run at all); LogMessages carry the lines the job prints,
 * and an InitializedMessage says the job is set up and waits for its
 * release in the thread area.
 */

import { FioError } from "../errors.ts";
import { allocateBuffers } from "./buffers.ts";
import {
  closeJobFile,
  finishJobFiles,
  loopJobFiles,
  openJobFile,
  setupJobFiles,
} from "./files/setup.ts";
import type {
  DoneMessage,
  FailMessage,
  InitializedMessage,
  LogMessage,
  StartMessage,
  StatusMessage,
} from "./protocol.ts";
import type { JobResult } from "../stats/result.ts";
import { type FilesApi, type LogFn, runJob } from "./run_job.ts";
import { loadDigests } from "./verify/checksums/digests.ts";
import { needsDigests } from "./verify/checksums/index.ts";
import { stringOption } from "../job/options.ts";

/** The real file setup (src/worker/files/setup.ts, src/worker/buffers.ts). */
export const FILES_API: FilesApi = {
  setupJobFiles,
  openJobFile,
  closeJobFile,
  finishJobFiles,
  loopJobFiles,
  allocateBuffers,
};

// deno-lint-ignore no-explicit-any
const scope = globalThis as any;

function post(
  msg: DoneMessage | FailMessage | LogMessage | InitializedMessage | StatusMessage,
): void {
  scope.postMessage(msg);
}

const log: LogFn = (stream, text) => post({ type: "log", stream, text });

function start(msg: StartMessage): void {
  try {
    const ctx = {
      ...msg,
      onInitialized: () => post({ type: "initialized" }),
      onStatus: (request: number, result: JobResult) => post({ type: "status", request, result }),
    };
    const result = runJob(msg.spec, ctx, FILES_API, log);
    post({ type: "done", result });
  } catch (e) {
    fail(e);
  }
}

function fail(e: unknown): void {
  const message = e instanceof FioError
    ? e.message
    : `fio: ${e instanceof Error ? e.message : String(e)}`;
  post({ type: "fail", message });
}

// Only as a Worker: importing this module elsewhere (tests, deno check) does nothing.
if (typeof scope.WorkerGlobalScope !== "undefined" && scope instanceof scope.WorkerGlobalScope) {
  scope.onmessage = (ev: MessageEvent<StartMessage>) => {
    const msg = ev.data;
    if (msg?.type !== "start") return;
    // The job runs synchronously to its end, so a digest its verify method
    // computes through node:crypto must be loaded before (see digests.ts).
    if (!needsDigests(stringOption(msg.spec, "verify", "0"))) start(msg);
    else loadDigests().then(() => start(msg), fail);
  };
}
