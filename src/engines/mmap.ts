/**
 * mmap: each file is mapped into memory (MAP_SHARED) and I/O is a memcpy
 * between the io unit's buffer and the mapping; sync is msync(MS_SYNC) of
 * the whole mapping, trim punches a hole as the other sync engines do.
 *
 * As fio does: the whole file is mapped on its first I/O; if that mapping
 * fails, a window of 1 GiB / nrfiles starting at the I/O's offset is mapped
 * instead and moved when an I/O falls outside it. Protection follows how the
 * file was opened (read-write or read-only); `fadvise_hint` advises
 * sequential or random access on each mapping; `thp` asks for transparent
 * huge pages with madvise(MADV_HUGEPAGE) and then maps privately, as fio
 * does; with direct=1 every transfer is followed by msync(MS_SYNC) and
 * posix_madvise(DONTNEED) of its range ("not really direct", says fio).
 * A file is never extended: file setup lays it out at its full size first.
 */

import { errnoView, type Libc, libc, MAP, O, pageSize, PROT } from "../sys/libc.ts";
import { closeEngineFile, openEngineFile, SyncOps } from "./fileops.ts";
import { off64, u64 } from "./offset.ts";
import { SYNC_FLAGS } from "./syncbase.ts";
import {
  DDIR,
  type EngineFile,
  type EngineFlags,
  type EngineInit,
  type EngineSetupFailure,
  type IoEngine,
  type IoUnit,
  optionFlag,
  Q,
  type QueueStatus,
} from "./types.ts";

/** msync flag: write back and wait. */
export const MS_SYNC = 4;
/** madvise advice asking for transparent huge pages. */
export const MADV_HUGEPAGE = 14;
/** posix_madvise advice: random access (little readahead). */
export const POSIX_MADV_RANDOM = 1;
/** posix_madvise advice: sequential access (aggressive readahead). */
export const POSIX_MADV_SEQUENTIAL = 2;
/** posix_madvise advice: the range will not be needed soon. */
export const POSIX_MADV_DONTNEED = 4;
/** The address space fio spreads over a job's files when it cannot map a whole file. */
export const MMAP_TOTAL_SZ = 1024 * 1024 * 1024;

const EINVAL = 22;
const SEEK_END = 2;

/** One file's current mapping. */
class Mapping {
  /** Start address (0n: none), as the BigInt FFI calls take. */
  addr = 0n;
  pointer: Deno.PointerObject | null = null;
  /** [0] file offset of the mapping, [1] its length. */
  readonly range = new Float64Array(2);
}

/** The mmap engine. */
export class MmapEngine implements IoEngine {
  /** Name as given to `ioengine=`. */
  readonly name = "mmap";
  /** A synchronous file engine. */
  readonly flags: EngineFlags = SYNC_FLAGS;
  private readonly c: Libc;
  private readonly err: Int32Array;
  private ops: SyncOps;
  private thp = false;
  /** posix_madvise advice for each new mapping (fadvise_hint), or -1: none. */
  private advice = -1;
  private windowSize = MMAP_TOTAL_SZ;
  private readonly maps = new Map<EngineFile, Mapping>();
  private lastFile: EngineFile | null = null;
  private last: Mapping = new Mapping();
  private initFailure: EngineSetupFailure | null = null;

  constructor() {
    this.c = libc();
    this.err = errnoView();
    this.ops = new SyncOps(this.c);
  }

  /**
   * Reads `thp` and the file count (for the fallback window size), and
   * applies fio's check: with direct=1, fsync or fdatasync the block size
   * must be a multiple of the page size (the failure is reported by
   * `postInit`, as fio reports a failed engine init).
   */
  init(init: EngineInit): number {
    const o = init.options;
    const minBs = init.rwMinBs ?? 4096;
    const page = pageSize();
    this.initFailure = (minBs & (page - 1)) !== 0 &&
        (optionFlag(o.direct) || optionFlag(o.fsync) || optionFlag(o.fdatasync))
      ? {
        lines: [
          `fio: mmap options dictate a minimum block size of ${page} bytes`,
          // fio suggests a lower depth only when the depth is above one.
          `fio: io engine mmap init failed.${
            init.iodepth > 1 ? " Perhaps try reducing io depth?" : ""
          }`,
        ],
        errno: 1,
        text: "",
      }
      : null;
    this.ops = new SyncOps(this.c, init.syncFileRangeFlags ?? 0);
    this.thp = o.thp !== undefined && Number(o.thp) !== 0;
    const hint = String(o.fadvise_hint ?? "1");
    this.advice = hint === "0"
      ? -1
      : hint === "random" || (hint !== "sequential" && init.randomIo === true)
      ? POSIX_MADV_RANDOM
      : POSIX_MADV_SEQUENTIAL;
    const nr = Math.max(1, Number(o.nrfiles ?? 1) | 0);
    this.windowSize = Math.floor(MMAP_TOTAL_SZ / nr);
    return 0;
  }

  /** Reports the block size check of `init` the way fio reports it. */
  postInit(): EngineSetupFailure | null {
    return this.initFailure;
  }

  /** Opens `f` with its flags. */
  openFile(f: EngineFile): number {
    return openEngineFile(this.c, f);
  }

  /** Unmaps, then closes `f`. */
  closeFile(f: EngineFile): number {
    const m = this.maps.get(f);
    if (m !== undefined) {
      this.unmap(m);
      this.maps.delete(f);
    }
    if (this.lastFile === f) this.lastFile = null;
    return closeEngineFile(this.c, f);
  }

  private unmap(m: Mapping): void {
    if (m.pointer !== null) this.c.munmap(m.pointer, BigInt(m.range[1]));
    m.pointer = null;
    m.addr = 0n;
    m.range[0] = 0;
    m.range[1] = 0;
  }

  // Maps [off, off+len) of `f`; 0 or an errno.
  private map(f: EngineFile, m: Mapping, off: number, len: number): number {
    const rw = (f.flags & 3) !== O.RDONLY;
    const prot = rw ? PROT.READ | PROT.WRITE : PROT.READ;
    const p = this.c.mmap(
      null,
      BigInt(len),
      prot,
      this.thp ? MAP.PRIVATE : MAP.SHARED,
      f.fd,
      BigInt(off),
    );
    const a = p === null ? 0n : BigInt(Deno.UnsafePointer.value(p));
    if (p === null || a === 0xffffffffffffffffn) return this.err[0] || EINVAL;
    if (this.thp) this.c.madvise(p, BigInt(len), MADV_HUGEPAGE);
    if (this.advice >= 0) this.c.posix_madvise(a, BigInt(len), this.advice);
    // fio advises DONTNEED on a fresh mapping (glibc makes it a no-op).
    this.c.posix_madvise(a, BigInt(len), POSIX_MADV_DONTNEED);
    m.pointer = p;
    m.addr = a;
    m.range[0] = off;
    m.range[1] = len;
    return 0;
  }

  // fio's prep: reuse the mapping when the I/O fits, else map the whole
  // file, else a window at the I/O. Returns 0 or an errno.
  private prep(io: IoUnit, m: Mapping): number {
    const off = io.offset, end = off + io.buflen, r = m.range;
    if (m.pointer !== null && off >= r[0] && end <= r[0] + r[1]) return 0;
    if (m.pointer !== null) this.unmap(m);
    const size = Number(this.c.lseek64(io.file.fd, 0n, SEEK_END));
    if (!(size >= end)) return EINVAL;
    if (size > 0 && this.map(io.file, m, 0, size) === 0) return 0;
    if (io.buflen > this.windowSize) return 5; // EIO: "bs too big for mmap engine"
    const len = Math.min(this.windowSize, size - off);
    return this.map(io.file, m, off, len);
  }

  private mappingOf(f: EngineFile): Mapping {
    if (f === this.lastFile) return this.last;
    let m = this.maps.get(f);
    if (m === undefined) {
      m = new Mapping();
      this.maps.set(f, m);
    }
    this.lastFile = f;
    this.last = m;
    return m;
  }

  /** Copies between the unit buffer and the mapping, or syncs/trims. */
  queue(io: IoUnit): QueueStatus {
    const d = io.ddir;
    io.result = io.buflen;
    io.resid = 0;
    io.error = 0;
    if (d === DDIR.READ || d === DDIR.WRITE) {
      const m = this.mappingOf(io.file);
      const e = this.prep(io, m);
      if (e !== 0) return this.failed(io, e);
      const at = BigInt.asUintN(64, m.addr + off64(io.offset - m.range[0]));
      if (d === DDIR.READ) this.c.memcpy(io.bufAddr, at, u64(io.buflen));
      else this.c.memcpy(at, io.bufAddr, u64(io.buflen));
      if ((io.file.flags & O.DIRECT) !== 0) {
        if (this.c.msync(at, u64(io.buflen), MS_SYNC) < 0) return this.failed(io, this.err[0]);
        const rc = this.c.posix_madvise(at, u64(io.buflen), POSIX_MADV_DONTNEED);
        if (rc !== 0) return this.failed(io, rc);
      }
    } else if (d === DDIR.TRIM) {
      this.ops.run(io);
    } else {
      const m = this.mappingOf(io.file);
      if (m.pointer !== null && this.c.msync(m.addr, BigInt(m.range[1]), MS_SYNC) < 0) {
        return this.failed(io, this.err[0]);
      }
    }
    return Q.COMPLETED;
  }

  private failed(io: IoUnit, e: number): QueueStatus {
    io.error = e;
    io.result = -e;
    io.resid = io.buflen;
    return Q.COMPLETED;
  }

  /** Nothing is ever pending. */
  commit(): number {
    return 0;
  }

  /** Nothing is ever pending. */
  getEvents(_min: number, _max: number, _timeoutNs: number): number {
    return 0;
  }

  /** Never called: no events. */
  event(_i: number): IoUnit {
    throw new Error("mmap: no events to reap");
  }

  /** Unmaps whatever is still mapped. */
  cleanup(): void {
    for (const m of this.maps.values()) this.unmap(m);
    this.maps.clear();
    this.lastFile = null;
  }
}
