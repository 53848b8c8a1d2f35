import { strict as assert } from "node:assert";
import {
  LatencyTarget,
  type LatencyTargetOptions,
  TargetStep,
} from "../../src/worker/latency_target.ts";

const o: LatencyTargetOptions = {
  targetNs: 1e6,
  windowNs: 1e8,
  percentile: 100,
  keepRunning: false,
  iodepth: 16,
};

Deno.test("latency_target: depth doubles per good window, then a final window, then done", () => {
  const t = new LatencyTarget(o);
  t.reset(0, 0);
  const depths: number[] = [];
  let now = 0, ios = 0, step: number = TargetStep.NONE;
  for (let w = 0; w < 10 && step !== TargetStep.DONE; w++) {
    now += 1e8;
    ios += 100;
    assert.equal(t.onLatency(5e5, now, ios), true);
    step = t.check(now, ios);
    depths.push(t.depth);
    if (w === 4) assert.equal(step, TargetStep.RESET_STATS);
  }
  assert.deepEqual(depths, [2, 4, 8, 16, 16, 16]);
  assert.equal(step, TargetStep.DONE);
});

Deno.test("latency_target: a miss bisects down; depth 1 at percentile 100 is fatal", () => {
  const t = new LatencyTarget(o);
  t.reset(0, 0);
  t.check(1e8, 10); // 2
  t.check(2e8, 20); // 4
  assert.equal(t.depth, 4);
  assert.equal(t.onLatency(2e6, 2.5e8, 25), true); // miss at 4: (4 + 2) / 2
  assert.equal(t.depth, 3);
  t.onLatency(2e6, 2.6e8, 26); // (3 + 2) / 2 = 2
  t.onLatency(2e6, 2.7e8, 27); // at the low mark it drops to 1: (2 + 1) / 2
  assert.equal(t.depth, 1);
  assert.equal(t.onLatency(2e6, 2.8e8, 28), false);
});

Deno.test("latency_percentile below 100: a window fails by share of misses", () => {
  const t = new LatencyTarget({ ...o, percentile: 90 });
  t.reset(0, 0);
  t.check(1e8, 100); // 2
  t.check(2e8, 200); // 4
  for (let i = 0; i < 20; i++) t.onLatency(5e6, 2.5e8, 200 + i);
  assert.equal(t.depth, 4); // misses only counted
  t.check(3e8, 300); // 80% < 90%: down to (4 + 4-1)/2 = 3
  assert.equal(t.depth, 3);
});
