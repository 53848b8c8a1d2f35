/**
 * The ioengine interface, shaped after fio's ioengine ops. A job's Worker
 * builds one engine, a fixed pool of `IoUnit`s (one per iodepth slot) and
 * its `EngineFile`s, then loops: fill an io unit, `queue` it, `commit`,
 * reap with `getEvents`/`event`. Sync engines finish the I/O inside `queue`
 * (COMPLETED); async engines return QUEUED and complete in `getEvents`.
 *
 * Zero allocation per I/O: io units and files are classes with every field
 * set in the constructor (stable hidden classes), numbers only in the hot
 * fields, and native buffers and iovecs built once.
 */

import type { CmdprioSetup } from "./cmdprio.ts";

/** Data directions (fio's ddir values; the order matters for stats). */
export const DDIR = {
  READ: 0,
  WRITE: 1,
  TRIM: 2,
  SYNC: 3,
  DATASYNC: 4,
  SYNC_FILE_RANGE: 5,
} as const;

/** One of {@link DDIR}. */
export type Ddir = (typeof DDIR)[keyof typeof DDIR];

/** What `queue` did with an io unit. */
export const Q = {
  /** Finished inside `queue`; result/resid/error are set. */
  COMPLETED: 0,
  /** Accepted; completes through `commit` + `getEvents`. */
  QUEUED: 1,
  /** Not accepted now: reap completions and queue it again. */
  BUSY: 2,
} as const;

/** One of {@link Q}. */
export type QueueStatus = (typeof Q)[keyof typeof Q];

/** What an engine is, as the I/O loop and file setup need to know. */
export interface EngineFlags {
  /**
   * Blocking syscalls, one thread (fio's FIO_SYNCIO): every I/O completes in
   * `queue`, except that vsync batches contiguous units until `commit`.
   */
  readonly sync: boolean;
  /** Does no disk I/O: skip disk stats and file layout checks. */
  readonly diskless: boolean;
  /** Needs no files opened by the job (null engine). */
  readonly noFile: boolean;
  /** Reads/writes a pipe or socket: no offsets, no seeking. */
  readonly pipe: boolean;
  /** Works on raw devices only. */
  readonly raw: boolean;
  /** Pretends I/O happened (no data is moved; verify makes no sense). */
  readonly fake: boolean;
  /**
   * Submission latency is not measured (fio's io_uring turns slat off with
   * sqthread_poll: a kernel thread submits). Read after `init`.
   */
  readonly noSlat?: boolean;
}

/**
 * How to report an engine whose `postInit` failed, as fio reports a job
 * whose engine setup failed: `lines` first, then
 * `fio: pid=N, err=ERRNO/TEXT`; the job ends with that error and no I/O.
 */
export interface EngineSetupFailure {
  /** stderr lines printed before the pid line. */
  readonly lines: readonly string[];
  /** The job's error (errno). */
  readonly errno: number;
  /** fio's error text after `err=N/` (also the JSON error text). */
  readonly text: string;
}

/** The flags of a queueing engine that does real file I/O (libaio, io_uring, posixaio). */
export const QUEUED_FILE_FLAGS: EngineFlags = {
  sync: false,
  diskless: false,
  noFile: false,
  pipe: false,
  raw: false,
  fake: false,
};

/**
 * An engine option's value as a boolean. Values arrive parsed (numbers,
 * booleans) or raw ("1", "0", "false"); unset is false.
 */
export function optionFlag(v: number | string | boolean | undefined): boolean {
  if (v === undefined) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  return v !== "0" && v !== "false" && v !== "";
}

/** Settings an engine reads once at `init` (from the job's options). */
export interface EngineInit {
  /** iodepth: io units in flight at most. */
  readonly iodepth: number;
  /** Engine-specific options by fio name (e.g. `hipri`, `nowait`). */
  readonly options: Readonly<Record<string, number | string | boolean>>;
  /** Flags for SYNC_FILE_RANGE io units (fio's sync_file_range option). */
  readonly syncFileRangeFlags?: number;
  /** Smallest block size of the directions the job issues (fio's rw_min_bs). */
  readonly rwMinBs?: number;
  /** The job's offsets are random (fio's td_random), for access-pattern hints. */
  readonly randomIo?: boolean;
  /** The job's ioprio and cmdprio (io_uring, libaio): see src/engines/cmdprio.ts. */
  readonly cmdprio?: CmdprioSetup;
}

/** An open target file as engines see it. */
export class EngineFile {
  /** Path as given in the job (used in messages). */
  readonly name: string;
  /** NUL-terminated path for open(2). */
  readonly cPath: Uint8Array<ArrayBuffer>;
  /** open(2) flags used by `openFile` (see `openFlags`). */
  flags: number;
  /** open(2) mode for created files. */
  mode: number;
  /** The descriptor, or -1 when closed. */
  fd: number;
  /** True for a block device (trim uses BLKDISCARD then). */
  isBlockDevice: boolean;
  // Per-I/O doubles live in a Float64Array: V8 15 allocates a HeapNumber
  // for every store of a non-Smi number into an object field.
  private readonly pos = new Float64Array(1);

  constructor(name: string, flags = 0, mode = 0o644) {
    this.name = name;
    const enc = new TextEncoder().encode(name);
    this.cPath = new Uint8Array(enc.length + 1);
    this.cPath.set(enc);
    this.flags = flags;
    this.mode = mode;
    this.fd = -1;
    this.isBlockDevice = false;
    this.pos[0] = -1;
  }

  /** File offset after the last sync-engine transfer, -1 if unknown. */
  get lastPos(): number {
    return this.pos[0];
  }
  set lastPos(v: number) {
    this.pos[0] = v;
  }
}

/** A file object for io units that have none yet (keeps the field typed). */
export const NO_FILE: EngineFile = new EngineFile("");

const EMPTY = new Uint8Array(0);

/**
 * One in-flight I/O. The buffer is native memory fixed for the unit's
 * lifetime (`bufPtr` points at `buf[0]`); each unit also owns a one-entry
 * iovec for the vectored engines, kept in step by `setIovLen`.
 */
export class IoUnit {
  /** Slot number in the pool (0..iodepth-1). */
  readonly index: number;
  /** Direction, one of {@link DDIR}. */
  ddir: Ddir;
  /** Bytes to transfer (also the range length for trim/sync_file_range). */
  buflen: number;
  /** Target file. */
  file: EngineFile;
  /** The unit's data buffer (length = largest block size). */
  buf: Uint8Array;
  /** Native address of `buf[0]`. */
  bufPtr: Deno.PointerObject | null;
  /** Address of `buf[0]` as the cached BigInt the hot FFI calls take. */
  bufAddr: bigint;
  /** Bytes moved on success, or a negative errno. */
  result: number;
  /** Bytes requested but not moved (short read/write). */
  resid: number;
  /** errno of a failure as a positive number (fio's io_u->error), else 0. */
  error: number;
  /** Per-I/O RWF_* flags for preadv2/pwritev2 (set by the engine). */
  rwFlags: number;
  /** Free for the engine (e.g. an io_uring tag). */
  engineData: number;
  /** The I/O's priority (class << 13 | level): the job's, or cmdprio's choice. */
  ioprio: number;
  /** cmdprio: index of `ioprio` in the per-priority stats (0: the job's own). */
  prioIndex: number;
  /** A native struct iovec { void *base; size_t len } for this unit. */
  readonly iov: BigUint64Array;
  /** The iovec as four 32-bit words (base lo/hi, len lo/hi): BigInt-free access. */
  readonly iov32: Uint32Array;
  /** Native address of `iov`. */
  readonly iovPtr: Deno.PointerObject | null;
  /** Address of `iov` as a cached BigInt (for the hot FFI calls). */
  readonly iovAddr: bigint;
  // offset and startNs exceed 2^31 and would box on every field store (V8
  // allocates a HeapNumber per non-Smi field write); typed-array slots don't.
  private readonly f64 = new Float64Array(2);

  constructor(index: number) {
    this.index = index;
    this.ddir = DDIR.READ;
    this.buflen = 0;
    this.file = NO_FILE;
    this.buf = EMPTY;
    this.bufPtr = null;
    this.bufAddr = 0n;
    this.result = 0;
    this.resid = 0;
    this.error = 0;
    this.rwFlags = 0;
    this.engineData = 0;
    this.ioprio = 0;
    this.prioIndex = 0;
    this.iov = new BigUint64Array(2);
    this.iov32 = new Uint32Array(this.iov.buffer);
    this.iovPtr = Deno.UnsafePointer.of(this.iov);
    this.iovAddr = BigInt(Deno.UnsafePointer.value(this.iovPtr));
  }

  /** Byte offset in the file (a safe integer, below 2^53). */
  get offset(): number {
    return this.f64[0];
  }
  set offset(v: number) {
    this.f64[0] = v;
  }

  /** Issue time in ns (set by the I/O loop). */
  get startNs(): number {
    return this.f64[1];
  }
  set startNs(v: number) {
    this.f64[1] = v;
  }

  /** Attaches the unit's buffer (once, at setup) and points the iovec at it. */
  setBuffer(buf: Uint8Array, ptr: Deno.PointerObject): void {
    this.buf = buf;
    this.bufPtr = ptr;
    this.bufAddr = BigInt(Deno.UnsafePointer.value(ptr));
    this.iov[0] = this.bufAddr;
  }

  /** Sets the iovec length to `len` (< 4 GiB) without allocating. */
  setIovLen(len: number): void {
    this.iov32[2] = len >>> 0;
    this.iov32[3] = 0;
  }
}

/** The operations every ioengine provides. */
export interface IoEngine {
  /** Name as given to `ioengine=`. */
  readonly name: string;
  /** Properties the I/O loop and file setup depend on. */
  readonly flags: EngineFlags;
  /** Prepares per-job state. Returns 0 or a negative errno. */
  init(init: EngineInit): number;
  /** Opens `f` with its flags; sets `f.fd`. Returns 0 or a negative errno. */
  openFile(f: EngineFile): number;
  /** Closes `f`. Returns 0 or a negative errno. */
  closeFile(f: EngineFile): number;
  /** Starts (or, for sync engines, performs) the I/O of `io`. */
  queue(io: IoUnit): QueueStatus;
  /** Submits what `queue` accepted. Returns 0 or a negative errno. */
  commit(): number;
  /**
   * Waits for at least `min` (at most `max`) completions, or until
   * `timeoutNs` passes (negative: no limit). Returns the count or a
   * negative errno; fetch each with `event(i)`.
   */
  getEvents(min: number, max: number, timeoutNs: number): number;
  /** The i-th io unit reaped by the last `getEvents`. */
  event(i: number): IoUnit;
  /** Frees engine resources. */
  cleanup(): void;
  /**
   * fio's error site for a failed transfer when the engine reports it itself
   * (vsync's commit: "file:engines/sync.c:364, func=xfer vsync"); the job then
   * prints no "io_u error" line. Absent: the I/O loop's io_u error report.
   */
  readonly xferErrorSite?: string;
  /**
   * Optional: how many io units the engine wants for `iodepth` (fio's
   * io_uring rounds it up to a power of two). Called after `init`.
   */
  unitCount?(iodepth: number): number;
  /**
   * Optional second stage of setup (fio's post_init), once the job's files
   * are laid out and the io units have their buffers: io_uring makes its
   * ring and registers buffers and files here. Returns null, or the failure
   * to report (then `cleanup` is still called).
   */
  postInit?(units: readonly IoUnit[], files: readonly EngineFile[]): EngineSetupFailure | null;
}
