/**
 * The io_uring kernel interface without liburing: io_uring_setup and
 * _register through libc's `syscall()`, _enter through dfio's own stub
 * (src/sys/io_uring_enter.ts) where it loads, else `syscall()` too, the rings
 * and the SQE array mmapped and seen as typed arrays (layouts from
 * linux/io_uring.h, x86-64).
 *
 * Memory ordering: the kernel reads the SQ tail and writes the CQ tail
 * concurrently (always with SQPOLL, and from interrupt/task work otherwise).
 * The application must publish SQEs before the new SQ tail (release), read
 * CQEs only after loading the CQ tail (acquire), and finish reading CQEs
 * before storing the new CQ head (release).
 *
 * Without SQPOLL the engine uses plain typed-array accesses for all three:
 * x86-64 keeps stores in order and loads in order, TurboFan keeps typed-array
 * accesses in program order, and the kernel reads the SQ tail only inside
 * the io_uring_enter that follows the store. `Atomics.load`/`store` cost
 * about 6 ns each here (a call out of the compiled code, not inlined):
 * 1.5% of the job thread's time at 600k IOPS. With SQPOLL the kernel thread
 * polls the tail, the flags word is read after the tail store (a full
 * barrier) and the reaper spins on the CQ tail, so those paths keep the
 * sequentially consistent `Atomics` calls.
 */

import { errnoView, libc, MAP, PROT, SYS } from "./libc.ts";
import { u64 } from "../engines/offset.ts";
import { nativeUringEnter } from "./io_uring_enter.ts";

/** io_uring_setup flags (IORING_SETUP_*). */
export const IORING_SETUP = {
  IOPOLL: 1 << 0,
  SQPOLL: 1 << 1,
  SQ_AFF: 1 << 2,
  CQSIZE: 1 << 3,
  CLAMP: 1 << 4,
  COOP_TASKRUN: 1 << 8,
  TASKRUN_FLAG: 1 << 9,
  SINGLE_ISSUER: 1 << 12,
  DEFER_TASKRUN: 1 << 13,
} as const;

/** SQE opcodes dfio issues (IORING_OP_*). */
export const IORING_OP = {
  NOP: 0,
  READV: 1,
  WRITEV: 2,
  FSYNC: 3,
  READ_FIXED: 4,
  WRITE_FIXED: 5,
  SYNC_FILE_RANGE: 8,
  READ: 22,
  WRITE: 23,
} as const;

/** SQE flags (IOSQE_*). */
export const IOSQE = { FIXED_FILE: 1, IO_DRAIN: 2, IO_LINK: 4, ASYNC: 16 } as const;

/** io_uring_enter flags (IORING_ENTER_*). */
export const IORING_ENTER = {
  GETEVENTS: 1,
  SQ_WAKEUP: 2,
  SQ_WAIT: 4,
  REGISTERED_RING: 16,
} as const;

/** SQ ring flags word (IORING_SQ_*). */
export const IORING_SQ = { NEED_WAKEUP: 1, CQ_OVERFLOW: 2, TASKRUN: 4 } as const;

/** io_uring_register opcodes (IORING_REGISTER_*). */
export const IORING_REGISTER = {
  BUFFERS: 0,
  UNREGISTER_BUFFERS: 1,
  FILES: 2,
  UNREGISTER_FILES: 3,
  PROBE: 8,
  RING_FDS: 20,
  UNREGISTER_RING_FDS: 21,
} as const;

/** io_uring_params features (IORING_FEAT_*). */
export const IORING_FEAT = { SINGLE_MMAP: 1, NODROP: 2, SUBMIT_STABLE: 4 } as const;

/** IORING_FSYNC_DATASYNC: fdatasync semantics for IORING_OP_FSYNC. */
export const IORING_FSYNC_DATASYNC = 1;

/** Bytes per SQE and CQE, and 32-bit words per SQE/CQE. */
export const SQE_BYTES = 64;
/** 32-bit words in one SQE. */
export const SQE_WORDS = 16;
/** 32-bit words in one CQE. */
export const CQE_WORDS = 4;

/**
 * Word offsets inside one SQE (struct io_uring_sqe as 16 u32). Word 0 packs
 * opcode (bits 0-7), flags (8-15) and ioprio (16-31); 64-bit fields are two
 * little-endian halves, so no BigInt is ever needed to fill an SQE.
 */
export const SQE = {
  OP_FLAGS_PRIO: 0,
  FD: 1,
  OFF_LO: 2,
  OFF_HI: 3,
  ADDR_LO: 4,
  ADDR_HI: 5,
  LEN: 6,
  RW_FLAGS: 7,
  USER_DATA_LO: 8,
  USER_DATA_HI: 9,
  BUF_INDEX: 10,
  FILE_INDEX: 11,
} as const;

/** Word offsets inside one CQE (struct io_uring_cqe as 4 u32). */
export const CQE = { USER_DATA_LO: 0, USER_DATA_HI: 1, RES: 2, FLAGS: 3 } as const;

const OFF_SQ_RING = 0n;
const OFF_CQ_RING = 0x8000000n;
const OFF_SQES = 0x10000000n;
const MAP_FAILED = 0xffffffffffffffffn;

/** What to ask io_uring_setup for. */
export interface RingParams {
  /** SQ entries (the kernel rounds up to a power of two). */
  readonly entries: number;
  /** IORING_SETUP_* flags. */
  readonly flags: number;
  /** CQ entries when flags has CQSIZE. */
  readonly cqEntries?: number;
  /** CPU of the SQPOLL thread when flags has SQ_AFF. */
  readonly sqThreadCpu?: number;
  /** SQPOLL idle time in ms before the thread sleeps (0: kernel default). */
  readonly sqThreadIdle?: number;
}

/** A failed io_uring system call: which one and its errno. */
export class UringError extends Error {
  /** The call that failed (io_uring_setup, mmap, io_uring_register). */
  readonly call: string;
  /** Its errno (positive). */
  readonly errno: number;

  constructor(call: string, errno: number) {
    super(`${call} failed: errno ${errno}`);
    this.name = "UringError";
    this.call = call;
    this.errno = errno;
  }
}

/**
 * Test hook: when set to an errno number in the environment, io_uring_setup
 * is not called and fails with that errno (as under a seccomp filter).
 */
export const SETUP_FAULT_ENV = "DFIO_TEST_IO_URING_SETUP_ERRNO";

function injectedSetupErrno(): number {
  try {
    const v = Deno.env.get(SETUP_FAULT_ENV);
    const n = v === undefined ? 0 : Number(v);
    return Number.isInteger(n) && n > 0 ? n : 0;
  } catch {
    return 0; // no env permission: no injection
  }
}

/** `n` as the i64 a raw syscall argument takes (cold paths only). */
function big(n: number | bigint): bigint {
  return typeof n === "bigint" ? n : BigInt(n);
}

/**
 * One io_uring instance: its fd, the mapped rings as typed-array views and
 * the geometry the kernel chose. Call `close()` once when done.
 */
export class Ring {
  /** The ring file descriptor. */
  readonly fd: number;
  /** `fd` as the BigInt the enter/register syscalls take (cached). */
  readonly fdBig: bigint;
  /** Setup flags the kernel accepted (after fallbacks). */
  readonly flags: number;
  /** IORING_FEAT_* bits the kernel reported. */
  readonly features: number;
  /** SQ size (power of two) and index mask. */
  readonly sqEntries: number;
  readonly sqMask: number;
  /** CQ size (power of two) and index mask. */
  readonly cqEntries: number;
  readonly cqMask: number;
  /** The SQ ring mapping as u32 words (head, tail, flags, array). */
  readonly sq: Uint32Array;
  /** The CQ ring mapping as u32 words (head, tail, CQEs). */
  readonly cq: Uint32Array;
  /** The CQ ring mapping as i32 words (CQE results are signed). */
  readonly cqI32: Int32Array;
  /** The SQE array as u32 words ({@link SQE_WORDS} per entry). */
  readonly sqes: Uint32Array;
  /** Word indexes in `sq`: head, tail, flags, dropped, first array slot. */
  readonly sqHead: number;
  readonly sqTail: number;
  readonly sqFlags: number;
  readonly sqDropped: number;
  readonly sqArray: number;
  /** Word indexes in `cq`: head, tail, overflow, first CQE. */
  readonly cqHead: number;
  readonly cqTail: number;
  readonly cqOverflow: number;
  readonly cqCqes: number;
  private readonly maps: Array<[Deno.PointerObject, bigint]>;
  private readonly c = libc();
  private closed = false;
  /** What io_uring_enter names the ring by: the fd, or its registered slot. */
  private enterFd: bigint;
  /** `enterFd` as a number, for the native stub. */
  private enterFdNum: number;
  /** dfio's own io_uring_enter (src/sys/io_uring_enter.ts); null: libc's syscall(). */
  private readonly nativeEnter = nativeUringEnter();
  private readonly err = errnoView();
  /** IORING_ENTER_REGISTERED_RING once the ring is registered, else 0. */
  private enterFlags = 0;

  private constructor(fd: number, p: Uint32Array, maps: Array<[Deno.PointerObject, bigint]>) {
    this.fd = fd;
    this.fdBig = BigInt(fd);
    this.enterFd = this.fdBig;
    this.enterFdNum = fd;
    this.maps = maps;
    this.flags = p[2];
    this.features = p[5];
    this.sqEntries = p[0];
    this.cqEntries = p[1];
    const sqRing = maps[0][0];
    const cqRing = maps.length === 3 ? maps[2][0] : sqRing;
    const sqBytes = Number(maps[0][1]);
    const cqBytes = Number(maps.length === 3 ? maps[2][1] : maps[0][1]);
    this.sq = new Uint32Array(Deno.UnsafePointerView.getArrayBuffer(sqRing, sqBytes));
    const cqBuf = Deno.UnsafePointerView.getArrayBuffer(cqRing, cqBytes);
    this.cq = new Uint32Array(cqBuf);
    this.cqI32 = new Int32Array(cqBuf);
    this.sqes = new Uint32Array(
      Deno.UnsafePointerView.getArrayBuffer(maps[1][0], Number(maps[1][1])),
    );
    // io_sqring_offsets at byte 40, io_cqring_offsets at byte 80.
    this.sqHead = p[10] / 4;
    this.sqTail = p[11] / 4;
    this.sqMask = this.sq[p[12] / 4];
    this.sqFlags = p[14] / 4;
    this.sqDropped = p[15] / 4;
    this.sqArray = p[16] / 4;
    this.cqHead = p[20] / 4;
    this.cqTail = p[21] / 4;
    this.cqMask = this.cq[p[22] / 4];
    this.cqOverflow = p[24] / 4;
    this.cqCqes = p[25] / 4;
  }

  /**
   * Creates a ring. On EINVAL drops the newer optional flags one group at a
   * time (DEFER_TASKRUN+SINGLE_ISSUER, then COOP_TASKRUN with TASKRUN_FLAG,
   * then CQSIZE), as fio does for older kernels. Throws {@link UringError}.
   */
  static create(params: RingParams): Ring {
    const c = libc();
    const err = errnoView();
    const inject = injectedSetupErrno();
    if (inject !== 0) throw new UringError("io_uring_setup", inject);
    const p = new Uint32Array(30); // struct io_uring_params, 120 bytes
    let flags = params.flags >>> 0;
    let fd: number;
    for (;;) {
      p.fill(0);
      p[1] = params.cqEntries ?? 0;
      p[2] = flags;
      p[3] = params.sqThreadCpu ?? 0;
      p[4] = params.sqThreadIdle ?? 0;
      const addr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(p)));
      fd = Number(
        c.syscall(big(SYS.io_uring_setup), big(params.entries), addr, 0n, 0n, 0n, 0n),
      );
      if (fd >= 0) break;
      const e = err[0];
      if (e === 22 && (flags & IORING_SETUP.DEFER_TASKRUN) !== 0) {
        flags &= ~(IORING_SETUP.DEFER_TASKRUN | IORING_SETUP.SINGLE_ISSUER);
      } else if (e === 22 && (flags & IORING_SETUP.COOP_TASKRUN) !== 0) {
        flags &= ~(IORING_SETUP.COOP_TASKRUN | IORING_SETUP.TASKRUN_FLAG);
      } else if (e === 22 && (flags & IORING_SETUP.CQSIZE) !== 0) {
        flags &= ~IORING_SETUP.CQSIZE;
      } else {
        throw new UringError("io_uring_setup", e);
      }
    }
    const maps: Array<[Deno.PointerObject, bigint]> = [];
    try {
      const sqBytes = BigInt(p[16] + p[0] * 4); // sq_off.array + entries * u32
      const cqBytes = BigInt(p[25] + p[1] * 16); // cq_off.cqes + entries * cqe
      const single = (p[5] & IORING_FEAT.SINGLE_MMAP) !== 0;
      const ringBytes = single && cqBytes > sqBytes ? cqBytes : sqBytes;
      maps.push([mapRing(fd, ringBytes, OFF_SQ_RING), ringBytes]);
      const sqeBytes = BigInt(p[0] * SQE_BYTES);
      maps.push([mapRing(fd, sqeBytes, OFF_SQES), sqeBytes]);
      if (!single) maps.push([mapRing(fd, cqBytes, OFF_CQ_RING), cqBytes]);
    } catch (e) {
      for (const [ptr, len] of maps) c.munmap(ptr, len);
      c.close(fd);
      throw e;
    }
    const ring = new Ring(fd, p, maps);
    // One SQE per slot, fixed: array[i] = i is rewritten per submission
    // anyway, but start from a known state.
    ring.sqes.fill(0);
    return ring;
  }

  /**
   * io_uring_enter(toSubmit, minComplete, flags). Returns the count or a
   * negative errno. The hot callers pass numbers below 2^31. Without the
   * native stub, `u64` lets Turbofan pass each as a plain register; a bare
   * `BigInt(n)` is not lowered and makes a heap BigInt (see
   * src/engines/offset.ts).
   */
  enter(toSubmit: number, minComplete: number, flags: number): number {
    const native = this.nativeEnter;
    if (native !== null) {
      return native(this.enterFdNum, toSubmit, minComplete, flags | this.enterFlags);
    }
    const rc = this.c.syscall_i32(
      426n,
      this.enterFd,
      u64(toSubmit),
      u64(minComplete),
      u64(flags | this.enterFlags),
      0n,
      0n,
    );
    return rc < 0 ? -this.err[0] : rc;
  }

  /** The ring's slot among the thread's registered rings; -1 when not registered. */
  get registeredSlot(): number {
    return this.enterFlags === 0 ? -1 : this.enterFdNum;
  }

  /**
   * Registers the ring with the calling thread (IORING_REGISTER_RING_FDS,
   * Linux 5.18), so that its io_uring_enter calls skip the fd lookup. In a
   * process of many threads, as dfio is, that lookup takes and drops a
   * reference on the ring file with two atomic operations per call; fio's
   * single-threaded job process skips them anyway. Only the registering
   * thread may then enter the ring. False (nothing changes) on older kernels.
   */
  registerWithThread(): boolean {
    // Offset -1 asks the kernel for a free slot and gets it back.
    const upd = this.ringFdUpdate(IORING_REGISTER.RING_FDS, 0xffffffff, this.fd);
    if (upd === null) return false;
    this.enterBy(upd[0], IORING_ENTER.REGISTERED_RING);
    return true;
  }

  /**
   * One io_uring_rsrc_update { u32 offset; u32 resv; u64 data } through
   * `opcode` (registering a ring fd as `data`, or unregistering the slot
   * `offset` with `data` 0); the update as the kernel left it, or null when
   * the call did not take it.
   */
  private ringFdUpdate(opcode: number, offset: number, data: number): Uint32Array | null {
    const upd = new Uint32Array(4);
    upd[0] = offset;
    upd[2] = data;
    const addr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(upd)));
    return this.register(opcode, addr, 1) === 1 ? upd : null;
  }

  /** Enters the ring by `fd` (its fd, or its registered slot) with the extra enter `flags`. */
  private enterBy(fd: number, flags: number): void {
    this.enterFd = BigInt(fd);
    this.enterFdNum = fd;
    this.enterFlags = flags;
  }

  /** io_uring_register(opcode, arg, nr). Returns 0/positive or a negative errno. */
  register(opcode: number, arg: bigint, nr: number): number {
    const rc = Number(
      libc().syscall(big(SYS.io_uring_register), this.fdBig, big(opcode), arg, big(nr), 0n, 0n),
    );
    return rc < 0 ? -this.err[0] : rc;
  }

  /**
   * Whether the kernel supports `opcode` (IORING_REGISTER_PROBE). False when
   * probing itself fails (kernels before 5.6).
   */
  supports(opcode: number): boolean {
    const probe = new Uint8Array(16 + 256 * 8);
    const addr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(probe)));
    if (this.register(IORING_REGISTER.PROBE, addr, 256) < 0) return false;
    const opsLen = probe[1];
    if (opcode >= opsLen) return false;
    // io_uring_probe_op { u8 op; u8 resv; u16 flags; u32 resv2 }: flag 1 = supported.
    return (probe[16 + opcode * 8 + 2] & 1) !== 0;
  }

  /** Unmaps the rings and closes the fd (registered resources go with it). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const c = libc();
    if (this.enterFlags !== 0) {
      // The registration holds the ring open until the thread ends.
      this.ringFdUpdate(IORING_REGISTER.UNREGISTER_RING_FDS, this.enterFdNum, 0);
      this.enterBy(this.fd, 0);
    }
    for (const [ptr, len] of this.maps) c.munmap(ptr, len);
    c.close(this.fd);
  }
}

function mapRing(fd: number, bytes: bigint, offset: bigint): Deno.PointerObject {
  const p = libc().mmap(
    null,
    bytes,
    PROT.READ | PROT.WRITE,
    MAP.SHARED | MAP.POPULATE,
    fd,
    offset,
  );
  if (p === null || Deno.UnsafePointer.value(p) === MAP_FAILED) {
    throw new UringError("mmap", errnoView()[0]);
  }
  return p;
}
