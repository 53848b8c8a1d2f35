/**
 * The thread area: one SharedArrayBuffer with a fixed-size slot per job,
 * written by the job's Worker with plain stores and read by the coordinator
 * (ETA line, stop decisions) without any message. Counters are float64 so
 * byte counts beyond 2^31 stay exact up to 2^53; a torn read only affects
 * one ETA refresh.
 *
 * It also carries fio's start hand-off: jobs started together lay out their
 * files one after another in job order (each waits for its predecessor's
 * setup-done word, fio's create_serialize), mark themselves INITIALIZED and
 * sleep on the RELEASE word until the coordinator releases their batch, so
 * they begin I/O together. Waits are futex waits with a timeout, and the
 * stop flags end them too.
 */

/** fio's job run states, in the order a job moves through them. */
export const RunState = {
  NOT_CREATED: 0,
  CREATED: 1,
  INITIALIZED: 2,
  RAMP: 3,
  SETTING_UP: 4,
  RUNNING: 5,
  PRE_READING: 6,
  VERIFYING: 7,
  FSYNCING: 8,
  FINISHING: 9,
  EXITED: 10,
  REAPED: 11,
} as const;
/** One of RunState's values. */
export type RunStateValue = (typeof RunState)[keyof typeof RunState];

/**
 * Whether a job in `state` has begun its I/O (ramp included; finished and
 * reaped jobs count too). SETTING_UP sits between RAMP and RUNNING in
 * fio's order, so `state >= RAMP` alone would count a job still laying out
 * its files.
 */
export function ioStarted(state: number): boolean {
  return state >= RunState.RAMP && state !== RunState.SETTING_UP;
}

/** Float64 fields of a job slot. */
export const Slot = {
  STATE: 0,
  /** Bytes done per direction (read, write, trim). */
  BYTES: 1,
  /** I/Os done per direction (read, write, trim). */
  IOS: 4,
  /** First error (errno), 0 if none. */
  ERROR: 7,
  /** Current rate limit per direction in bytes/s (0 = none), for the ETA. */
  RATE: 8,
  /** Bytes the job expects to do in all (for percent done); 0 = unknown. */
  TOTAL_BYTES: 11,
  /** Runtime limit in ms (0 = none) and elapsed ms since the job started. */
  RUNTIME_MS: 12,
  ELAPSED_MS: 13,
  /**
   * Non-zero: this job alone must stop (exitall of its group, runtime
   * overrun). Written by the coordinator; the Worker checks it with
   * `ThreadArea.shouldStop(slot)`.
   */
  STOP: 14,
  /** Files the job has open now (the ETA line's `f=`). */
  FILES_OPEN: 15,
  /** Size of a slot in float64 fields. */
  SIZE: 16,
} as const;

/** Int32 control words at the start of the buffer (Atomics-friendly). */
export const Control = {
  /** Non-zero: every job stops as soon as it can (SIGINT, exitall). */
  STOP_ALL: 0,
  /**
   * Number of the last start batch the coordinator released: a job of
   * batch n starts its I/O once this is >= n.
   */
  RELEASE: 1,
  /**
   * Status report requests (--status-interval, SIGUSR1): the coordinator
   * bumps it; a running Worker that sees a value it has not answered yet
   * posts a StatusMessage with its statistics so far (checked with the
   * 10 ms slot refresh, never per I/O).
   */
  STATUS: 2,
  /** Size of the control block in int32 words (keeps slots 8-byte aligned). */
  SIZE: 16,
} as const;

/** How long one futex wait of a waiting Worker lasts before it rechecks the stop flags (ms). */
const WAIT_SLICE_MS = 100;

/** Bytes per job: its float64 slot and its int32 setup-done word. */
const BYTES_PER_JOB = Slot.SIZE * 8 + 4;

/** Typed views over one thread area. */
export class ThreadArea {
  /** The shared buffer (posted to every Worker). */
  readonly buffer: SharedArrayBuffer;
  /** Control words. */
  readonly control: Int32Array;
  /** All slots, `Slot.SIZE` float64s per job. */
  readonly slots: Float64Array;
  /** One int32 per job, non-zero once the job's file setup is over (or it ended). */
  readonly setupWords: Int32Array;
  /** Number of job slots. */
  readonly jobs: number;

  constructor(bufferOrJobs: SharedArrayBuffer | number) {
    const buffer = typeof bufferOrJobs === "number"
      ? new SharedArrayBuffer(Control.SIZE * 4 + bufferOrJobs * BYTES_PER_JOB)
      : bufferOrJobs;
    this.buffer = buffer;
    this.jobs = Math.floor((buffer.byteLength - Control.SIZE * 4) / BYTES_PER_JOB);
    this.control = new Int32Array(buffer, 0, Control.SIZE);
    this.slots = new Float64Array(buffer, Control.SIZE * 4, this.jobs * Slot.SIZE);
    this.setupWords = new Int32Array(
      buffer,
      Control.SIZE * 4 + this.jobs * Slot.SIZE * 8,
      this.jobs,
    );
  }

  /** Index of field `field` of job slot `slot` in `slots`. */
  at(slot: number, field: number): number {
    return slot * Slot.SIZE + field;
  }

  /** Asks every job to stop. */
  stopAll(): void {
    Atomics.store(this.control, Control.STOP_ALL, 1);
    this.#wakeWaiters();
  }

  /** Withdraws a stop of every job (jobs started later run normally). */
  clearStopAll(): void {
    Atomics.store(this.control, Control.STOP_ALL, 0);
  }

  /** Whether a stop of every job was requested (cheap enough for every loop turn). */
  stopRequested(): boolean {
    return this.control[Control.STOP_ALL] !== 0;
  }

  /** Asks the job in `slot` alone to stop. */
  stopJob(slot: number): void {
    this.slots[slot * Slot.SIZE + Slot.STOP] = 1;
    this.#wakeWaiters();
  }

  /**
   * Whether the job in `slot` must stop: a stop of all jobs or of this one
   * was requested. This is the check a Worker's loop makes.
   */
  shouldStop(slot: number): boolean {
    return this.control[Control.STOP_ALL] !== 0 || this.slots[slot * Slot.SIZE + Slot.STOP] !== 0;
  }

  /** The run state of the job in `slot`. */
  state(slot: number): RunStateValue {
    return this.slots[slot * Slot.SIZE + Slot.STATE] as RunStateValue;
  }

  /** Sets the run state of the job in `slot`. */
  setState(slot: number, state: RunStateValue): void {
    this.slots[slot * Slot.SIZE + Slot.STATE] = state;
  }

  /**
   * Runs `setup` with the job in `slot` shown as SETTING_UP (fio's `I`
   * while it lays out files), then puts back the state it had before, as
   * fio does around its file setup. Worker side.
   */
  settingUp<T>(slot: number, setup: () => T): T {
    const at = slot * Slot.SIZE + Slot.STATE;
    const before = this.slots[at];
    this.slots[at] = RunState.SETTING_UP;
    try {
      return setup();
    } finally {
      // A stop or failure may have moved the state on meanwhile; only undo our own.
      if (this.slots[at] === RunState.SETTING_UP) this.slots[at] = before;
    }
  }

  /** Records that the job in `slot` is done with its file setup (or will never do it). */
  markSetupDone(slot: number): void {
    Atomics.store(this.setupWords, slot, 1);
    Atomics.notify(this.setupWords, slot);
  }

  /** Whether the job in `slot` is done with its file setup. */
  setupDone(slot: number): boolean {
    return Atomics.load(this.setupWords, slot) !== 0;
  }

  /**
   * Worker side: blocks until the job in `after` is done with its file
   * setup (-1: nobody to wait for) or the job in `slot` must stop.
   */
  waitForSetupOf(after: number, slot: number): void {
    if (after < 0) return;
    while (Atomics.load(this.setupWords, after) === 0 && !this.shouldStop(slot)) {
      Atomics.wait(this.setupWords, after, 0, WAIT_SLICE_MS);
    }
  }

  /** Coordinator side: lets every job of start batch `batch` (and earlier) begin its I/O. */
  release(batch: number): void {
    Atomics.store(this.control, Control.RELEASE, batch);
    Atomics.notify(this.control, Control.RELEASE);
  }

  /**
   * Worker side: blocks until start batch `batch` is released or the job in
   * `slot` must stop. Batch 0 never waits. True when released.
   */
  waitForRelease(batch: number, slot: number): boolean {
    for (;;) {
      const released = Atomics.load(this.control, Control.RELEASE);
      if (released >= batch) return true;
      if (this.shouldStop(slot)) return false;
      Atomics.wait(this.control, Control.RELEASE, released, WAIT_SLICE_MS);
    }
  }

  /** Coordinator side: asks every running job for a status snapshot; returns the request number. */
  requestStatus(): number {
    return Atomics.add(this.control, Control.STATUS, 1) + 1;
  }

  /** The latest status request number (a Worker starts answering after this one). */
  statusRequest(): number {
    return Atomics.load(this.control, Control.STATUS);
  }

  /** Wakes Workers blocked in a wait so they see a stop request at once. */
  #wakeWaiters(): void {
    Atomics.notify(this.control, Control.RELEASE);
    for (let i = 0; i < this.jobs; i++) Atomics.notify(this.setupWords, i);
  }
}
