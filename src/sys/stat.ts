/**
 * File type, size and allocation of an open descriptor (statx with
 * AT_EMPTY_PATH), and the size of a block device (ioctl BLKGETSIZE64). Used
 * when laying out files and by tests that check a trim punched a hole.
 */

import { BLKGETSIZE64, errno, libc } from "./libc.ts";

/** What dfio needs from struct statx. */
export interface FdStat {
  /** Size in bytes (0 for a block device: use `blockDeviceSize`). */
  size: number;
  /** Allocated 512-byte blocks. */
  blocks: number;
  /** Preferred I/O block size. */
  blksize: number;
  /** st_mode (type and permission bits). */
  mode: number;
  /** Regular file. */
  isFile: boolean;
  /** Block device. */
  isBlockDevice: boolean;
  /** Character device. */
  isCharDevice: boolean;
  /** FIFO (pipe). */
  isFifo: boolean;
  /** Major and minor of the device holding the file. */
  devMajor: number;
  /** Minor of the device holding the file. */
  devMinor: number;
  /** Major of the device a device node refers to. */
  rdevMajor: number;
  /** Minor of the device a device node refers to. */
  rdevMinor: number;
}

const S_IFMT = 0o170000;
const AT_EMPTY_PATH = 0x1000;
const STATX_BASIC_STATS = 0x7ff;
const STATX_SIZE = 256;
const EMPTY = new Uint8Array(1);

/** statx(fd) as a result, or a negative errno. */
export function fstatFd(fd: number): FdStat | number {
  const buf = new Uint8Array(STATX_SIZE);
  const rc = libc().statx(fd | 0, EMPTY, AT_EMPTY_PATH, STATX_BASIC_STATS, buf);
  if (rc !== 0) return -errno();
  const v = new DataView(buf.buffer);
  const mode = v.getUint16(28, true);
  const type = mode & S_IFMT;
  return {
    blksize: v.getUint32(4, true),
    mode,
    size: Number(v.getBigUint64(40, true)),
    blocks: Number(v.getBigUint64(48, true)),
    isFile: type === 0o100000,
    isBlockDevice: type === 0o060000,
    isCharDevice: type === 0o020000,
    isFifo: type === 0o010000,
    rdevMajor: v.getUint32(128, true),
    rdevMinor: v.getUint32(132, true),
    devMajor: v.getUint32(136, true),
    devMinor: v.getUint32(140, true),
  };
}

/** Size in bytes of the block device open on `fd`, or a negative errno. */
export function blockDeviceSize(fd: number): number {
  const out = new BigUint64Array(1);
  const rc = libc().ioctl(fd | 0, BLKGETSIZE64, new Uint8Array(out.buffer));
  return rc < 0 ? -errno() : Number(out[0]);
}
