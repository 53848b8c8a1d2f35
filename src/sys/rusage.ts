/**
 * CPU time, context switches and page faults of the calling thread, from
 * getrusage(RUSAGE_THREAD). dfio runs each job in its own Worker thread, so
 * the thread's usage is the job's usage (fio's usr_cpu, sys_cpu, ctx, majf,
 * minf). Read it at job start and end and report the difference.
 */

import { libc, RUSAGE } from "./libc.ts";

/** The fields of struct rusage that fio reports. */
export interface Rusage {
  /** User CPU time in microseconds. */
  userUs: number;
  /** System CPU time in microseconds. */
  sysUs: number;
  /** Voluntary context switches. */
  nvcsw: number;
  /** Involuntary context switches. */
  nivcsw: number;
  /** Minor (reclaim-free) page faults. */
  minflt: number;
  /** Major page faults (needed I/O). */
  majflt: number;
  /** Peak resident set size in KiB (process wide on Linux). */
  maxrssKb: number;
}

// struct rusage on x86-64: two timevals (16 bytes each) then 14 longs.
const RUSAGE_SIZE = 144;
const buf = new BigInt64Array(RUSAGE_SIZE / 8);
const bufPtr = Deno.UnsafePointer.of(buf);

/**
 * Reads getrusage for `who` (default: this thread). Throws if the kernel
 * refuses, which only happens for an invalid `who`.
 */
export function getRusage(who: number = RUSAGE.THREAD): Rusage {
  const rc = libc().getrusage(who | 0, bufPtr);
  if (rc !== 0) throw new Error(`getrusage(${who}) failed`);
  const n = (i: number) => Number(buf[i]);
  return {
    userUs: n(0) * 1e6 + n(1),
    sysUs: n(2) * 1e6 + n(3),
    maxrssKb: n(4),
    minflt: n(8),
    majflt: n(9),
    nvcsw: n(16),
    nivcsw: n(17),
  };
}

/** `end - start` field by field (maxrss keeps the end value). */
export function rusageDelta(start: Rusage, end: Rusage): Rusage {
  return {
    userUs: end.userUs - start.userUs,
    sysUs: end.sysUs - start.sysUs,
    nvcsw: end.nvcsw - start.nvcsw,
    nivcsw: end.nivcsw - start.nivcsw,
    minflt: end.minflt - start.minflt,
    majflt: end.majflt - start.majflt,
    maxrssKb: end.maxrssKb,
  };
}
