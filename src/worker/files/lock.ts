/**
 * fio's `lockfile`: jobs that share a file serialise their I/O to it, one
 * lock per I/O (fio 3.33 interleaves two time_based jobs on one file under
 * `exclusive`; neither waits for the other to finish). `exclusive` lets one
 * I/O at a time at the file; `readwrite` lets reads share it and gives each
 * write (and sync or trim) the file alone.
 *
 * dfio's jobs are Workers, each with its own descriptor for the file, so
 * the lock is flock(2) on that descriptor: the kernel arbitrates between
 * jobs, a job never blocks on itself, and a lock cannot outlive its job
 * (closing the descriptor drops it). fio uses in-process semaphores, which
 * costs less per I/O than the two flock calls here; only a job that sets
 * lockfile pays them. Sync engines only: a queueing engine would hold the
 * lock over I/Os in flight, which dfio does not do yet (refused).
 */

import type { IoEngine, IoUnit } from "../../engines/types.ts";
import { FioError } from "../../errors.ts";
import { stringOption } from "../../job/options.ts";
import type { JobSpec } from "../../job/spec.ts";
import { type Libc, libc } from "../../sys/libc.ts";

/** flock(2) operations. */
export const LOCK = { SH: 1, EX: 2, UN: 8 } as const;

/** The lockfile modes. */
export type LockMode = "none" | "exclusive" | "readwrite";

/** Reads lockfile from `spec`. */
export function readLockMode(spec: JobSpec): LockMode {
  const v = stringOption(spec, "lockfile", "none");
  return v === "exclusive" || v === "readwrite" ? v : "none";
}

/** Per-I/O file locks of one job. */
export class FileLocks {
  private readonly c: Libc;
  /** flock operation for reads; writes, trims and syncs always take EX. */
  private readonly readOp: number;

  constructor(mode: "exclusive" | "readwrite") {
    this.c = libc();
    this.readOp = mode === "readwrite" ? LOCK.SH : LOCK.EX;
  }

  /** Takes the lock for `io` (blocks while another job holds it). */
  lock(io: IoUnit): void {
    this.c.flock(io.file.fd | 0, io.ddir === 0 ? this.readOp : LOCK.EX);
  }

  /** Drops the lock taken for `io`. */
  unlock(io: IoUnit): void {
    this.c.flock(io.file.fd | 0, LOCK.UN);
  }
}

/**
 * The locks of a job running `engine` with `units` io units; null for
 * lockfile=none. Throws the refusal for engines that queue.
 */
export function fileLocks(mode: LockMode, engine: IoEngine, units: number): FileLocks | null {
  if (mode === "none") return null;
  if (!(engine.flags.sync && units >= 1)) {
    throw new FioError(`fio: option 'lockfile' is not supported yet with ioengine=${engine.name}`);
  }
  return new FileLocks(mode);
}
