import assert from "node:assert/strict";
import { Control, ioStarted, RunState, Slot, ThreadArea } from "../../src/run/thread_area.ts";

Deno.test("thread area: one slot per job after the control words", () => {
  const area = new ThreadArea(4);
  assert.equal(area.jobs, 4);
  assert.equal(area.buffer.byteLength, Control.SIZE * 4 + 4 * (Slot.SIZE * 8 + 4));
  const view = new ThreadArea(area.buffer);
  assert.equal(view.jobs, 4);
  assert.equal(view.setupWords.length, 4);
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

Deno.test("thread area: the start waits return at once when released, done or stopped", () => {
  const area = new ThreadArea(3);
  assert.equal(area.waitForRelease(0, 0), true, "batch 0 never waits");
  area.release(2);
  assert.equal(area.waitForRelease(1, 0), true);
  assert.equal(area.waitForRelease(2, 0), true);
  area.stopJob(1);
  assert.equal(area.waitForRelease(3, 1), false, "a stopped job does not wait");
  area.waitForSetupOf(-1, 0);
  assert.equal(area.setupDone(0), false);
  area.markSetupDone(0);
  assert.equal(area.setupDone(0), true);
  area.waitForSetupOf(0, 2);
  area.waitForSetupOf(2, 1); // job 1 is stopped: no wait for job 2's setup
});

/** Runs `body` in a Worker with `area` (a ThreadArea) and `slot`; resolves with its message. */
function inWorker(buffer: SharedArrayBuffer, body: string): Promise<unknown> {
  const mod = new URL("../../src/run/thread_area.ts", import.meta.url).href;
  const code = `import { ThreadArea } from ${JSON.stringify(mod)};
    self.onmessage = (ev) => { const area = new ThreadArea(ev.data); ${body} };`;
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  const w = new Worker(url, { type: "module" });
  return new Promise((resolve) => {
    w.onmessage = (ev) => {
      w.terminate();
      URL.revokeObjectURL(url);
      resolve(ev.data);
    };
    w.postMessage(buffer);
  });
}

Deno.test("thread area: a Worker blocked on its release wakes when the batch is released", async () => {
  const area = new ThreadArea(2);
  const woke = inWorker(
    area.buffer,
    `area.markSetupDone(1); const ok = area.waitForRelease(1, 1); self.postMessage([ok, performance.timeOrigin + performance.now()]);`,
  );
  while (!area.setupDone(1)) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 150)); // past one wait slice: it must still wait
  const at = performance.timeOrigin + performance.now();
  area.release(1);
  const [ok, t] = (await woke) as [boolean, number];
  assert.equal(ok, true);
  assert.ok(t >= at, "woke only after the release");
  assert.ok(t - at < 50, `woke ${t - at} ms after the release`);
});

Deno.test("thread area: a setup wait ends with the predecessor's setup, a release wait with a stop", async () => {
  const area = new ThreadArea(2);
  const order: string[] = [];
  const setup = inWorker(area.buffer, `area.waitForSetupOf(0, 1); self.postMessage("after 0");`)
    .then((m) => order.push(String(m)));
  await new Promise((r) => setTimeout(r, 120));
  order.push("mark 0");
  area.markSetupDone(0);
  await setup;
  assert.deepEqual(order, ["mark 0", "after 0"]);
  const stopped = inWorker(area.buffer, `self.postMessage(area.waitForRelease(5, 1));`);
  await new Promise((r) => setTimeout(r, 50));
  area.stopJob(1);
  assert.equal(await stopped, false);
});

Deno.test("ioStarted: ramp and every later state but SETTING_UP mean the job's I/O began", () => {
  const started = Object.entries(RunState).filter(([, s]) => ioStarted(s)).map(([n]) => n);
  assert.deepEqual(started, [
    "RAMP",
    "RUNNING",
    "PRE_READING",
    "VERIFYING",
    "FSYNCING",
    "FINISHING",
    "EXITED",
    "REAPED",
  ]);
  // fio's order puts SETTING_UP between RAMP and RUNNING: a plain >= RAMP would count it.
  assert.ok(RunState.SETTING_UP > RunState.RAMP && RunState.SETTING_UP < RunState.RUNNING);
  assert.equal(ioStarted(RunState.SETTING_UP), false);
});

Deno.test("settingUp: SETTING_UP while the setup runs, then the state before it", () => {
  const area = new ThreadArea(2);
  const view = new ThreadArea(area.buffer);
  area.setState(1, RunState.CREATED);
  const seen = area.settingUp(1, () => view.state(1));
  assert.equal(seen, RunState.SETTING_UP);
  assert.equal(view.state(1), RunState.CREATED);
  assert.equal(view.state(0), RunState.NOT_CREATED, "other slots untouched");
  // A failed setup puts the state back too.
  assert.throws(() =>
    area.settingUp(1, () => {
      throw new Error("layout failed");
    }), /layout failed/);
  assert.equal(view.state(1), RunState.CREATED);
  // A state set during the setup (the job ended) is kept.
  area.settingUp(1, () => area.setState(1, RunState.EXITED));
  assert.equal(view.state(1), RunState.EXITED);
});
