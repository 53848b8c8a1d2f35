/**
 * What the file-based sync engines share: opening and closing files, the
 * sync and trim directions, and recording an I/O's outcome on its io unit.
 */

import { errnoView, FALLOC_FL, type Libc, O } from "../sys/libc.ts";
import { fstatFd } from "../sys/stat.ts";
import { off64 } from "./offset.ts";
import { DDIR, type EngineFile, type IoUnit } from "./types.ts";

/** How a job wants its files opened (from rw=, direct=, sync=, ...). */
export interface OpenWants {
  /** The job reads. */
  read: boolean;
  /** The job writes. */
  write: boolean;
  /** The job trims (opened read-write like a writer, never created). */
  trim?: boolean;
  /** direct=1: bypass the page cache. */
  direct?: boolean;
  /** sync=1 (O_SYNC) or sync=dsync (O_DSYNC). */
  sync?: false | "sync" | "dsync";
  /** Create the file if missing. */
  create?: boolean;
}

/** open(2) flags for `wants`, as fio chooses them. */
export function openFlags(wants: OpenWants): number {
  // fio opens writers read-write even for write-only jobs (verify reads back).
  let flags = wants.write || wants.trim ? O.RDWR : O.RDONLY;
  if (wants.direct) flags |= O.DIRECT;
  if (wants.sync === "sync") flags |= O.SYNC;
  else if (wants.sync === "dsync") flags |= O.DSYNC;
  if (wants.create && wants.write) flags |= O.CREAT;
  return flags | O.CLOEXEC;
}

/** Opens `f` with its own flags and mode. Returns 0 or a negative errno. */
export function openEngineFile(c: Libc, f: EngineFile): number {
  const fd = c.open(f.cPath, f.flags | 0, f.mode >>> 0);
  if (fd < 0) return -errnoView()[0];
  f.fd = fd;
  f.lastPos = -1;
  const st = fstatFd(fd);
  f.isBlockDevice = typeof st !== "number" && st.isBlockDevice;
  return 0;
}

/** Closes `f` if open. Returns 0 or a negative errno. */
export function closeEngineFile(c: Libc, f: EngineFile): number {
  if (f.fd < 0) return 0;
  const rc = c.close(f.fd);
  f.fd = -1;
  f.lastPos = -1;
  return rc < 0 ? -errnoView()[0] : 0;
}

/**
 * Records a transfer's return value on `io`: bytes moved (resid is the
 * shortfall) or, for -1, the thread's errno as a negative result.
 */
export function finishTransfer(io: IoUnit, ret: number, err: Int32Array): void {
  if (ret < 0) {
    const e = err[0];
    io.result = -e;
    io.error = e;
    io.resid = io.buflen;
    io.file.lastPos = -1;
  } else {
    io.result = ret;
    io.error = 0;
    io.resid = io.buflen - ret;
    io.file.lastPos = io.offset + ret;
  }
}

/** Records a whole-or-nothing operation (sync, trim): 0 moves `buflen`. */
function finishOp(io: IoUnit, rc: number, err: number): void {
  if (rc < 0) {
    io.result = -err;
    io.error = err;
    io.resid = io.buflen;
  } else {
    io.result = io.buflen;
    io.error = 0;
    io.resid = 0;
  }
}

const BLKDISCARD = 0x1277n;

/**
 * Non-transfer directions shared by the sync engines: fsync, fdatasync,
 * sync_file_range over [offset, offset+buflen), and trim. Trim punches a
 * hole (fallocate PUNCH_HOLE|KEEP_SIZE) in a regular file and discards
 * (BLKDISCARD) on a block device.
 */
export class SyncOps {
  private readonly c: Libc;
  private readonly err: Int32Array;
  private readonly range = new BigUint64Array(2);
  private readonly rangeBytes = new Uint8Array(this.range.buffer);
  private readonly sfrFlags: number;

  constructor(c: Libc, syncFileRangeFlags = 0) {
    this.c = c;
    this.err = errnoView();
    this.sfrFlags = syncFileRangeFlags >>> 0;
  }

  /** Performs a non-read/write direction on `io`, setting its outcome. */
  run(io: IoUnit): void {
    const c = this.c;
    const fd = io.file.fd;
    let rc: number;
    switch (io.ddir) {
      case DDIR.SYNC:
        rc = c.fsync(fd);
        break;
      case DDIR.DATASYNC:
        rc = c.fdatasync(fd);
        break;
      case DDIR.SYNC_FILE_RANGE:
        rc = c.sync_file_range(fd, off64(io.offset), off64(io.buflen), this.sfrFlags);
        break;
      case DDIR.TRIM:
        rc = this.trim(io);
        break;
      default:
        rc = -1;
        this.err[0] = 22; // EINVAL: not an operation for this path
    }
    finishOp(io, rc, this.err[0]);
  }

  private trim(io: IoUnit): number {
    if (io.file.isBlockDevice) {
      this.range[0] = BigInt(io.offset);
      this.range[1] = BigInt(io.buflen);
      return this.c.ioctl(io.file.fd, BLKDISCARD, this.rangeBytes);
    }
    return this.c.fallocate(
      io.file.fd,
      FALLOC_FL.PUNCH_HOLE | FALLOC_FL.KEEP_SIZE,
      off64(io.offset),
      off64(io.buflen),
    );
  }
}
