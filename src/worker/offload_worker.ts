/**
 * Entry of one submit Worker (io_submit_mode=offload, see offload.ts). It
 * builds its own instance of the job's engine (its own libc handle and
 * errno), mirrors the job's io units on the same native buffers (native
 * memory is valid in every thread of the process, and so are the file
 * descriptors; sync, vsync and mmap reopen the file for a position or
 * mapping of their own, see offload_files.ts), then loops: take a unit
 * index from its ring, run the call, stamp the times, publish the
 * completion. It sleeps on its ring with Atomics.wait after a short spin,
 * and exits when told to stop.
 */

/// <reference lib="deno.worker" />

import { Cmdprio } from "../engines/cmdprio.ts";
import { LibaioEngine } from "../engines/libaio.ts";
import { MmapEngine } from "../engines/mmap.ts";
import { NullEngine } from "../engines/null.ts";
import { PsyncEngine } from "../engines/psync.ts";
import { PvsyncEngine } from "../engines/pvsync.ts";
import { Pvsync2Engine } from "../engines/pvsync2.ts";
import { SyncEngine } from "../engines/sync.ts";
import { VsyncEngine } from "../engines/vsync.ts";
import { type Ddir, type EngineInit, type IoEngine, IoUnit, Q } from "../engines/types.ts";
import { libc } from "../sys/libc.ts";
import { WorkerFiles } from "./offload_files.ts";
import { adoptClockBase, type ClockBase, makeNowNs } from "../sys/clock.ts";
import {
  F,
  type OffloadShared,
  publishCompletion,
  SPIN,
  U,
  W,
  WAIT_MS,
  workerBase,
  YIELD_MASK,
  yieldCpu,
} from "./offload_ring.ts";

/** What the job posts to a submit Worker once, at start. */
export interface OffloadStart {
  readonly shared: OffloadShared;
  /** This worker's number (its ring). */
  readonly index: number;
  /** The job's ioengine. */
  readonly engine: string;
  /** The engine settings the job's own engine got. */
  readonly init: EngineInit;
  /** Native address and length of each unit's buffer. */
  readonly bufs: readonly { readonly addr: bigint; readonly len: number }[];
  /** The run's clock base (src/sys/clock.ts). */
  readonly clock: ClockBase;
  /** The job's own ioprio (prio/prioclass), set on the Worker's thread; 0: none. */
  readonly ioprio: number;
  /** Units carry the priority the job's cmdprio chose (libaio). */
  readonly cmdprio: boolean;
  /** The engine works on files the Worker reopens (offload_files.ts). */
  readonly privateFiles: boolean;
}

/** ioprio_set(2) on x86-64, and its "who" for one thread. */
const SYS_IOPRIO_SET = 251n;
const IOPRIO_WHO_PROCESS = 1n;

/**
 * cmdprio on a submit Worker: the job already chose each I/O's priority (as
 * fio's prep does on the job thread); the engine applies what the unit
 * carries.
 */
class ChosenPrio extends Cmdprio {
  constructor(ioprio: number) {
    super({ percentage: [0, 0], ioprio: [0, 0], bssplit: null }, ioprio, 1);
  }

  /** The priority the job chose for `io` (ioprio and prioIndex are set). */
  override select(io: IoUnit): number {
    return io.ioprio;
  }
}

/**
 * The engines offload.ts lets through (built here directly: the registry
 * pulls in every engine and the option catalog, slow to load per Worker).
 */
function createEngine(name: string): IoEngine | undefined {
  if (name === "psync") return new PsyncEngine();
  if (name === "pvsync") return new PvsyncEngine();
  if (name === "pvsync2") return new Pvsync2Engine();
  if (name === "libaio") return new LibaioEngine();
  if (name === "null") return new NullEngine();
  if (name === "mmap") return new MmapEngine();
  if (name === "sync") return new SyncEngine();
  if (name === "vsync") return new VsyncEngine();
  return undefined;
}

/** Serves one job's offloaded I/O until told to stop. */
function serve(m: OffloadStart): void {
  const s = m.shared;
  const ctl = new Int32Array(s.ctl);
  const ints = new Int32Array(s.ints);
  const floats = new Float64Array(s.floats);
  const base = workerBase(s, m.index);
  const ring = base + W.HEADER;
  const mask = s.cap - 1;
  adoptClockBase(m.clock);
  const now = makeNowNs();
  // I/O priority is per thread: each submit thread runs at the job's, as
  // fio's inherit it from the job thread.
  const prioFailed = m.ioprio !== 0 &&
    libc().syscall(SYS_IOPRIO_SET, IOPRIO_WHO_PROCESS, 0n, BigInt(m.ioprio), 0n, 0n, 0n) < 0n;
  const engine: IoEngine | undefined = createEngine(m.engine);
  const init: EngineInit = m.cmdprio
    ? { ...m.init, cmdprio: { ioprio: m.ioprio, prio: new ChosenPrio(m.ioprio), errorLines: null } }
    : m.init;
  if (prioFailed || engine === undefined || engine.init(init) < 0) {
    Atomics.store(ctl, base + W.READY, -1);
    Atomics.notify(ctl, base + W.READY);
    return;
  }
  const units: IoUnit[] = [];
  for (let i = 0; i < m.bufs.length; i++) {
    const u = new IoUnit(i);
    const b = m.bufs[i];
    const ptr = Deno.UnsafePointer.create(b.addr);
    if (ptr !== null && b.len > 0) {
      u.setBuffer(new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(ptr, b.len)), ptr);
    }
    units.push(u);
  }
  // A blocking engine's setup check is the job engine's too, which reports it.
  if (engine.postInit?.(units, []) != null && !engine.flags.sync) {
    engine.cleanup();
    Atomics.store(ctl, base + W.READY, -1);
    Atomics.notify(ctl, base + W.READY);
    return;
  }
  const sync = engine.flags.sync;
  // fio's submit thread reaps without waiting after each queued I/O, except at iodepth 1.
  const minReap = m.init.iodepth === 1 ? 1 : 0;
  /** When each of this worker's queued units was submitted (async engines). */
  const issued = new Float64Array(units.length);
  let pending = 0;
  const finish = (io: IoUnit, t0: number, t1: number) => {
    const idx = io.index, ib = idx * U.STRIDE, fb = idx * F.STRIDE;
    floats[fb + F.ISSUE_NS] = t0;
    floats[fb + F.DONE_NS] = t1;
    ints[ib + U.RESULT] = io.result;
    ints[ib + U.RESID] = io.resid;
    ints[ib + U.ERROR] = io.error;
    publishCompletion(ctl, mask, idx);
  };
  const reap = (min: number) => {
    const n = engine.getEvents(min, pending, -1);
    if (n <= 0) return;
    const t1 = now();
    for (let i = 0; i < n; i++) {
      const io = engine.event(i);
      finish(io, issued[io.index], t1);
    }
    pending -= n;
  };
  const files = new WorkerFiles(engine, m.privateFiles);
  const cmdprio = m.cmdprio;
  Atomics.store(ctl, base + W.READY, 1);
  Atomics.notify(ctl, base + W.READY);
  let head = Atomics.load(ctl, base + W.HEAD);
  for (;;) {
    let tail = Atomics.load(ctl, base + W.TAIL);
    if (tail === head && pending > 0) {
      // Before it idles, fio's submit thread waits for all it has queued.
      reap(pending);
      continue;
    }
    if (tail === head) {
      for (let i = 0; i < SPIN && tail === head; i++) {
        tail = Atomics.load(ctl, base + W.TAIL);
        if ((i & YIELD_MASK) === YIELD_MASK) yieldCpu();
      }
      if (tail === head) {
        Atomics.store(ctl, base + W.IDLE, 1);
        tail = Atomics.load(ctl, base + W.TAIL);
        if (tail === head) {
          if (Atomics.load(ctl, base + W.STOP) !== 0) break;
          Atomics.wait(ctl, base + W.TAIL, tail, WAIT_MS);
        }
        Atomics.store(ctl, base + W.IDLE, 0);
        continue;
      }
    }
    const idx = Atomics.load(ctl, ring + (head & mask));
    head = (head + 1) | 0;
    Atomics.store(ctl, base + W.HEAD, head);
    const io = units[idx];
    const ib = idx * U.STRIDE, fb = idx * F.STRIDE;

    io.ddir = ints[ib + U.DDIR] as Ddir;
    io.buflen = ints[ib + U.BUFLEN];
    io.offset = floats[fb + F.OFFSET];
    io.setIovLen(io.buflen);
    if (cmdprio) {
      io.ioprio = ints[ib + U.IOPRIO];
      io.prioIndex = ints[ib + U.PRIO_INDEX];
    }
    const f = files.file(
      ints[ib + U.FD],
      ints[ib + U.FLAGS],
      ints[ib + U.GEN],
      ints[ib + U.IS_BLOCK] !== 0,
    );
    const t0 = now();
    if (f === null) {
      io.error = files.error;
      io.result = -files.error;
      io.resid = io.buflen;
      finish(io, t0, t0);
      continue;
    }
    io.file = f;
    let r = engine.queue(io);
    if (r === Q.COMPLETED) {
      finish(io, t0, now());
      continue;
    }
    while (r === Q.BUSY && pending > 0) {
      reap(1);
      r = engine.queue(io);
    }
    if (r !== Q.QUEUED) {
      finish(io, t0, now());
      continue;
    }
    const rc = engine.commit();
    if (rc < 0) {
      // The kernel took none of it (libaio's io_submit failed): the unit
      // fails with that errno, and the engine forgets the failure it keeps
      // for its next reap.
      engine.getEvents(0, 0, 0);
      io.error = -rc;
      io.result = rc;
      io.resid = io.buflen;
      finish(io, t0, now());
      continue;
    }
    // A blocking engine (vsync) does the transfer in commit: its call is
    // the whole of it, and it is reaped at once.
    issued[idx] = sync ? t0 : now();
    pending++;
    reap(sync ? pending : minReap);
  }
  files.closeAll();
  engine.cleanup();
  self.close();
}

self.onmessage = (e: MessageEvent<OffloadStart>) => {
  serve(e.data);
};
