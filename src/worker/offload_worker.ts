/**
 * Entry of one submit Worker (io_submit_mode=offload, see offload.ts). It
 * builds its own instance of the job's engine (its own libc handle and
 * errno), mirrors the job's io units on the same native buffers (native
 * memory is valid in every thread of the process, and so are the file
 * descriptors), then loops: take a unit index from its ring, run the
 * blocking call, stamp the times, publish the completion. It sleeps on its
 * ring with Atomics.wait after a short spin, and exits when told to stop.
 */

/// <reference lib="deno.worker" />

import { LibaioEngine } from "../engines/libaio.ts";
import { PsyncEngine } from "../engines/psync.ts";
import { PvsyncEngine } from "../engines/pvsync.ts";
import { Pvsync2Engine } from "../engines/pvsync2.ts";
import {
  type Ddir,
  EngineFile,
  type EngineInit,
  type IoEngine,
  IoUnit,
  Q,
} from "../engines/types.ts";
import { makeNowNs, setMonoBaseSec } from "../sys/clock.ts";
import {
  F,
  type OffloadShared,
  publishCompletion,
  SPIN,
  U,
  W,
  WAIT_MS,
  workerBase,
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
  readonly monoBaseSec: number;
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
  setMonoBaseSec(m.monoBaseSec);
  const now = makeNowNs();
  const engine: IoEngine | undefined = createEngine(m.engine);
  if (engine === undefined || engine.init(m.init) < 0) {
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
  if (engine.postInit?.(units, []) != null) {
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
  // One mirror per descriptor number; the job's file may be closed and
  // another opened on the same number, so the per-I/O fields are rewritten.
  const files = new Map<number, EngineFile>();
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
      for (let i = 0; i < SPIN && tail === head; i++) tail = Atomics.load(ctl, base + W.TAIL);
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

    const fd = ints[ib + U.FD];
    let f = files.get(fd);
    if (f === undefined) {
      f = new EngineFile("");
      f.fd = fd;
      files.set(fd, f);
    }
    f.isBlockDevice = ints[ib + U.IS_BLOCK] !== 0;
    f.lastPos = -1;
    io.file = f;
    io.ddir = ints[ib + U.DDIR] as Ddir;
    io.buflen = ints[ib + U.BUFLEN];
    io.offset = floats[fb + F.OFFSET];
    io.setIovLen(io.buflen);
    const t0 = now();
    if (sync) {
      engine.queue(io);
      finish(io, t0, now());
      continue;
    }
    let r = engine.queue(io);
    while (r === Q.BUSY && pending > 0) {
      reap(1);
      r = engine.queue(io);
    }
    if (r !== Q.QUEUED) {
      finish(io, t0, now());
      continue;
    }
    engine.commit();
    issued[idx] = now();
    pending++;
    reap(minReap);
  }
  engine.cleanup();
  self.close();
}

self.onmessage = (e: MessageEvent<OffloadStart>) => {
  serve(e.data);
};
