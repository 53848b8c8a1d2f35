/**
 * Precise pauses inside a job's Worker (rate limits, thinktime, flow
 * holds). A timed `Atomics.wait` on a private word blocks the thread
 * without burning CPU but oversleeps by tens of microseconds, so the pause
 * waits until shortly before the deadline and spins the rest on the clock.
 * Long pauses wait in slices so a stop request ends them quickly.
 */

import { libc } from "../sys/libc.ts";

/** x86-64 sched_yield. */
const SCHED_YIELD = 24n;
/** Below this much time left, spin instead of blocking (ns). */
const MIN_SPIN_NS = 15_000;
/** Most of a wait given up to the expected wake-up delay (ns). */
const MAX_SPIN_NS = 250_000;
/** Longest single blocking wait, so stop requests are seen (ns). */
const SLICE_NS = 50e6;

/** Sleeps with sub-millisecond precision on a job's clock. */
export class Sleeper {
  /** Nobody ever notifies this word: waits on it always time out. */
  private readonly word = new Int32Array(new SharedArrayBuffer(4));
  private readonly now: () => number;
  private readonly stopped: () => boolean;
  /**
   * How late a blocking wait wakes up (ns, a running average); the wait
   * ends that much before the deadline so only a short spin remains.
   */
  private late = 60_000;

  /**
   * `now` is the job's monotonic ns clock; `stopped` says whether the job
   * must stop (checked between wait slices, never per spin turn).
   */
  constructor(now: () => number, stopped: () => boolean) {
    this.now = now;
    this.stopped = stopped;
  }

  /**
   * Returns once the clock reaches `deadline` (ns), or early when the job
   * must stop. Returns the clock at return.
   */
  until(deadline: number): number {
    let t = this.now();
    while (deadline - t > MIN_SPIN_NS) {
      // Aim to wake on time; when the usual delay eats most of what is
      // left, wait half of it anyway: spinning out gaps of a few tens of
      // microseconds would cost a whole CPU at 10k IOPS, and the rate's
      // absolute schedule catches a late I/O up at the next one.
      const left = deadline - t;
      let ask = left - (this.late < MAX_SPIN_NS ? this.late : MAX_SPIN_NS);
      if (ask < left / 2) ask = left / 2;
      if (ask > SLICE_NS) ask = SLICE_NS;
      Atomics.wait(this.word, 0, 0, ask / 1e6);
      const woke = this.now();
      // Learn the wake-up delay (weight 1/8) to aim the next wait.
      const late = woke - t - ask;
      this.late += ((late > 0 ? late : 0) - this.late) / 8;
      t = woke;
      if (this.stopped()) return t;
    }
    while (t < deadline) t = this.now();
    return t;
  }

  /** Sleeps `ns` from now; returns the clock at return. */
  for(ns: number): number {
    return this.until(this.now() + ns);
  }

  /**
   * Gives the CPU to another runnable thread (a retry loop that waits for
   * another job's progress must not burn the time slice that job needs).
   */
  yieldCpu(): void {
    libc().syscall_i32(SCHED_YIELD, 0n, 0n, 0n, 0n, 0n, 0n);
  }

  /** Busy-waits `ns` (fio's thinktime_spin); returns the clock at return. */
  spin(ns: number): number {
    const end = this.now() + ns;
    let t = this.now();
    while (t < end) t = this.now();
    return t;
  }
}
