/**
 * ns per call of dfio's clocks (the CPU counter of clocksource=cpu, FFI
 * clock_gettime) against performance.now() and process.hrtime.bigint().
 *
 *   deno run -A scripts/microbench/clock.ts
 */

import { cpuNsPerTick, makeNowNs, useClockSource } from "../../src/sys/clock.ts";
import process from "node:process";

const N = 5_000_000;
const now = makeNowNs();

function time(label: string, f: () => number): void {
  f();
  const t0 = performance.now();
  const sink = f();
  const ns = ((performance.now() - t0) * 1e6) / N;
  console.log(`${label.padEnd(24)} ${ns.toFixed(1)} ns/call (${sink > 0 ? "ok" : "?"})`);
}

const perTick = cpuNsPerTick();
if (perTick !== null) {
  useClockSource("cpu", perTick);
  const cpu = makeNowNs();
  time("CPU counter (native)", () => {
    let s = 0;
    for (let i = 0; i < N; i++) s += cpu() & 1;
    return s + 1;
  });
}
time("clock_gettime (FFI)", () => {
  let s = 0;
  for (let i = 0; i < N; i++) s += now() & 1;
  return s + 1;
});
time("performance.now()", () => {
  let s = 0;
  for (let i = 0; i < N; i++) s += performance.now() > 0 ? 1 : 0;
  return s;
});
time("process.hrtime.bigint()", () => {
  let s = 0;
  for (let i = 0; i < N; i++) s += process.hrtime.bigint() > 0n ? 1 : 0;
  return s;
});
