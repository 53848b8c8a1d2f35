/**
 * SysV shared memory for I/O buffers (fio's `mem=shm` and `mem=shmhuge`).
 *
 * The segment is private (IPC_PRIVATE) and marked for removal right after
 * it is attached: the kernel frees it at the last detach, so a Worker that
 * dies early cannot leak it. fio 3.33 removes its segment only when the job
 * frees its buffers; the only visible difference is `ipcs -m` showing the
 * segment as `dest` while the job runs.
 */

import { FioError } from "../errors.ts";
import { errnoMessage } from "./errno.ts";
import { errno, libc } from "./libc.ts";
import type { NativeBuffer } from "./memory.ts";

/** shmget/shmctl constants for x86-64 Linux. */
export const IPC = { PRIVATE: 0, CREAT: 0o1000, RMID: 0 } as const;
/** shmget flag: back the segment with huge pages. */
export const SHM_HUGETLB = 0o4000;

/** ENOMEM: what shmget(SHM_HUGETLB) returns when the huge page pool is empty. */
const ENOMEM = 12;

/**
 * A job's buffers could not be allocated; the job ends with `errno` and
 * fio's error text (`file:memory.c:78, func=shmget, error=...`), after
 * the `lines` fio prints on stderr.
 */
export class BufferAllocError extends FioError {
  /** errno of the failed call. */
  readonly errno: number;
  /** fio's td_verror text for the job report. */
  readonly text: string;
  /** stderr lines fio prints before the job's error line. */
  readonly lines: readonly string[];

  constructor(err: number, func: string, line: number, lines: readonly string[] = []) {
    const text = `file:memory.c:${line}, func=${func}, error=${errnoMessage(err)}`;
    super(`fio: ${func}: ${errnoMessage(err)}`);
    this.name = "BufferAllocError";
    this.errno = err;
    this.text = text;
    this.lines = lines;
  }
}

/**
 * The size of fio's buffer segment for `bytes` of buffers (`maxBs * depth`,
 * plus the `iomem_align` offset when aligned): fio adds two page masks when
 * buffers must be aligned (direct or iomem_align set) and rounds up to
 * `hugePage` (0: no rounding) for shmhuge. Measured with `ipcs -m` under
 * fio 3.33 (bs=4k, iodepth=2, direct=1: 16382 bytes).
 */
export function shmSegmentSize(bytes: number, needAlign: boolean, hugePage: number): number {
  let size = bytes + (needAlign ? 2 * 4095 : 0);
  if (hugePage > 0) size = Math.ceil(size / hugePage) * hugePage;
  return size;
}

/**
 * Attaches a new private SysV segment of `size` bytes (huge pages when
 * `huge`). Throws BufferAllocError as fio reports a failed shmget/shmat,
 * with fio's hint when the huge page pool is empty.
 */
export function allocShm(size: number, huge: boolean): NativeBuffer {
  if (!(size > 0)) throw new RangeError(`buffer size must be positive, got ${size}`);
  const c = libc();
  const flags = IPC.CREAT | 0o600 | (huge ? SHM_HUGETLB : 0);
  const id = c.shmget(IPC.PRIVATE, BigInt(size), flags);
  if (id < 0) {
    const e = errno();
    const lines: string[] = [];
    if (huge && e === ENOMEM) {
      lines.push("fio: no huge pages available, do you need to allocate some? See HOWTO.");
    }
    throw new BufferAllocError(e, "shmget", 78, lines);
  }
  const p = c.shmat(id, null, 0);
  // shmat reports failure as (void *)-1.
  if (p === null || Deno.UnsafePointer.value(p) === 0xffffffffffffffffn) {
    const e = errno();
    c.shmctl(id, IPC.RMID, null);
    throw new BufferAllocError(e, "shmat", 89);
  }
  c.shmctl(id, IPC.RMID, null);
  const buffer = Deno.UnsafePointerView.getArrayBuffer(p, size);
  let live = true;
  return {
    pointer: p,
    address: BigInt(Deno.UnsafePointer.value(p)),
    size,
    buffer,
    bytes: new Uint8Array(buffer),
    kind: huge ? "shmhuge" : "shm",
    release() {
      if (live) {
        live = false;
        c.shmdt(p);
      }
    },
  };
}

/** Whether the kernel has huge pages to hand out (HugePages_Total > 0). */
export function hugePagesAvailable(): boolean {
  try {
    const m = /^HugePages_Total:\s*(\d+)/m.exec(Deno.readTextFileSync("/proc/meminfo"));
    return m !== null && Number(m[1]) > 0;
  } catch {
    return false;
  }
}
