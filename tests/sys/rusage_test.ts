import assert from "node:assert/strict";
import { RUSAGE } from "../../src/sys/libc.ts";
import { getRusage, rusageDelta } from "../../src/sys/rusage.ts";

Deno.test("rusage: thread CPU time grows with work; counters are integers", () => {
  const a = getRusage();
  let x = 0;
  // Spin until this thread has used 100 ms of CPU (a loaded machine takes
  // longer in wall time); the CPU time can never exceed the wall time spent.
  const t0 = performance.now();
  let b = a, cpu = 0;
  while (cpu < 100_000 && performance.now() - t0 < 10_000) {
    for (let i = 0; i < 1e5; i++) x += Math.sqrt(x + 1);
    b = getRusage();
    const d = rusageDelta(a, b);
    cpu = d.userUs + d.sysUs;
  }
  const wallUs = (performance.now() - t0) * 1000;
  assert.ok(x > 0);
  assert.ok(cpu >= 100_000, `cpu ${cpu} us`);
  assert.ok(cpu <= wallUs + 20_000, `cpu ${cpu} us in ${wallUs} us`);
  for (const v of Object.values(b)) assert.ok(Number.isInteger(v) && v >= 0);
  assert.ok(b.maxrssKb > 1000);
  // The whole process has used at least as much CPU as this thread.
  const p = getRusage(RUSAGE.SELF);
  assert.ok(p.userUs + p.sysUs >= b.userUs + b.sysUs);
});
