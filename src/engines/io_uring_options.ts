/**
 * fio's io_uring engine options, read once at engine init, and the ring
 * setup flags they imply.
 */

import { IORING_SETUP } from "../sys/io_uring.ts";
import { optionFlag } from "./types.ts";

/** The io_uring options as the engine uses them. */
export interface UringOptions {
  /** hipri: IORING_SETUP_IOPOLL (completions are polled for). */
  readonly hipri: boolean;
  /** fixedbufs: register the io unit buffers; READ_FIXED/WRITE_FIXED. */
  readonly fixedbufs: boolean;
  /** registerfiles: open and register every file up front; IOSQE_FIXED_FILE. */
  readonly registerfiles: boolean;
  /** sqthread_poll: IORING_SETUP_SQPOLL (a kernel thread submits). */
  readonly sqpoll: boolean;
  /** sqthread_poll_cpu, or -1 when not set (then no SQ_AFF). */
  readonly sqpollCpu: number;
  /**
   * nonvectored as given: -1 (fio's default) means "probe": plain READ/WRITE
   * when the kernel has them, else READV/WRITEV; any other non-zero value
   * forces READ/WRITE; 0 forces READV/WRITEV.
   */
  readonly nonvectored: number;
  /** uncached: RWF_UNCACHED on buffered reads/writes. */
  readonly uncached: boolean;
  /** nowait: RWF_NOWAIT on reads/writes. */
  readonly nowait: boolean;
  /** force_async: IOSQE_ASYNC on every Nth SQE (0: never). */
  readonly forceAsync: number;
}

type Raw = Readonly<Record<string, number | string | boolean>>;

function int(v: number | string | boolean | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v === "boolean") return v ? 1 : 0;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : dflt;
}

/** Reads the io_uring options from a job's option values (fio names). */
export function uringOptions(o: Raw): UringOptions {
  const sqpoll = optionFlag(o.sqthread_poll);
  return {
    hipri: optionFlag(o.hipri),
    fixedbufs: optionFlag(o.fixedbufs),
    // fio: "sqthread submission requires registered files".
    registerfiles: optionFlag(o.registerfiles) || sqpoll,
    sqpoll,
    sqpollCpu: o.sqthread_poll_cpu === undefined ? -1 : int(o.sqthread_poll_cpu, 0),
    nonvectored: int(o.nonvectored, -1),
    uncached: int(o.uncached, 0) !== 0,
    nowait: optionFlag(o.nowait),
    forceAsync: Math.max(0, int(o.force_async, 0)),
  };
}

/**
 * io_uring_setup flags for `opts`, as fio 3.33 asks for them: IOPOLL for
 * hipri, SQPOLL (+SQ_AFF) for sqthread_poll, a CQ sized like the SQ, and
 * COOP_TASKRUN + SINGLE_ISSUER + DEFER_TASKRUN (one submitting thread, task
 * work run only when reaping). dfio adds TASKRUN_FLAG, which fio does not
 * ask for: the kernel then flags pending completion work in the SQ ring, so
 * a submit need not also ask for events when there is none (see the
 * engine's `commit`). Older kernels get fewer through the EINVAL fallbacks
 * in `Ring.create`.
 */
export function setupFlags(opts: UringOptions): number {
  let f = IORING_SETUP.CQSIZE | IORING_SETUP.COOP_TASKRUN | IORING_SETUP.TASKRUN_FLAG |
    IORING_SETUP.SINGLE_ISSUER | IORING_SETUP.DEFER_TASKRUN;
  if (opts.hipri) f |= IORING_SETUP.IOPOLL;
  if (opts.sqpoll) {
    f |= IORING_SETUP.SQPOLL;
    if (opts.sqpollCpu >= 0) f |= IORING_SETUP.SQ_AFF;
  }
  return f;
}

/** fio's roundup_pow2: the ring (and io unit count) for `depth`. */
export function roundupPow2(depth: number): number {
  let n = 1;
  while (n < depth) n *= 2;
  return n;
}
