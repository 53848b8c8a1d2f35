/**
 * io_uring: queued I/O through the kernel's submission/completion rings,
 * driven from TypeScript with raw syscalls (src/sys/io_uring.ts), as fio's
 * io_uring engine does.
 *
 * Shape (as fio): each io unit owns the SQE slot of its index; `queue`
 * fills that SQE and appends the index to the SQ array, `commit` publishes
 * the tail and submits the batch with one io_uring_enter, and `getEvents`
 * reaps every CQE already posted without a syscall, entering the kernel only
 * to wait. The ring has a power-of-two depth: fio rounds iodepth up (so
 * iodepth=3 runs 4 io units) while still accepting at most iodepth
 * uncommitted units. Trims run synchronously inside `queue`, like fio's
 * io_uring (which trims with a blocking call once nothing is pending).
 *
 * Per I/O: a dozen typed-array stores into the SQE, no allocation, no BigInt
 * (64-bit fields are written as two 32-bit halves), and the ring indexes live
 * in a Uint32Array so that they wrap at 2^32 without boxing.
 */

import {
  CQE,
  IORING_ENTER,
  IORING_FSYNC_DATASYNC,
  IORING_OP,
  IORING_SETUP,
  IORING_SQ,
  IOSQE,
  Ring,
  SQE,
  SQE_WORDS,
  UringError,
} from "../sys/io_uring.ts";
import { type Libc, libc, O } from "../sys/libc.ts";
import { addressHalves } from "../sys/memory.ts";
import { type Cmdprio, cmdprioFailure } from "./cmdprio.ts";
import { closeEngineFile, openEngineFile, SyncOps } from "./fileops.ts";
import { roundupPow2, setupFlags, type UringOptions, uringOptions } from "./io_uring_options.ts";
import {
  REGISTER_FILES_WHERE,
  REGISTER_NEEDS_ALL_FILES,
  registerBuffers,
  registerFiles,
  SETUP_ERROR_WHERE,
  setupFailure,
  unavailable,
} from "./io_uring_setup.ts";
import {
  DDIR,
  type EngineFile,
  type EngineFlags,
  type EngineInit,
  type EngineSetupFailure,
  type IoEngine,
  type IoUnit,
  Q,
  QUEUED_FILE_FLAGS,
  type QueueStatus,
} from "./types.ts";

/** fio 3.33's source position for a failed engine init (cmdprio settings). */
const CMDPRIO_ERROR_WHERE = "file:engines/io_uring.c:1096, func=fio_ioring_init";

/** fio's RWF_UNCACHED value (see pvsync2.ts). */
const RWF_UNCACHED = 0x40;
const RWF_NOWAIT = 8;
const EINTR = 4, EAGAIN = 11, EBUSY = 16;

// Slots of the engine's Uint32Array state.
const SQ_TAIL = 0, QUEUED = 1, CQ_HEAD = 2, PREPPED = 3, INFLIGHT = 4;

/** Spins reaping before an SQPOLL ring falls back to a blocking wait. */
const SQPOLL_SPINS = 2000;

/** The io_uring engine. */
export class IoUringEngine implements IoEngine {
  /** Name as given to `ioengine=`. */
  readonly name = "io_uring";
  /** Queued file I/O; no slat under SQPOLL (fio turns it off there). */
  flags: EngineFlags = QUEUED_FILE_FLAGS;
  private readonly c: Libc;
  private opts: UringOptions = uringOptions({});
  private iodepth = 1;
  private ops: SyncOps;
  private ring: Ring | null = null;
  private readonly st = new Uint32Array(5);
  private units: IoUnit[] = [];
  private done: IoUnit[] = [];
  // Ring views and geometry copied out of `ring` so the hot path reads
  // fields of one monomorphic object.
  private sq: Uint32Array = new Uint32Array(0);
  private cq: Uint32Array = new Uint32Array(0);
  private cqI32: Int32Array = new Int32Array(0);
  private sqes: Uint32Array = new Uint32Array(0);
  private sqMask = 0;
  private cqMask = 0;
  private sqTailIdx = 0;
  private sqHeadIdx = 0;
  private sqFlagsIdx = 0;
  private sqArray = 0;
  private cqHeadIdx = 0;
  private cqTailIdx = 0;
  private cqCqes = 0;
  private sqEntries = 0;
  // Per-I/O choices made once.
  private opRead: number = IORING_OP.READ;
  private opWrite: number = IORING_OP.WRITE;
  private vectored = false;
  private fixedBufs = false;
  private sqFlagsBase = 0;
  private rwFlags = 0;
  private forceAsync = 0;
  private sqpoll = false;
  // GETEVENTS on a submit only when the SQ flags say completion work is
  // waiting (TASKRUN_FLAG ring, no IOPOLL); otherwise on every submit, as fio.
  private submitGetEvents: number = IORING_ENTER.GETEVENTS;
  /** errno of a failed submit, handed to the loop by the next getEvents. */
  private failed = 0;
  // Registered files: fd -> slot in the registered table, and the fds.
  private fixedIdx: Int32Array = new Int32Array(0);
  private fixedFds: number[] = [];
  private registeredFiles: EngineFile[] = [];
  // Each unit's iovec address as two u32 halves (READV/WRITEV SQEs).
  private iovLo = new Uint32Array(0);
  private iovHi = new Uint32Array(0);
  private sfrFlags = 0;
  /** openfiles as the job set it (0: not set). */
  private openFiles = 0;
  /** Number of io_uring_enter calls made (tests count them). */
  enterCalls = 0;
  /** Native iovec table handed to IORING_REGISTER_BUFFERS (kept alive). */
  private regIovs: BigUint64Array | null = null;
  /** The job's ioprio, put in every read/write SQE (fio: sqe->ioprio = td->ioprio). */
  private ioprio = 0;
  /** cmdprio's per-I/O choice (src/engines/cmdprio.ts); null: not used. */
  private cmdprio: Cmdprio | null = null;
  private cmdprioError: readonly string[] | null = null;

  constructor() {
    this.c = libc();
    this.ops = new SyncOps(this.c);
  }

  /** Reads the engine options; the ring is made in `postInit`. */
  init(init: EngineInit): number {
    this.opts = uringOptions(init.options);
    this.iodepth = Math.max(1, init.iodepth | 0);
    this.sfrFlags = (init.syncFileRangeFlags ?? 0) >>> 0;
    this.ops = new SyncOps(this.c, this.sfrFlags);
    const of = Number(init.options.openfiles ?? 0);
    this.openFiles = Number.isFinite(of) && of > 0 ? of : 0;
    this.sqpoll = this.opts.sqpoll;
    this.flags = { ...this.flags, noSlat: this.opts.sqpoll };
    this.ioprio = init.cmdprio?.ioprio ?? 0;
    this.cmdprio = init.cmdprio?.prio ?? null;
    this.cmdprioError = init.cmdprio?.errorLines ?? null;
    return 0;
  }

  /** fio rounds the ring depth, and so the io unit count, to a power of two. */
  unitCount(iodepth: number): number {
    return roundupPow2(Math.max(1, iodepth | 0));
  }

  /**
   * Creates the ring for `units` (their buffers are attached by now),
   * registers buffers and files when asked, and prepares each unit's SQE.
   * Returns null, or how to report the failure as fio does.
   */
  postInit(units: readonly IoUnit[], files: readonly EngineFile[]): EngineSetupFailure | null {
    const o = this.opts;
    if (this.cmdprioError !== null) {
      return cmdprioFailure(this.cmdprioError, this.name, CMDPRIO_ERROR_WHERE);
    }
    if (o.registerfiles && files.length !== this.openFilesLimit(files.length)) {
      return REGISTER_NEEDS_ALL_FILES;
    }
    const depth = units.length;
    let ring: Ring;
    try {
      ring = Ring.create({
        entries: depth,
        flags: setupFlags(o),
        cqEntries: depth,
        sqThreadCpu: o.sqpollCpu >= 0 ? o.sqpollCpu : 0,
      });
    } catch (e) {
      if (!(e instanceof UringError)) throw e;
      return unavailable(e.errno);
    }
    this.ring = ring;
    ring.registerWithThread();
    this.units = units.slice();
    this.done = units.slice();
    this.sq = ring.sq;
    this.cq = ring.cq;
    this.cqI32 = ring.cqI32;
    this.sqes = ring.sqes;
    this.sqMask = ring.sqMask;
    this.cqMask = ring.cqMask;
    this.sqTailIdx = ring.sqTail;
    this.sqHeadIdx = ring.sqHead;
    this.sqFlagsIdx = ring.sqFlags;
    const flagged = (ring.flags & IORING_SETUP.TASKRUN_FLAG) !== 0 &&
      (ring.flags & IORING_SETUP.IOPOLL) === 0;
    this.submitGetEvents = flagged ? 0 : IORING_ENTER.GETEVENTS;
    this.sqArray = ring.sqArray;
    this.cqHeadIdx = ring.cqHead;
    this.cqTailIdx = ring.cqTail;
    this.cqCqes = ring.cqCqes;
    this.sqEntries = ring.sqEntries;
    this.st[SQ_TAIL] = ring.sq[ring.sqTail];
    this.st[CQ_HEAD] = ring.cq[ring.cqHead];
    this.st[QUEUED] = 0;
    this.st[PREPPED] = 0;

    // nonvectored=-1 (default): READ/WRITE when the kernel has them.
    const nonvec = o.nonvectored === -1
      ? ring.supports(IORING_OP.READ) && ring.supports(IORING_OP.WRITE)
      : o.nonvectored !== 0;
    this.fixedBufs = o.fixedbufs;
    this.vectored = !o.fixedbufs && !nonvec;
    this.opRead = o.fixedbufs ? IORING_OP.READ_FIXED : nonvec ? IORING_OP.READ : IORING_OP.READV;
    this.opWrite = o.fixedbufs
      ? IORING_OP.WRITE_FIXED
      : nonvec
      ? IORING_OP.WRITE
      : IORING_OP.WRITEV;
    const direct = files.length > 0 && (files[0].flags & O.DIRECT) !== 0;
    this.rwFlags = (o.uncached && !direct ? RWF_UNCACHED : 0) | (o.nowait ? RWF_NOWAIT : 0);
    this.forceAsync = o.forceAsync;
    this.sqFlagsBase = o.registerfiles ? IOSQE.FIXED_FILE : 0;

    const w = this.sqes;
    for (const io of units) {
      const b = io.index * SQE_WORDS;
      w[b + SQE.USER_DATA_LO] = io.index;
      w[b + SQE.USER_DATA_HI] = 0;
    }
    this.iovLo = new Uint32Array(depth);
    this.iovHi = new Uint32Array(depth);
    for (const io of units) {
      [this.iovLo[io.index], this.iovHi[io.index]] = addressHalves(io.iovAddr);
    }
    if (o.fixedbufs) {
      const reg = registerBuffers(ring, units);
      this.regIovs = reg.iovs;
      if (reg.rc < 0) return setupFailure(SETUP_ERROR_WHERE, -reg.rc);
    }
    if (o.registerfiles) {
      const reg = registerFiles(this.c, ring, files);
      this.registeredFiles = files.slice(0, reg.fds.length);
      this.fixedFds = reg.fds;
      this.fixedIdx = reg.slotOfFd;
      if (reg.rc < 0) return setupFailure(REGISTER_FILES_WHERE, -reg.rc);
    }
    return null;
  }

  private openFilesLimit(nrfiles: number): number {
    return this.openFiles > 0 ? this.openFiles : nrfiles;
  }

  /** Opens `f`, or hands out its pre-opened descriptor when registered. */
  openFile(f: EngineFile): number {
    const i = this.registeredFiles.indexOf(f);
    if (i >= 0) {
      f.fd = this.fixedFds[i];
      f.lastPos = -1;
      return 0;
    }
    return openEngineFile(this.c, f);
  }

  /** Closes `f`; a registered file stays open until cleanup, as in fio. */
  closeFile(f: EngineFile): number {
    if (this.fixedFds.length > 0 && f.fd >= 0 && f.fd < this.fixedIdx.length) {
      if (this.fixedIdx[f.fd] >= 0) {
        f.fd = -1;
        f.lastPos = -1;
        return 0;
      }
    }
    return closeEngineFile(this.c, f);
  }

  /** Fills the unit's SQE and appends it to the SQ (published by `commit`). */
  queue(io: IoUnit): QueueStatus {
    const st = this.st;
    const d = io.ddir;
    if (d === DDIR.TRIM) {
      if (st[QUEUED] !== 0) return Q.BUSY;
      if (this.cmdprio !== null) this.cmdprio.select(io);
      this.ops.run(io);
      return Q.COMPLETED;
    }
    if (st[QUEUED] >= this.iodepth) return Q.BUSY;
    const tail = st[SQ_TAIL];
    if (this.sqpoll && ((tail - Atomics.load(this.sq, this.sqHeadIdx)) >>> 0) >= this.sqEntries) {
      return Q.BUSY;
    }
    const w = this.sqes;
    const b = io.index << 4;
    const fd = io.file.fd;
    let sqeFlags = this.sqFlagsBase;
    if (this.forceAsync !== 0) {
      const n = st[PREPPED] + 1;
      if (n >= this.forceAsync) {
        st[PREPPED] = 0;
        sqeFlags |= IOSQE.ASYNC;
      } else {
        st[PREPPED] = n;
      }
    }
    w[b + SQE.FD] = this.sqFlagsBase !== 0 ? this.fixedIdx[fd] : fd;
    if (d === DDIR.READ || d === DDIR.WRITE) {
      const len = io.buflen;
      const off = io.offset;
      const prio = this.cmdprio !== null ? this.cmdprio.select(io) : this.ioprio;
      w[b + SQE.OP_FLAGS_PRIO] = (d === DDIR.READ ? this.opRead : this.opWrite) | (sqeFlags << 8) |
        (prio << 16);
      w[b + SQE.OFF_LO] = off >>> 0;
      w[b + SQE.OFF_HI] = (off / 4294967296) >>> 0;
      const iov = io.iov32;
      if (this.vectored) {
        io.setIovLen(len);
        w[b + SQE.ADDR_LO] = this.iovLo[io.index];
        w[b + SQE.ADDR_HI] = this.iovHi[io.index];
        w[b + SQE.LEN] = 1;
      } else {
        // The iovec's base words are the buffer address.
        w[b + SQE.ADDR_LO] = iov[0];
        w[b + SQE.ADDR_HI] = iov[1];
        w[b + SQE.LEN] = len;
      }
      w[b + SQE.RW_FLAGS] = this.rwFlags;
      w[b + SQE.BUF_INDEX] = this.fixedBufs ? io.index : 0;
    } else {
      this.prepSync(io, w, b, sqeFlags);
    }
    this.sq[this.sqArray + (tail & this.sqMask)] = io.index;
    st[SQ_TAIL] = tail + 1;
    st[QUEUED]++;
    st[INFLIGHT]++;
    // SQPOLL: the kernel thread may take it at once.
    if (this.sqpoll) Atomics.store(this.sq, this.sqTailIdx, st[SQ_TAIL]);
    return Q.QUEUED;
  }

  private prepSync(io: IoUnit, w: Uint32Array, b: number, sqeFlags: number): void {
    const d = io.ddir;
    const range = d === DDIR.SYNC_FILE_RANGE;
    w[b + SQE.OP_FLAGS_PRIO] = (range ? IORING_OP.SYNC_FILE_RANGE : IORING_OP.FSYNC) |
      (sqeFlags << 8);
    const off = range ? io.offset : 0;
    w[b + SQE.OFF_LO] = off >>> 0;
    w[b + SQE.OFF_HI] = (off / 4294967296) >>> 0;
    w[b + SQE.ADDR_LO] = 0;
    w[b + SQE.ADDR_HI] = 0;
    w[b + SQE.LEN] = range ? io.buflen : 0;
    w[b + SQE.RW_FLAGS] = range ? this.sfrFlags : d === DDIR.DATASYNC ? IORING_FSYNC_DATASYNC : 0;
    w[b + SQE.BUF_INDEX] = 0;
  }

  /** Publishes the SQ tail and submits every queued SQE (one enter per batch). */
  commit(): number {
    const st = this.st;
    let q = st[QUEUED];
    if (q === 0) return 0;
    const sq = this.sq;
    if (this.sqpoll) {
      Atomics.store(sq, this.sqTailIdx, st[SQ_TAIL]);
      if ((Atomics.load(sq, this.sqFlagsIdx) & IORING_SQ.NEED_WAKEUP) !== 0) {
        this.enterCalls++;
        this.ring!.enter(q, 0, IORING_ENTER.SQ_WAKEUP);
      }
      st[QUEUED] = 0;
      return 0;
    }
    // The kernel reads the tail only inside the enter below (see
    // src/sys/io_uring.ts on ordering).
    sq[this.sqTailIdx] = st[SQ_TAIL];
    const ring = this.ring!;
    // fio asks for events on every submit. Where the kernel flags pending
    // completion work, dfio asks only then, as liburing's submit does: a
    // cached read completes inside the submit and its CQE is posted without
    // it. Skipping the kernel's wait check gave 3% more 4k cached reads at
    // iodepth 32. Work left pending runs at the next reap's GETEVENTS enter.
    const getEvents = this.pendingWork();
    while (q > 0) {
      this.enterCalls++;
      const rc = ring.enter(q, 0, getEvents);
      if (rc > 0) {
        q -= rc;
      } else if (rc < 0) {
        const e = -rc;
        if (e === EAGAIN || e === EINTR || e === EBUSY) continue;
        // The SQEs left in the ring never reach the kernel's completions.
        st[QUEUED] = 0;
        st[INFLIGHT] -= q;
        this.failed = e;
        return -e;
      }
    }
    st[QUEUED] = 0;
    return 0;
  }

  // Takes every posted CQE (up to `max` - `events`) into `done`, recording
  // each unit's outcome, then releases the slots to the kernel.
  private reap(events: number, max: number): number {
    const st = this.st, cq = this.cq;
    let head = st[CQ_HEAD];
    const tail = this.sqpoll ? Atomics.load(cq, this.cqTailIdx) : cq[this.cqTailIdx];
    let n = events;
    while (head !== tail && n < max) {
      const e = this.cqCqes + ((head & this.cqMask) << 2);
      const io = this.units[cq[e + CQE.USER_DATA_LO]];
      const res = this.cqI32[e + CQE.RES];
      const len = io.buflen;
      io.result = res;
      if (res < 0) {
        io.error = -res;
        io.resid = len;
      } else {
        io.error = 0;
        io.resid = res < len ? len - res : 0;
      }
      this.done[n++] = io;
      head = (head + 1) >>> 0;
    }
    if (n !== events) {
      st[CQ_HEAD] = head;
      st[INFLIGHT] -= n - events;
      if (this.sqpoll) Atomics.store(cq, this.cqHeadIdx, head);
      else cq[this.cqHeadIdx] = head;
    }
    return n - events;
  }

  /**
   * Reaps at least `min` and at most `max` completions. CQEs already posted
   * are taken without a syscall; io_uring_enter(GETEVENTS) waits for the
   * rest (and, with min 0, runs the kernel's deferred completion work once,
   * on rings without TASKRUN_FLAG or when the SQ flags show pending work).
   * `timeoutNs` is not used: the loop always waits without a limit.
   */
  getEvents(min: number, max: number, _timeoutNs: number): number {
    if (this.failed !== 0) {
      const e = this.failed;
      this.failed = 0;
      return -e;
    }
    let events = this.reap(0, max);
    if (events >= min) {
      if (events > 0 || this.sqpoll) return events;
      if (this.pendingWork() === 0) return 0;
      const rc = this.enterGetEvents(0);
      if (rc < 0) return rc;
      return this.reap(0, max);
    }
    let spins = 0;
    while (events < min) {
      if (!this.sqpoll || ++spins > SQPOLL_SPINS) {
        const rc = this.enterGetEvents(min - events);
        if (rc < 0) return rc;
      }
      events += this.reap(events, max);
    }
    return events;
  }

  // GETEVENTS on a ring that does not flag pending work, or when the kernel
  // flags completion work it has not run yet (or CQEs that overflowed the
  // CQ); else 0.
  private pendingWork(): number {
    if (this.submitGetEvents !== 0) return this.submitGetEvents;
    return (this.sq[this.sqFlagsIdx] & (IORING_SQ.TASKRUN | IORING_SQ.CQ_OVERFLOW)) !== 0
      ? IORING_ENTER.GETEVENTS
      : 0;
  }

  private enterGetEvents(min: number): number {
    this.enterCalls++;
    const rc = this.ring!.enter(0, min, IORING_ENTER.GETEVENTS);
    if (rc >= 0) return 0;
    return rc === -EAGAIN || rc === -EINTR || rc === -EBUSY ? 0 : rc;
  }

  // Waits out I/O still in flight (a job stopped by an error): closing the
  // ring would end it asynchronously, after the buffers are gone.
  private drain(): void {
    const ring = this.ring;
    if (ring === null) return;
    if (this.st[QUEUED] !== 0) this.commit();
    const max = this.done.length;
    while (this.st[INFLIGHT] > 0) {
      if (this.reap(0, max) > 0) continue;
      if (this.enterGetEvents(1) < 0) break;
    }
  }

  /** The i-th unit reaped by the last `getEvents`. */
  event(i: number): IoUnit {
    return this.done[i];
  }

  /** Tears down the ring and closes registered files. */
  cleanup(): void {
    this.drain();
    this.ring?.close();
    this.ring = null;
    for (const fd of this.fixedFds) this.c.close(fd);
    this.fixedFds = [];
    this.registeredFiles = [];
    this.regIovs = null;
  }
}
