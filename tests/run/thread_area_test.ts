import assert from "node:assert/strict";
import { Control, RunState, Slot, ThreadArea } from "../../src/run/thread_area.ts";

Deno.test("thread area: one slot per job after the control words", () => {
  const area = new ThreadArea(4);
  assert.equal(area.jobs, 4);
  assert.equal(area.buffer.byteLength, Control.SIZE * 4 + 4 * Slot.SIZE * 8);
  const view = new ThreadArea(area.buffer);
  area.setState(2, RunState.RUNNING);
  assert.equal(view.state(2), RunState.RUNNING);
  assert.equal(view.slots[view.at(2, Slot.STATE)], RunState.RUNNING);
});

Deno.test("thread area: stopping one job, all jobs, and withdrawing the run-wide stop", () => {
  const area = new ThreadArea(3);
  assert.deepEqual([0, 1, 2].map((s) => area.shouldStop(s)), [false, false, false]);
  area.stopJob(1);
  assert.deepEqual([0, 1, 2].map((s) => area.shouldStop(s)), [false, true, false]);
  assert.equal(area.stopRequested(), false);
  area.stopAll();
  assert.equal(area.stopRequested(), true);
  assert.deepEqual([0, 1, 2].map((s) => area.shouldStop(s)), [true, true, true]);
  area.clearStopAll();
  assert.deepEqual([0, 1, 2].map((s) => area.shouldStop(s)), [false, true, false]);
});
