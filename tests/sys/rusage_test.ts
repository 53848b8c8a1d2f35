import assert from "node:assert/strict";
import { RUSAGE } from "../../src/sys/libc.ts";
import { getRusage, rusageDelta } from "../../src/sys/rusage.ts";

Deno.test("rusage: thread CPU time grows with work; counters are integers", () => {
  const a = getRusage();
  let x = 0;
  const end = performance.now() + 150;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  const b = getRusage();
  const d = rusageDelta(a, b);
  assert.ok(x > 0);
  assert.ok(d.userUs + d.sysUs >= 100_000, `cpu ${d.userUs}+${d.sysUs} us`);
  assert.ok(d.userUs + d.sysUs <= 400_000, `cpu ${d.userUs}+${d.sysUs} us`);
  for (const v of Object.values(b)) assert.ok(Number.isInteger(v) && v >= 0);
  assert.ok(b.maxrssKb > 1000);
  // The whole process has used at least as much CPU as this thread.
  const p = getRusage(RUSAGE.SELF);
  assert.ok(p.userUs + p.sysUs >= b.userUs + b.sysUs);
});
