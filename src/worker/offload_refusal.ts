/**
 * io_uring with io_submit_mode=offload fails in fio 3.33 itself: each
 * submit thread's engine load refuses it, the workqueue cannot start and the
 * job ends with ESRCH before any I/O. dfio reports the same failure through
 * the job engine's setup check (EngineSetupFailure), so the job, its error
 * and its JSON look as fio's.
 */

import type {
  EngineFile,
  EngineFlags,
  EngineSetupFailure,
  IoEngine,
  IoUnit,
  QueueStatus,
} from "../engines/types.ts";

/** Engines fio 3.33 refuses to run on its submit threads. */
export const FIO_REFUSES_OFFLOAD: ReadonlySet<string> = new Set(["io_uring"]);

/**
 * fio's report of the failed workqueue: one refusal per submit thread
 * (`workers`: the job's io unit count, io_uring's iodepth rounded up to a
 * power of two, as fio's), then the job's error.
 */
export function offloadRefusal(engine: string, workers: number): EngineSetupFailure {
  const lines: string[] = [];
  for (let i = 0; i < workers; i++) {
    lines.push(`${engine}: can't be used with offloaded submit. Use a sync engine`);
    lines.push("fio: failed to load engine");
  }
  lines.push("Can't create rate workqueue");
  return {
    lines,
    errno: 3,
    text: "file:workqueue.c:370, func=workqueue_init, error=No such process",
  };
}

/** The job's engine, failing its setup check with `failure` (no I/O runs). */
export class RefusedOffload implements IoEngine {
  /** The job's engine name. */
  readonly name: string;
  /** The job engine's flags. */
  readonly flags: EngineFlags;
  private readonly inner: IoEngine;
  private readonly failure: EngineSetupFailure;

  constructor(inner: IoEngine, failure: EngineSetupFailure) {
    this.inner = inner;
    this.name = inner.name;
    this.flags = inner.flags;
    this.failure = failure;
  }

  /** The job's engine was initialised already. */
  init(): number {
    return 0;
  }

  /**
   * The job engine's own setup failure (fio sets its engine up before the
   * workqueue), else the workqueue's.
   */
  postInit(units: readonly IoUnit[], files: readonly EngineFile[]): EngineSetupFailure {
    return this.inner.postInit?.(units, files) ?? this.failure;
  }

  /** Opens with the job's engine. */
  openFile(f: EngineFile): number {
    return this.inner.openFile(f);
  }

  /** Closes with the job's engine. */
  closeFile(f: EngineFile): number {
    return this.inner.closeFile(f);
  }

  /** Never reached (setup fails); the job's engine would run it. */
  queue(io: IoUnit): QueueStatus {
    return this.inner.queue(io);
  }

  /** Never reached (setup fails). */
  commit(): number {
    return this.inner.commit();
  }

  /** Never reached (setup fails). */
  getEvents(min: number, max: number, timeoutNs: number): number {
    return this.inner.getEvents(min, max, timeoutNs);
  }

  /** Never reached (setup fails). */
  event(i: number): IoUnit {
    return this.inner.event(i);
  }

  /** Cleans up the job's engine. */
  cleanup(): void {
    this.inner.cleanup();
  }
}
