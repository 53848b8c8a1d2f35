import { strict as assert } from "node:assert";
import { Sleeper } from "../../src/worker/sleep.ts";
import { nowNs } from "../../src/sys/clock.ts";

Deno.test("Sleeper: never early, and a short pause is precise", () => {
  const s = new Sleeper(nowNs, () => false);
  for (const ns of [20_000, 300_000, 2_000_000]) {
    const over: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = nowNs();
      const t1 = s.for(ns);
      assert.ok(t1 - t0 >= ns, `slept ${t1 - t0} < ${ns}`);
      over.push(t1 - t0 - ns);
    }
    over.sort((a, b) => a - b);
    // The median oversleep stays well under a millisecond even on a busy machine.
    assert.ok(over[10] < 500_000, `median oversleep ${over[10]} ns for ${ns}`);
  }
});

Deno.test("Sleeper: a stop request ends a long pause within a wait slice", () => {
  const t0 = nowNs();
  const s = new Sleeper(nowNs, () => nowNs() - t0 > 100e6);
  const t1 = s.for(10e9);
  const ms = (t1 - t0) / 1e6;
  assert.ok(ms >= 100 && ms < 1000, `took ${ms} ms`);
});

Deno.test("Sleeper: spin busy-waits the whole time", () => {
  const s = new Sleeper(nowNs, () => false);
  const t0 = nowNs();
  assert.ok(s.spin(200_000) - t0 >= 200_000);
});
