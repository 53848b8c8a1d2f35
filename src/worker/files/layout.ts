/**
 * Laying out files, pre-reading them and dropping their cache, as fio 3.33
 * does (measured with `--debug=file` and by inspecting the files):
 *
 * - A file to extend is unlinked first when the job reads (or writes with
 *   `overwrite=1`): it is then rewritten in full, fallocated, truncated to
 *   size and filled with write buffers (fio's random data, or zeros/pattern
 *   per the buffer options), then fsynced (`create_fsync`). A write-only job
 *   without `overwrite` also unlinks and recreates it, but only fallocates:
 *   the job's own writes fill it (fallocate=none/keep leave it empty).
 * - `fallocate`: none/0 nothing, native fallocate(2), posix/1
 *   posix_fallocate(3), keep fallocate with KEEP_SIZE, truncate ftruncate(2).
 * - Cache invalidation: posix_fadvise(DONTNEED) over the region for regular
 *   files, BLKFLSBUF for block devices, nothing for character devices; a
 *   failure is only reported, never fatal.
 */

import { errnoMessage } from "../../sys/errno.ts";
import { cPath, errno, FALLOC_FL, libc, O, POSIX_FADV } from "../../sys/libc.ts";
import { allocAligned } from "../../sys/memory.ts";
import type { BufferContents } from "../buffers.ts";
import { FileSetupError } from "./errors.ts";
import type { FileKind } from "./sizes.ts";

const ENOENT = 2;
const EFBIG = 27;
const ENOSPC = 28;
const EIO = 5;
const BLKFLSBUF = 0x1261n;

// posix_fallocate is not in the shared libc table; a private handle keeps
// this module self-contained.
let extra:
  | Deno.DynamicLibrary<{
    posix_fallocate: { parameters: ["i32", "i64", "i64"]; result: "i32" };
  }>
  | undefined;

function posixFallocate(fd: number, len: number): number {
  extra ??= Deno.dlopen("libc.so.6", {
    posix_fallocate: { parameters: ["i32", "i64", "i64"], result: "i32" },
  });
  return extra.symbols.posix_fallocate(fd, 0n, BigInt(len));
}

/** fio's `fallocate=` values, normalised. */
export type FallocateMode = "none" | "native" | "posix" | "keep" | "truncate";

/** Maps the option's keyword (including the numeric aliases) to a mode. */
export function fallocateMode(v: string): FallocateMode {
  switch (v) {
    case "0":
    case "none":
      return "none";
    case "1":
    case "posix":
      return "posix";
    case "keep":
      return "keep";
    case "truncate":
      return "truncate";
    default:
      return "native";
  }
}

/** fio 3.33's filesetup.c lines for the setup calls it reports (measured). */
const VERROR_LINE: Readonly<Record<string, number>> = { unlink: 150, open: 174, fstat: 455 };

/** A td_verror-style failure of a setup system call, named as fio 3.33 names it. */
export function verror(err: number, func: string): FileSetupError {
  const line = VERROR_LINE[func] ?? 240;
  return new FileSetupError(
    `fio: pid=0, err=${err}/file:filesetup.c:${line}, func=${func}, error=${errnoMessage(err)}`,
    { errno: err, func },
  );
}

/** Allocates space for the first `size` bytes of `fd` per `mode` (never fatal). */
export function fallocateFile(fd: number, size: number, mode: FallocateMode): void {
  if (size <= 0) return;
  const c = libc();
  switch (mode) {
    case "native":
      c.fallocate(fd, 0, 0n, BigInt(size));
      break;
    case "keep":
      c.fallocate(fd, FALLOC_FL.KEEP_SIZE, 0n, BigInt(size));
      break;
    case "posix":
      posixFallocate(fd, size);
      break;
    case "truncate":
      c.ftruncate(fd, BigInt(size));
      break;
    case "none":
      break;
  }
}

/** How to lay out one file. */
export interface LayoutPlan {
  /** Path. */
  readonly path: string;
  /** Size the file must have. */
  readonly size: number;
  /** The job reads (forces a full rewrite). */
  readonly reads: boolean;
  /** The job writes. */
  readonly writes: boolean;
  /** `overwrite`. */
  readonly overwrite: boolean;
  /** `file_append`. */
  readonly fileAppend: boolean;
  /** `allow_file_create`. */
  readonly allowCreate: boolean;
  /** `fallocate`. */
  readonly fallocate: FallocateMode;
  /** `create_fsync`. */
  readonly createFsync: boolean;
  /** Largest write block size: the layout write size. */
  readonly writeBs: number;
  /** Where the data comes from. */
  readonly contents: BufferContents;
  /** fio's informational lines (stdout). */
  readonly info: (line: string) => void;
}

/** Creates or extends a file to `plan.size` the way fio lays files out. */
export function layOutFile(plan: LayoutPlan): void {
  const c = libc();
  const path = cPath(plan.path);
  const fullWrite = plan.reads || (plan.writes && plan.overwrite && !plan.fileAppend);
  const recreate = plan.writes && !plan.overwrite && !plan.fileAppend;
  if ((fullWrite || recreate) && c.unlink(path) < 0) {
    const e = errno();
    if (e !== ENOENT) throw verror(e, "unlink");
  }
  let flags = O.WRONLY | O.CLOEXEC;
  if (plan.allowCreate) flags |= O.CREAT;
  if (fullWrite) flags |= O.TRUNC;
  const fd = c.open(path, flags, 0o644);
  if (fd < 0) {
    const e = errno();
    if (e === ENOENT && !plan.allowCreate) {
      throw new FileSetupError("fio: file creation disallowed by allow_file_create=0", {
        errno: e,
        func: "open",
        jobError: 0,
      });
    }
    throw verror(e, "open");
  }
  try {
    fallocateFile(fd, plan.size, plan.fallocate);
    if (!fullWrite) return;
    if (c.ftruncate(fd, BigInt(plan.size)) < 0) {
      const e = errno();
      if (e !== EFBIG) throw verror(e, "ftruncate");
    }
    writeLayout(fd, plan);
    if (plan.createFsync && c.fsync(fd) < 0) throw verror(errno(), "fsync");
  } finally {
    c.close(fd);
  }
}

function writeLayout(fd: number, plan: LayoutPlan): void {
  const c = libc();
  const bs = Math.max(1, Math.min(plan.writeBs, plan.size));
  if (plan.size === 0) return;
  const buf = allocAligned(bs, 4096);
  try {
    let left = plan.size;
    while (left > 0) {
      const n = Math.min(bs, left);
      plan.contents.fill(buf.bytes, n);
      const r = c.write(fd, buf.address, BigInt(n));
      if (r > 0) {
        left -= r;
        continue;
      }
      if (r < 0) {
        const e = errno();
        if (e === ENOSPC || e === EFBIG) plan.info("fio: ENOSPC on laying out file, stopping");
        throw verror(e, "write");
      }
      throw verror(EIO, "write");
    }
  } finally {
    buf.release();
  }
}

/**
 * Drops the page cache of [offset, offset+len) of the file open on `fd`.
 * Returns 0 or the errno of the failure (fio only reports it).
 */
export function invalidateRegion(fd: number, kind: FileKind, offset: number, len: number): number {
  const c = libc();
  if (kind === "file") {
    return c.posix_fadvise(fd, BigInt(offset), BigInt(len), POSIX_FADV.DONTNEED);
  }
  if (kind === "block") {
    if (c.ioctl(fd, BLKFLSBUF, new Uint8Array(8)) < 0) return errno();
  }
  return 0;
}

/** fio's report of a failed invalidation. */
export function invalidationFailed(name: string, err: number): string {
  return `fio: cache invalidation of ${name} failed: ${errnoMessage(err)}`;
}

/**
 * Reads [offset, offset+len) of `path` once so it sits in the page cache
 * (`pre_read`), in `bs` chunks through a buffered descriptor.
 */
export function preReadFile(path: string, offset: number, len: number, bs: number): void {
  if (len <= 0) return;
  const c = libc();
  const fd = c.open(cPath(path), O.RDONLY | O.CLOEXEC, 0);
  if (fd < 0) throw verror(errno(), "open");
  const size = Math.max(1, Math.min(bs, len));
  const buf = allocAligned(size, 4096);
  try {
    let pos = offset;
    let left = len;
    while (left > 0) {
      const n = Math.min(size, left);
      const r = c.pread(fd, buf.address, BigInt(n), BigInt(pos));
      if (r !== n) throw verror(r < 0 ? errno() : EIO, "pre_read");
      pos += n;
      left -= n;
    }
  } finally {
    buf.release();
    c.close(fd);
  }
}
