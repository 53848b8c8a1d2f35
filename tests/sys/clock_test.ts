import assert from "node:assert/strict";
import { makeNowNs, monoBaseSec, nowNs, setMonoBaseSec } from "../../src/sys/clock.ts";

Deno.test("clock: monotonic, integral nanoseconds", () => {
  const now = makeNowNs();
  let prev = now();
  for (let i = 0; i < 100_000; i++) {
    const t = now();
    assert.ok(t >= prev);
    assert.ok(Number.isInteger(t));
    prev = t;
  }
});

Deno.test("clock: scaled in ns (tracks performance.now over a sleep)", async () => {
  const a = nowNs();
  const pa = performance.now();
  await new Promise((r) => setTimeout(r, 100));
  const b = nowNs();
  const pb = performance.now();
  const ns = b - a;
  const perfNs = (pb - pa) * 1e6;
  assert.ok(ns >= 95e6, `slept only ${ns} ns`);
  assert.ok(Math.abs(ns - perfNs) < 2e6, `clock ${ns} vs performance ${perfNs}`);
});

Deno.test("clock: a shared base lines up clocks", () => {
  const base = monoBaseSec();
  setMonoBaseSec(base - 10);
  const t = nowNs();
  assert.ok(t >= 10e9 && t < 10e9 + 3600e9, `${t}`);
  setMonoBaseSec(base);
  assert.ok(nowNs() < 3600e9);
});
