/**
 * The monotonic nanosecond clock of the I/O loop: FFI
 * `clock_gettime(CLOCK_MONOTONIC)` into a preallocated timespec, read back as
 * a plain number (about 45 ns per read here, against about 115 ns for
 * `performance.now()`, and with whole nanoseconds).
 *
 * Times are nanoseconds since a base second (`monoBaseSec`), not since boot,
 * so they stay exact integers in a double for 104 days after the base
 * rather than 104 days after boot. Every Worker of one run must share the
 * base to compare times: the coordinator reads `monoBaseSec()` and each
 * Worker calls `setMonoBaseSec()` with it before its first I/O.
 */

import { CLOCK, libc } from "./libc.ts";

// timespec { i64 tv_sec; i64 tv_nsec }, read as 32-bit halves: tv_sec fits in
// 31 bits for 68 years of uptime and tv_nsec is below 1e9.
const ts = new Int32Array(4);
const tsPtr = Deno.UnsafePointer.of(ts);
let base = -1;
let shared: (() => number) | undefined;

function read(): void {
  libc().clock_gettime(CLOCK.MONOTONIC, tsPtr);
}

/** The base second of this isolate's clock (fixed at first use). */
export function monoBaseSec(): number {
  if (base < 0) {
    read();
    base = ts[0];
  }
  return base;
}

/**
 * Adopts the coordinator's base second so Worker times line up. Call it
 * before building clocks: a clock from `makeNowNs` keeps the base it saw.
 */
export function setMonoBaseSec(sec: number): void {
  base = sec | 0;
  shared = undefined;
}

/**
 * Builds a clock function bound to this isolate's libc handle. The returned
 * closure is small and monomorphic so Turbofan inlines it into the I/O loop,
 * where the FFI call runs on V8's fast path.
 */
export function makeNowNs(): () => number {
  const clockGettime = libc().clock_gettime;
  const id = CLOCK.MONOTONIC;
  const b = monoBaseSec();
  return () => {
    clockGettime(id, tsPtr);
    // The +4 s / -4e9 pair keeps every intermediate above 2^31 from the first
    // call: a value that fits 32 bits for the first 2.1 s lets V8 compile the
    // loop for small integers and deoptimise ("overflow") later, which left
    // 16 jobs on 2 cores in slow code. The result is the same, exactly.
    return (ts[0] - b + 4) * 1e9 + ts[2] - 4e9;
  };
}

/** Nanoseconds since the base second on CLOCK_MONOTONIC. */
export function nowNs(): number {
  if (shared === undefined) shared = makeNowNs();
  return shared();
}
