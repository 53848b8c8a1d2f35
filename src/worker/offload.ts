/**
 * io_submit_mode=offload: the job's Worker prepares io units and hands them
 * to a pool of submit Workers (as many as iodepth, as fio starts as many
 * submit threads), each running the job's engine on its own thread, so
 * `iodepth` blocking pread/pwrite calls really run at once.
 *
 * Hand-off is through shared memory only (offload_ring.ts): no message per
 * I/O. The job picks a worker as fio's workqueue does (the first idle one,
 * round robin from the last pick, else the one with the fewest units
 * queued), writes the unit's descriptor, pushes its index on that worker's
 * ring and wakes it only if it sleeps. Completions come back on one shared
 * ring that {@link OffloadEngine.getEvents} drains (and sleeps on).
 *
 * The adapter implements IoEngine so file setup, open and close go to the
 * job's own engine; the I/O itself runs through OffloadPass
 * (offload_pass.ts), which accounts like fio's offload mode. Outside a pass
 * (end_fsync, the verify phase) I/O runs inline on the job's own engine,
 * as fio's job thread does it.
 *
 * Priorities: each submit Worker sets the job's prio/prioclass on its own
 * thread (ioprio is per thread); cmdprio's per-I/O choice is made here, on
 * the job's Worker with the job's random stream (as fio's prep does on the
 * job thread), and the unit's descriptor carries it to the engine.
 */

import type {
  EngineFile,
  EngineFlags,
  EngineSetupFailure,
  IoEngine,
  IoUnit,
  QueueStatus,
} from "../engines/types.ts";
import { optionFlag, Q } from "../engines/types.ts";
import { FioError } from "../errors.ts";
import { stringOption } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";
import type { Cmdprio } from "../engines/cmdprio.ts";
import { clockBase } from "../sys/clock.ts";
import type { OffloadStart } from "./offload_worker.ts";
import { FIO_REFUSES_OFFLOAD, offloadRefusal, RefusedOffload } from "./offload_refusal.ts";
import {
  allocShared,
  C,
  F,
  type OffloadShared,
  SPIN,
  U,
  W,
  WAIT_MS,
  workerBase,
  YIELD_MASK,
  yieldCpu,
} from "./offload_ring.ts";

/** How an engine runs on the submit Workers (measured against fio 3.33). */
export interface OffloadKind {
  /** Submission latency is measured: libaio's io_submit on the submit thread. */
  readonly slat: boolean;
  /**
   * Each I/O counts one submit and one completion of depth 1 (every engine
   * but null: fio's submit threads leave null's distributions empty).
   */
  readonly marks: boolean;
  /**
   * Each submit Worker reopens the file for itself: sync and vsync then
   * seek and transfer on a file position of their own (fio's submit threads
   * share the job's one and race on it: its job thread seeks while they
   * read), and mmap maps it in that Worker.
   */
  readonly privateFiles: boolean;
  /** The engine carries cmdprio's per-I/O priority (fio's cmdprio engines). */
  readonly cmdprio: boolean;
  /**
   * The submit Worker's engine keeps the job's iodepth; the others get 1,
   * as fio's submit threads do (null and vsync then complete in `queue`).
   */
  readonly keepDepth: boolean;
}

const BLOCKING: OffloadKind = {
  slat: false,
  marks: true,
  privateFiles: false,
  cmdprio: false,
  keepDepth: false,
};
const REOPENING: OffloadKind = { ...BLOCKING, privateFiles: true };

/**
 * The engines whose I/O can be offloaded. io_uring fails as in fio 3.33
 * (offload_refusal.ts); posixaio is refused: fio 3.33 completes no I/O with
 * it offloaded (its job hangs), so there is no behaviour to follow.
 */
export const OFFLOAD_KINDS: Readonly<Record<string, OffloadKind>> = {
  psync: BLOCKING,
  pvsync: BLOCKING,
  pvsync2: BLOCKING,
  sync: REOPENING,
  vsync: REOPENING,
  mmap: REOPENING,
  null: { ...BLOCKING, marks: false },
  libaio: { slat: true, marks: true, privateFiles: false, cmdprio: true, keepDepth: true },
};

/** Whether `spec` asks for io_submit_mode=offload. */
export function wantsOffload(spec: JobSpec): boolean {
  return stringOption(spec, "io_submit_mode", "inline") === "offload";
}

/** Refuses offload for engines it does not work with yet (fio's message style). */
export function checkOffload(spec: JobSpec): void {
  if (!wantsOffload(spec) || FIO_REFUSES_OFFLOAD.has(spec.ioengine)) return;
  if (!Object.hasOwn(OFFLOAD_KINDS, spec.ioengine)) {
    throw new FioError(
      `fio: option 'io_submit_mode=offload' is not supported yet with ioengine=${spec.ioengine}` +
        ` (supported: ${Object.keys(OFFLOAD_KINDS).join(", ")})`,
    );
  }
  // Each submit Worker maps the file for itself: private (copy on write)
  // mappings would keep each Worker's writes from the file and the others.
  if (
    spec.ioengine === "mmap" &&
    optionFlag(spec.options["thp"] as number | string | boolean | undefined)
  ) {
    throw new FioError(
      "fio: option 'thp' with ioengine=mmap and io_submit_mode=offload is not supported yet",
    );
  }
}

/** The submit Worker's module (kept a literal URL so `deno compile` bundles it). */
const WORKER_URL = new URL("./offload_worker.ts", import.meta.url).href;

/** An IoEngine whose I/O runs on submit Workers. */
export class OffloadEngine implements IoEngine {
  /** The job's engine name. */
  readonly name: string;
  /**
   * The job engine's flags as a queueing engine; submission latency only
   * for async engines (a blocking call on a submit thread has none).
   */
  readonly flags: EngineFlags;
  /** The job's own engine (files, and inline I/O outside passes). */
  readonly inner: IoEngine;
  /** Set by OffloadPass while it runs: queue() offloads only then. */
  active = false;
  /** Each I/O counts one submit and one completion (see {@link OffloadKind}). */
  readonly marks: boolean;
  /** cmdprio's chooser: the job picks each I/O's priority, as fio's prep does. */
  private readonly cmdprio: Cmdprio | null;
  /** The submit Workers reopen files: each I/O carries the file's opening. */
  private readonly privateFiles: boolean;
  /** Per descriptor number, which opening it is (privateFiles engines). */
  private fdGen = new Int32Array(64);
  private gen = 0;
  private readonly s: OffloadShared;
  private readonly ctl: Int32Array;
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;
  private readonly workers: Worker[] = [];
  private readonly units: readonly IoUnit[];
  /** Units queued on each worker and not yet reaped. */
  private readonly load: Int32Array;
  /** Worker of each unit in flight, -1 when the job holds it. */
  private readonly owner: Int32Array;
  /** Each worker's ring tail (only the job writes it). */
  private readonly tails: Int32Array;
  private readonly mask: number;
  private next = 0;
  private head = 0;
  /** Completed units taken off the ring and not yet handed out. */
  private readonly done: Int32Array;
  private ndone = 0;
  /** Units handed out by the last getEvents. */
  private readonly events: Int32Array;

  constructor(
    inner: IoEngine,
    units: readonly IoUnit[],
    start: Omit<OffloadStart, "shared" | "index" | "bufs" | "clock">,
    /** The job's cmdprio chooser, used when `start.cmdprio` is set. */
    cmdprio?: Cmdprio | null,
  ) {
    this.inner = inner;
    this.name = inner.name;
    const kind = OFFLOAD_KINDS[start.engine] ?? BLOCKING;
    this.flags = { ...inner.flags, sync: false, noSlat: !kind.slat || inner.flags.noSlat === true };
    this.marks = kind.marks;
    this.privateFiles = start.privateFiles;
    this.cmdprio = start.cmdprio ? cmdprio ?? null : null;
    this.units = units;
    const n = units.length;
    this.s = allocShared(n, n);
    this.ctl = new Int32Array(this.s.ctl);
    this.ints = new Int32Array(this.s.ints);
    this.floats = new Float64Array(this.s.floats);
    this.mask = this.s.cap - 1;
    this.load = new Int32Array(n);
    this.owner = new Int32Array(n).fill(-1);
    this.tails = new Int32Array(n);
    this.done = new Int32Array(n);
    this.events = new Int32Array(n);
    const bufs = units.map((u) => ({ addr: u.bufAddr, len: u.buf.length }));
    const clock = clockBase();
    for (let w = 0; w < n; w++) {
      const worker = new Worker(WORKER_URL, { type: "module", name: `${inner.name}-submit-${w}` });
      const msg: OffloadStart = { ...start, shared: this.s, index: w, bufs, clock };
      worker.postMessage(msg);
      this.workers.push(worker);
    }
    for (let w = 0; w < n; w++) {
      const at = workerBase(this.s, w) + W.READY;
      // Startup takes tens of ms per Worker; the bound only guards a hang.
      const until = Date.now() + 60_000;
      while (Atomics.load(this.ctl, at) === 0 && Date.now() < until) {
        Atomics.wait(this.ctl, at, 0, WAIT_MS);
      }
      if (Atomics.load(this.ctl, at) !== 1) {
        this.cleanup();
        throw new FioError(`fio: ${inner.name}: submit worker ${w} failed to start`);
      }
    }
  }

  /** Units in flight (queued and not yet handed out by getEvents). */
  get inflight(): number {
    let k = 0;
    for (let w = 0; w < this.load.length; w++) k += this.load[w];
    return k;
  }

  /** Nothing to set up: the job's engine was initialised already. */
  init(): number {
    return 0;
  }

  /** The job engine's second setup stage (its failures are the job's). */
  postInit(units: readonly IoUnit[], files: readonly EngineFile[]): EngineSetupFailure | null {
    return this.inner.postInit?.(units, files) ?? null;
  }

  /** Opens with the job's engine (a new opening for Workers that reopen files). */
  openFile(f: EngineFile): number {
    const rc = this.inner.openFile(f);
    if (rc === 0 && this.privateFiles && f.fd >= 0) {
      if (f.fd >= this.fdGen.length) {
        const grown = new Int32Array(Math.max(f.fd + 1, this.fdGen.length * 2));
        grown.set(this.fdGen);
        this.fdGen = grown;
      }
      this.gen = (this.gen + 1) | 0;
      this.fdGen[f.fd] = this.gen;
    }
    return rc;
  }

  /** Closes with the job's engine, once no submit worker still uses `f`. */
  closeFile(f: EngineFile): number {
    for (;;) {
      let busy = false;
      for (let i = 0; i < this.units.length; i++) {
        if (this.owner[i] >= 0 && this.units[i].file === f && !this.isDone(i)) busy = true;
      }
      if (!busy) break;
      this.collect(this.ndone + 1);
    }
    return this.inner.closeFile(f);
  }

  /** Whether unit i is in the done list (completed, not handed out). */
  private isDone(i: number): boolean {
    for (let k = 0; k < this.ndone; k++) if (this.done[k] === i) return true;
    return false;
  }

  /** Hands `io` to a submit worker (inline on the job's engine outside a pass). */
  queue(io: IoUnit): QueueStatus {
    if (!this.active) return this.inner.queue(io);
    const i = io.index, ints = this.ints, ib = i * U.STRIDE, fb = i * F.STRIDE;
    ints[ib + U.DDIR] = io.ddir;
    ints[ib + U.FD] = io.file.fd;
    ints[ib + U.BUFLEN] = io.buflen;
    ints[ib + U.IS_BLOCK] = io.file.isBlockDevice ? 1 : 0;
    if (this.privateFiles) {
      ints[ib + U.FLAGS] = io.file.flags;
      ints[ib + U.GEN] = io.file.fd >= 0 ? this.fdGen[io.file.fd] : 0;
    }
    if (this.cmdprio !== null) {
      this.cmdprio.select(io);
      ints[ib + U.IOPRIO] = io.ioprio;
      ints[ib + U.PRIO_INDEX] = io.prioIndex;
    }
    this.floats[fb + F.OFFSET] = io.offset;
    const w = this.pick();
    this.owner[i] = w;
    this.load[w]++;
    const base = workerBase(this.s, w), ctl = this.ctl;
    const t = this.tails[w];
    Atomics.store(ctl, base + W.HEADER + (t & this.mask), i);
    this.tails[w] = (t + 1) | 0;
    Atomics.store(ctl, base + W.TAIL, this.tails[w]);
    if (Atomics.load(ctl, base + W.IDLE) !== 0) Atomics.notify(ctl, base + W.TAIL);
    return Q.QUEUED;
  }

  /** fio's workqueue choice: an idle worker from the round-robin point, else the least loaded. */
  private pick(): number {
    const load = this.load, n = load.length;
    let best = -1;
    for (let k = 0, w = this.next; k < n; k++) {
      if (load[w] === 0) {
        best = w;
        break;
      }
      if (best < 0 || load[w] < load[best]) best = w;
      w = w + 1 === n ? 0 : w + 1;
    }
    if (best === this.next) this.next = best + 1 === n ? 0 : best + 1;
    return best;
  }

  /** Offloaded units are submitted as they are queued (inline: the job's engine commits). */
  commit(): number {
    return this.active ? 0 : this.inner.commit();
  }

  /**
   * Waits for at least `min` completions (timeoutNs < 0: no limit) and
   * hands out at most `max`.
   */
  getEvents(min: number, max: number, timeoutNs: number): number {
    if (!this.active) return this.inner.getEvents(min, max, timeoutNs);
    this.collect(min, timeoutNs);
    const k = this.ndone < max ? this.ndone : max;
    const ev = this.events, done = this.done;
    for (let j = 0; j < k; j++) {
      const i = done[j];
      ev[j] = i;
      this.load[this.owner[i]]--;
      this.owner[i] = -1;
      const u = this.units[i], ib = i * U.STRIDE;
      u.result = this.ints[ib + U.RESULT];
      u.resid = this.ints[ib + U.RESID];
      u.error = this.ints[ib + U.ERROR];
    }
    // Keep the rest (rarely any) for the next call.
    for (let j = k; j < this.ndone; j++) done[j - k] = done[j];
    this.ndone -= k;
    return k;
  }

  /** The i-th unit reaped by the last getEvents. */
  event(i: number): IoUnit {
    return this.active ? this.units[this.events[i]] : this.inner.event(i);
  }

  /** When the submit worker started unit `io`'s call, ns. */
  issueNs(io: IoUnit): number {
    return this.floats[io.index * F.STRIDE + F.ISSUE_NS];
  }

  /** When unit `io`'s call returned, ns. */
  doneNs(io: IoUnit): number {
    return this.floats[io.index * F.STRIDE + F.DONE_NS];
  }

  /** Moves published completions to the done list until it holds `min` (or time runs out). */
  private collect(min: number, timeoutNs = -1): void {
    const ctl = this.ctl, mask = this.mask;
    let spins = 0;
    const until = timeoutNs < 0 ? Infinity : Date.now() + timeoutNs / 1e6;
    for (;;) {
      for (;;) {
        const at = C.HEADER + (this.head & mask);
        const v = Atomics.load(ctl, at);
        if (v === 0) break;
        Atomics.store(ctl, at, 0);
        this.head = (this.head + 1) | 0;
        this.done[this.ndone++] = v - 1;
      }
      if (this.ndone >= min) return;
      if (spins < SPIN) {
        spins++;
        if ((spins & YIELD_MASK) === 0) yieldCpu();
        continue;
      }
      const left = until - Date.now();
      if (left <= 0) return;
      const seq = Atomics.load(ctl, C.SEQ);
      Atomics.store(ctl, C.WAITING, 1);
      if (Atomics.load(ctl, C.HEADER + (this.head & mask)) === 0) {
        Atomics.wait(ctl, C.SEQ, seq, left < WAIT_MS ? left : WAIT_MS);
      }
      Atomics.store(ctl, C.WAITING, 0);
    }
  }

  /** Stops the submit workers, then cleans up the job's engine. */
  cleanup(): void {
    const ctl = this.ctl;
    for (let w = 0; w < this.workers.length; w++) {
      const base = workerBase(this.s, w);
      Atomics.store(ctl, base + W.STOP, 1);
      Atomics.notify(ctl, base + W.TAIL);
    }
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
    this.inner.cleanup();
  }
}

/** The offload adapter behind `engine`, or null for an ordinary engine. */
export function asOffload(engine: IoEngine): OffloadEngine | null {
  return engine instanceof OffloadEngine ? engine : null;
}

/**
 * Wraps the job's engine for io_submit_mode=offload (returns it unchanged
 * otherwise). Call once the units have their buffers; `init` is what the
 * job's engine was initialised with.
 */
export function offloadEngine(
  spec: JobSpec,
  engine: IoEngine,
  units: readonly IoUnit[],
  init: OffloadStart["init"],
): IoEngine {
  if (!wantsOffload(spec)) return engine;
  checkOffload(spec);
  // fio's own failure: its submit threads cannot load the engine.
  if (FIO_REFUSES_OFFLOAD.has(spec.ioengine)) {
    return new RefusedOffload(engine, offloadRefusal(spec.ioengine, units.length));
  }
  const kind = OFFLOAD_KINDS[spec.ioengine];
  // Only plain data crosses to the workers: the job chooses cmdprio's
  // priorities and the ring carries them.
  const plain = { ...init, cmdprio: undefined, iodepth: kind.keepDepth ? init.iodepth : 1 };
  const prio = kind.cmdprio ? init.cmdprio?.prio ?? null : null;
  return new OffloadEngine(engine, units, {
    engine: spec.ioengine,
    init: plain,
    ioprio: init.cmdprio?.ioprio ?? 0,
    cmdprio: prio !== null,
    privateFiles: kind.privateFiles,
  }, prio);
}
