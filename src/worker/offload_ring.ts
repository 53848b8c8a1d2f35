/**
 * The shared memory between a job's Worker and its submit Workers
 * (io_submit_mode=offload): one Int32 control area holding the completion
 * ring and one submission ring per submit Worker, plus per-unit descriptor
 * words (Int32 and Float64). A unit belongs to exactly one side at a time:
 * the job writes its descriptor and pushes its index to a worker's ring; the
 * worker does the I/O, writes the outcome and pushes the index to the
 * completion ring. The ring index stores (Atomics) order the plain
 * descriptor writes before them, so neither side ever reads a half-written
 * unit. Nothing here allocates per I/O.
 */

import { libc } from "../sys/libc.ts";

/** Control words before the completion ring. */
export const C = {
  /** Bumped after every completion is published (the job waits on it). */
  SEQ: 0,
  /** 1 while the job sleeps on SEQ (workers only notify then). */
  WAITING: 1,
  /** Next completion slot to reserve (workers, Atomics.add). */
  TAIL: 2,
  /** Words before the completion ring. */
  HEADER: 8,
} as const;

/** Words of each submit Worker's block, before its ring. */
export const W = {
  /** Next slot the worker takes (written by the worker). */
  HEAD: 0,
  /** Next slot the job fills (written by the job; the worker waits on it). */
  TAIL: 1,
  /** 1 while the worker sleeps on TAIL (the job only notifies then). */
  IDLE: 2,
  /** Set by the job: the worker must exit. */
  STOP: 3,
  /** Set by the worker once its libc and engine are ready (1) or failed (-1). */
  READY: 4,
  /** Words before the ring. */
  HEADER: 8,
} as const;

/** Int32 descriptor words of one unit. */
export const U = {
  DDIR: 0,
  FD: 1,
  BUFLEN: 2,
  IS_BLOCK: 3,
  RESULT: 4,
  RESID: 5,
  ERROR: 6,
  /** The file's open(2) flags (engines whose workers reopen the file). */
  FLAGS: 7,
  /** Which opening of the descriptor number this is (same engines). */
  GEN: 8,
  /** The I/O's priority as the job chose it (cmdprio engines). */
  IOPRIO: 9,
  /** Its cmdprio stats index; 0: the job's own priority. */
  PRIO_INDEX: 10,
  STRIDE: 12,
} as const;

/** Float64 descriptor words of one unit. */
export const F = {
  OFFSET: 0,
  /** When the worker started the syscall, ns on the run's clock. */
  ISSUE_NS: 1,
  /** When the syscall returned, ns. */
  DONE_NS: 2,
  STRIDE: 4,
} as const;

/** The shared buffers of one job's offload, as posted to each worker. */
export interface OffloadShared {
  readonly ctl: SharedArrayBuffer;
  readonly ints: SharedArrayBuffer;
  readonly floats: SharedArrayBuffer;
  /** Units (also the submit Workers' count). */
  readonly units: number;
  /** Ring capacity (power of two >= units). */
  readonly cap: number;
  /** Submit Workers. */
  readonly workers: number;
}

/** Smallest power of two >= n. */
function pow2(n: number): number {
  let c = 1;
  while (c < n) c *= 2;
  return c;
}

/** Allocates the shared buffers for `units` io units and `workers` submit Workers. */
export function allocShared(units: number, workers: number): OffloadShared {
  const cap = pow2(units);
  const words = C.HEADER + cap + workers * (W.HEADER + cap);
  return {
    ctl: new SharedArrayBuffer(words * 4),
    ints: new SharedArrayBuffer(units * U.STRIDE * 4),
    floats: new SharedArrayBuffer(units * F.STRIDE * 8),
    units,
    cap,
    workers,
  };
}

/** Index of worker `w`'s block in the control area. */
export function workerBase(s: { cap: number }, w: number): number {
  return C.HEADER + s.cap + w * (W.HEADER + s.cap);
}

/** How many polls of a shared word before sleeping on it (a few microseconds). */
export const SPIN = 2000;

/**
 * Polls between two yields of the CPU while spinning: the job and its
 * submit Workers often outnumber the CPUs, and a spinning thread would
 * otherwise hold a CPU the thread it waits for needs (measured: 2-4x the
 * IOPS of a pure spin on 2 busy CPUs).
 */
export const YIELD_MASK = 63;

const SYS_SCHED_YIELD = 24n;

/** sched_yield(2) for the calling thread. */
export function yieldCpu(): void {
  libc().syscall_i32(SYS_SCHED_YIELD, 0n, 0n, 0n, 0n, 0n, 0n);
}

/** Longest single sleep on a shared word, ms (every wait has a timeout). */
export const WAIT_MS = 200;

/**
 * Worker side: publishes unit `u` as complete and wakes the job if it
 * sleeps. Slots are reserved with Atomics.add, so several workers may
 * publish at once; the job reads them in reservation order.
 */
export function publishCompletion(ctl: Int32Array, mask: number, u: number): void {
  const slot = Atomics.add(ctl, C.TAIL, 1);
  Atomics.store(ctl, C.HEADER + (slot & mask), u + 1);
  Atomics.add(ctl, C.SEQ, 1);
  if (Atomics.load(ctl, C.WAITING) !== 0) Atomics.notify(ctl, C.SEQ);
}
