/**
 * The monotonic nanosecond clock of the I/O loop, from the source the job's
 * `clocksource` names, as fio:
 * - `cpu` (fio's default where the CPU's counter is invariant): the
 *   time-stamp counter (src/sys/cpu_clock.ts, about 10 ns per read),
 *   scaled by a rate the coordinator measures against CLOCK_MONOTONIC;
 * - `clock_gettime` (the default elsewhere): FFI
 *   `clock_gettime(CLOCK_MONOTONIC)` into a preallocated timespec, read back
 *   as a plain number (about 30 ns per read, against about 90 ns for
 *   `performance.now()`, and with whole nanoseconds);
 * - `gettimeofday`: the same clock cut to whole microseconds, the
 *   resolution of fio's gettimeofday(2) readings.
 *
 * Times are nanoseconds since a base second (`monoBaseSec`), not since boot,
 * so they stay exact integers in a double for 104 days after the base
 * rather than 104 days after boot. The base lies `BASE_LEAD_SEC` before the
 * first reading, so every time is above 2^32 from the first I/O on: V8 then
 * sees times as doubles from the start. Times starting below 2^30 and
 * crossing it a second into the run made every hot function that handles
 * one deoptimise ("not a Smi") and recompile, which with many jobs per CPU
 * kept the jobs in slow code for seconds. Isolates that compare times share
 * the base (`adoptClockBase`).
 */

import { FioError } from "../errors.ts";
import { CLOCK, libc } from "./libc.ts";
import { CounterClock, cpuCounterUsable, readTicks } from "./cpu_clock.ts";

/** fio's clock sources (the `clocksource` option). */
export type ClockSource = "cpu" | "clock_gettime" | "gettimeofday";

// timespec { i64 tv_sec; i64 tv_nsec }, read as 32-bit halves: tv_sec fits in
// 31 bits for 68 years of uptime and tv_nsec is below 1e9.
const ts = new Int32Array(4);
const tsPtr = Deno.UnsafePointer.of(ts);
let base = -1;
/** Seconds between the base and the first reading (see the module doc). */
const BASE_LEAD_SEC = 8;
let shared: (() => number) | undefined;
let source: ClockSource = "clock_gettime";
let counter: CounterClock | null = null;

function read(): void {
  libc().clock_gettime(CLOCK.MONOTONIC, tsPtr);
}

/** The base second of this isolate's clock (fixed at first use). */
export function monoBaseSec(): number {
  if (base < 0) {
    read();
    base = ts[0] - BASE_LEAD_SEC;
  }
  return base;
}

/** Nanoseconds on CLOCK_MONOTONIC since boot (calibration only). */
function monotonicNs(): number {
  read();
  return ts[0] * 1e9 + ts[2];
}

/**
 * A counter reading and the CLOCK_MONOTONIC time it stood for: the counter
 * read on both sides of the clock, best of a few tries (the narrowest
 * bracket), the midpoint taken.
 */
function pairNow(): { tick: bigint; ns: number } {
  let best = { tick: 0n, ns: 0, width: Infinity };
  for (let i = 0; i < 5; i++) {
    const a = readTicks();
    const ns = monotonicNs();
    const b = readTicks();
    const width = Number(b - a);
    if (width < best.width) best = { tick: (a + b) / 2n, ns, width };
  }
  return best;
}

/** The counter clock anchored now, on this isolate's base second. */
function anchorCounter(nsPerTick: number): CounterClock {
  const p = pairNow();
  return new CounterClock(p.tick, p.ns - monoBaseSec() * 1e9, nsPerTick);
}

let calibrationStart: { tick: bigint; ns: number } | null | undefined;

/**
 * Starts measuring the counter's rate (the coordinator, as early as it
 * can: the longer the span up to `cpuNsPerTick()`, the closer the rate).
 */
export function startCpuCalibration(): void {
  if (calibrationStart === undefined) calibrationStart = cpuCounterUsable() ? pairNow() : null;
}

/**
 * The least span the counter's rate is measured over: each end is exact to
 * about 30 ns, so the rate to about 6e-6 (6 us per second of runtime).
 */
const MIN_CALIBRATION_NS = 10e6;

let calibrated: number | null | undefined;

/**
 * Nanoseconds per counter tick against CLOCK_MONOTONIC, measured once from
 * `startCpuCalibration()` to the first call (waiting out the rest of 10 ms
 * if need be); null where the counter cannot be a clock.
 */
export function cpuNsPerTick(): number | null {
  if (calibrated !== undefined) return calibrated;
  startCpuCalibration();
  const start = calibrationStart;
  if (start === null || start === undefined) return (calibrated = null);
  const wait = MIN_CALIBRATION_NS - (monotonicNs() - start.ns);
  if (wait > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait / 1e6 + 1);
  const end = pairNow();
  const rate = (end.ns - start.ns) / Number(end.tick - start.tick);
  calibrated = rate > 0 && Number.isFinite(rate) ? rate : null;
  return calibrated;
}

/**
 * Selects this isolate's clock source: the job's `clocksource`, or, unset,
 * fio's choice (the counter when it is usable). `nsPerTick` is the
 * coordinator's `cpuNsPerTick()`. Call before building clocks.
 */
export function useClockSource(want: ClockSource | undefined, nsPerTick: number | null): void {
  // This isolate loads its own copy of the counter code; should that fail
  // where the coordinator's worked, an unset source falls back.
  const usable = nsPerTick !== null && cpuCounterUsable();
  if (want === "cpu" && !usable) throw cpuClockMissing();
  source = want ?? (usable ? "cpu" : "clock_gettime");
  counter = source === "cpu" ? anchorCounter(nsPerTick!) : null;
  shared = undefined;
}

/** The error for clocksource=cpu where the counter is not usable. */
export function cpuClockMissing(): FioError {
  return new FioError(
    "fio: clocksource=cpu is not available here (it needs an invariant time-stamp counter" +
      " on Linux x86-64, native code on and a writable temporary directory);" +
      " use clocksource=clock_gettime",
  );
}

/** What another isolate needs to read this isolate's clock (see adoptClockBase). */
export interface ClockBase {
  /** The base second. */
  readonly sec: number;
  /** The clock source. */
  readonly source: ClockSource;
  /** For `cpu`: the counter anchor, what it stood for, and the rate. */
  readonly counter: { tick0: bigint; ns0: number; nsPerTick: number } | null;
}

/** This isolate's clock, for a helper Worker to adopt. */
export function clockBase(): ClockBase {
  const c = counter;
  return {
    sec: monoBaseSec(),
    source,
    counter: c === null ? null : { tick0: c.tick0, ns0: c.ns0, nsPerTick: c.nsPerTick },
  };
}

/** Reads the same clock as the isolate that gave `b` (same times, own clamp). */
export function adoptClockBase(b: ClockBase): void {
  base = b.sec | 0;
  // Without the counter code here, CLOCK_MONOTONIC on the same base gives
  // the same times to within the counter's calibration.
  const c = b.counter !== null && cpuCounterUsable() ? b.counter : null;
  source = b.counter !== null && c === null ? "clock_gettime" : b.source;
  counter = c === null ? null : new CounterClock(c.tick0, c.ns0, c.nsPerTick);
  shared = undefined;
}

/**
 * Builds a clock function bound to this isolate's libc handle. The returned
 * closure is small and monomorphic so Turbofan inlines it into the I/O loop,
 * where the FFI call runs on V8's fast path.
 */
export function makeNowNs(): () => number {
  if (counter !== null) return counter.reader();
  const clockGettime = libc().clock_gettime;
  const id = CLOCK.MONOTONIC;
  const b = monoBaseSec();
  if (source === "gettimeofday") {
    return () => {
      clockGettime(id, tsPtr);
      const ns = ts[2];
      return (ts[0] - b) * 1e9 + (ns - ns % 1000);
    };
  }
  return () => {
    clockGettime(id, tsPtr);
    return (ts[0] - b) * 1e9 + ts[2];
  };
}

/** Nanoseconds since the base second, from this isolate's clock source. */
export function nowNs(): number {
  if (shared === undefined) shared = makeNowNs();
  return shared();
}
