/**
 * verify_async=N: the data of completed verify reads is checked by N
 * helper Workers started by the job's Worker, in parallel with the job's
 * I/O (fio's async verify threads).
 *
 * fio hands the io_u itself to a verify thread and reuses it only once
 * checked. dfio copies the read block into a slot of a SharedArrayBuffer
 * pool instead (one memcpy, cheaper than any checksum but crc32c), so the
 * I/O loop keeps all its io units and needs no change: a unit is free as
 * soon as its copy is queued. The job waits only when every slot is
 * taken. A failure found by a helper stops the job at its next verify read
 * (or at its end), reported as fio reports an async verify failure. Until
 * the first helper is up (Deno starts a nested Worker in 0.5-1 s) reads
 * are checked inline, as without verify_async.
 *
 * Shared layout (see `poolLayout`): control words, slot states, the queue
 * ring of slot indices, per-slot I/O fields, per-slot failure text, and the
 * block copies. A slot goes FREE -> QUEUED (job) -> OK | BAD (helper) ->
 * FREE (job, when it collects results).
 */

import type { EngineFile, IoUnit } from "../../engines/types.ts";
import { FioError } from "../../errors.ts";
import { errnoMessage } from "../../sys/errno.ts";
import { numberOption } from "../../job/options.ts";
import type { JobSpec } from "../../job/spec.ts";
import type { History } from "./history.ts";
import type { Verifier } from "./verifier.ts";
import type { VerifyOptions } from "./options.ts";

/** Control words. */
export const CTL = {
  /** Slots queued so far (the ring's tail). */
  TAIL: 0,
  /** Slots taken by helpers so far (the ring's head). */
  HEAD: 1,
  /** Checks finished so far. */
  DONE: 2,
  /** Set to 1 when helpers must exit. */
  STOP: 3,
  /** Helpers that have started. */
  READY: 4,
} as const;

/** Slot states. */
export const SLOT = { FREE: 0, QUEUED: 1, OK: 2, BAD: 3 } as const;

/** Per-slot I/O fields (Float64). */
export const F = {
  OFFSET: 0,
  BUFLEN: 1,
  BYTES: 2,
  FILE: 3,
  /** 1 when the read is of the verify history (the entry fields below are valid). */
  ENTRY: 4,
  SEED_LO: 5,
  SEED_HI: 6,
  NUMBERIO: 7,
  ELEN: 8,
  N: 9,
} as const;

/** Bytes of failure text a slot can carry. */
export const TEXT_BYTES = 4096;

/** Where each part lives in the shared buffer. */
export interface PoolLayout {
  readonly slots: number;
  readonly stride: number;
  readonly ctl: number;
  readonly state: number;
  readonly ring: number;
  readonly textLen: number;
  readonly fields: number;
  readonly text: number;
  readonly data: number;
  readonly bytes: number;
}

/** The shared buffer's layout for `slots` slots of `maxBs` bytes. */
export function poolLayout(slots: number, maxBs: number): PoolLayout {
  const stride = Math.ceil(maxBs / 4096) * 4096;
  const ctl = 0;
  const state = 64;
  const ring = state + 4 * slots;
  const textLen = ring + 4 * slots;
  const fields = Math.ceil((textLen + 4 * slots) / 8) * 8;
  const text = fields + 8 * F.N * slots;
  const data = Math.ceil((text + TEXT_BYTES * slots) / 4096) * 4096;
  return {
    slots,
    stride,
    ctl,
    state,
    ring,
    textLen,
    fields,
    text,
    data,
    bytes: data + stride * slots,
  };
}

/** What a helper Worker is started with. */
export interface HelperInit {
  readonly type: "init";
  readonly sab: SharedArrayBuffer;
  readonly slots: number;
  readonly maxBs: number;
  /** The job's verify options, without the checksum object (helpers look it up by method). */
  readonly opts: Omit<VerifyOptions, "kind">;
  /** File names by index (for reports). */
  readonly files: readonly string[];
  /** CPUs to pin the helper to (verify_async_cpus), or null. */
  readonly cpus: readonly number[] | null;
}

/** fio's error text for a failure found by an async verify thread. */
export const ASYNC_WHERE = "file:verify.c:1441, func=async_verify";

/** How long the job waits without any check finishing before it gives up on the helpers, ms. */
const STALL_MS = 30_000;

/** The job's side of the helper pool. */
export class AsyncVerify {
  /** fio's error text once a helper found bad data. */
  errorText = "";
  private readonly lay: PoolLayout;
  private readonly ctl: Int32Array;
  private readonly state: Int32Array;
  private readonly ring: Int32Array;
  private readonly textLen: Int32Array;
  private readonly fields: Float64Array;
  private readonly text: Uint8Array;
  private readonly data: Uint8Array;
  private readonly free: Int32Array;
  private nfree: number;
  private queued = 0;
  private seenDone = 0;
  private failed = false;
  private readonly helpers: Worker[] = [];
  private readonly log: (line: string) => void;
  private readonly fileIndex: Map<EngineFile, number>;

  constructor(
    opts: VerifyOptions,
    helpers: number,
    cpus: readonly number[] | null,
    maxBs: number,
    files: readonly EngineFile[],
    log: (line: string) => void,
  ) {
    this.fileIndex = new Map(files.map((f, i) => [f, i]));
    const slots = Math.max(16, 4 * helpers);
    const lay = this.lay = poolLayout(slots, maxBs);
    const sab = new SharedArrayBuffer(lay.bytes);
    this.ctl = new Int32Array(sab, lay.ctl, 16);
    this.state = new Int32Array(sab, lay.state, slots);
    this.ring = new Int32Array(sab, lay.ring, slots);
    this.textLen = new Int32Array(sab, lay.textLen, slots);
    this.fields = new Float64Array(sab, lay.fields, F.N * slots);
    this.text = new Uint8Array(sab, lay.text, TEXT_BYTES * slots);
    this.data = new Uint8Array(sab, lay.data, lay.stride * slots);
    this.free = new Int32Array(slots);
    for (let i = 0; i < slots; i++) this.free[i] = slots - 1 - i;
    this.nfree = slots;
    this.log = log;
    const { kind: _kind, ...plain } = opts;
    const names = files.map((f) => f.name);
    const init: HelperInit = { type: "init", sab, slots, maxBs, opts: plain, files: names, cpus };
    for (let i = 0; i < helpers; i++) {
      const w = new Worker(new URL("./async_worker.ts", import.meta.url), {
        type: "module",
        name: `verify_async ${i}`,
      });
      w.postMessage(init);
      this.helpers.push(w);
    }
  }

  /**
   * Queues the check of a completed read (history entry `e`, or -1 for a
   * plain read of a read-only job). False once a helper found bad data:
   * its report is logged and `errorText` is set.
   */
  submit(io: IoUnit, h: History, e: number, bytes: number): boolean {
    if (this.failed) return false;
    if (this.nfree === 0 || Atomics.load(this.ctl, CTL.DONE) !== this.seenDone) this.collect();
    while (this.nfree === 0 && !this.failed) this.waitForOne();
    if (this.failed) return false;
    const s = this.free[--this.nfree];
    const len = io.buflen;
    this.data.set(io.buf.subarray(0, len), s * this.lay.stride);
    const f = this.fields, b = s * F.N;
    f[b + F.OFFSET] = io.offset;
    f[b + F.BUFLEN] = len;
    f[b + F.BYTES] = bytes;
    f[b + F.FILE] = e >= 0 ? h.file[e] : this.fileIndex.get(io.file) ?? 0;
    f[b + F.ENTRY] = e >= 0 ? 1 : 0;
    if (e >= 0) {
      f[b + F.SEED_LO] = h.seedLo[e];
      f[b + F.SEED_HI] = h.seedHi[e];
      f[b + F.NUMBERIO] = h.numberio[e];
      f[b + F.ELEN] = h.len[e];
    }
    // Atomic stores: helpers on other threads read these.
    Atomics.store(this.state, s, SLOT.QUEUED);
    const tail = this.queued++;
    Atomics.store(this.ring, tail % this.lay.slots, s);
    Atomics.store(this.ctl, CTL.TAIL, this.queued);
    Atomics.notify(this.ctl, CTL.TAIL, 1);
    return true;
  }

  /**
   * Whether a helper has started. A Worker started from a Worker takes
   * 0.5-1 s to come up in Deno 2.9.6; until then the job checks inline
   * rather than wait (the result is the same).
   */
  ready(): boolean {
    return this.isReady || (this.isReady = Atomics.load(this.ctl, CTL.READY) > 0);
  }
  private isReady = false;

  /** Waits for every queued check; false if any found bad data. */
  drain(): boolean {
    while (this.nfree < this.lay.slots && !this.broken) {
      this.collect();
      if (this.nfree < this.lay.slots) this.waitForOne();
    }
    return !this.failed;
  }

  /** Stops the helpers (after `drain`, or to abandon what is queued). */
  close(): void {
    Atomics.store(this.ctl, CTL.STOP, 1);
    Atomics.notify(this.ctl, CTL.TAIL);
    for (const w of this.helpers) w.terminate();
    this.helpers.length = 0;
  }

  /** Takes back every finished slot; the first bad one is reported. */
  private collect(): void {
    this.seenDone = Atomics.load(this.ctl, CTL.DONE);
    const st = this.state;
    for (let s = 0; s < st.length; s++) {
      const v = Atomics.load(st, s);
      if (v !== SLOT.OK && v !== SLOT.BAD) continue;
      if (v === SLOT.BAD && !this.failed) {
        this.failed = true;
        const n = this.textLen[s];
        const at = s * TEXT_BYTES;
        this.log(new TextDecoder().decode(this.text.slice(at, at + n)));
        this.errorText = `${ASYNC_WHERE}, error=${errnoMessage(84)}`;
      }
      Atomics.store(st, s, SLOT.FREE);
      this.free[this.nfree++] = s;
    }
  }

  /**
   * Blocks until a helper finishes a check. A pool where nothing finishes
   * for STALL_MS is broken (a helper died): the job fails rather than hang.
   */
  private waitForOne(): void {
    const seen = this.seenDone;
    const t0 = Date.now();
    while (Atomics.load(this.ctl, CTL.DONE) === seen) {
      Atomics.wait(this.ctl, CTL.DONE, seen, 100);
      if (Date.now() - t0 > STALL_MS) {
        this.broken = true;
        throw new FioError("fio: verify_async helpers stopped checking blocks");
      }
    }
    this.collect();
  }
  /** The helpers stopped making progress: nothing more is waited for. */
  private broken = false;
}

/**
 * Starts the job's helpers when verify_async > 0 (and reads are checked at
 * all): verify_async_cpus pins them.
 */
export function attachAsyncVerify(
  spec: JobSpec,
  v: Verifier,
  files: readonly EngineFile[],
  maxBs: number,
  log: (line: string) => void,
): void {
  const n = numberOption(spec, "verify_async", 0);
  if (n <= 0 || !v.opts.check) return;
  const cpus = spec.options["verify_async_cpus"];
  const list = Array.isArray(cpus) && cpus.length > 0 ? cpus as number[] : null;
  v.async = new AsyncVerify(v.opts, n, list, maxBs, files, log);
}

/**
 * Waits for the job's outstanding checks and stops the helpers; false when
 * a helper found bad data (the verifier's errorText says how fio reports it).
 */
export function finishAsyncVerify(v: Verifier): boolean {
  const a = v.async;
  if (a === null) return true;
  let ok = true;
  try {
    ok = a.drain();
  } finally {
    a.close();
    v.async = null;
  }
  if (!ok) v.errorText = a.errorText;
  return ok;
}
