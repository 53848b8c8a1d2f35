import assert from "node:assert/strict";
import { scan, type ScheduledJob } from "../../src/run/schedule.ts";

function job(name: string, extra: Partial<ScheduledJob> = {}): ScheduledJob {
  return {
    name,
    stonewall: false,
    waitFor: "",
    startDelayUs: 0,
    phase: "pending",
    stopRequested: false,
    ...extra,
  };
}

Deno.test("scan: jobs without constraints all start at once", () => {
  assert.deepEqual(scan([job("a"), job("b"), job("c")], 0), { start: [0, 1, 2], skip: [] });
});

Deno.test("scan: a stonewall job waits for every earlier started job and ends the scan", () => {
  const jobs = [job("a"), job("b", { stonewall: true }), job("c")];
  assert.deepEqual(scan(jobs, 0).start, [0]);
  jobs[0].phase = "running";
  assert.deepEqual(scan(jobs, 0).start, []);
  jobs[0].phase = "done";
  assert.deepEqual(scan(jobs, 0).start, [1, 2]);
});

Deno.test("scan: stonewall does not wait for an earlier job still in its start delay", () => {
  // fio 3.33: a=startdelay 2s, b=stonewall: b runs at once (wall time 3 s, not 4 s).
  const jobs = [job("a", { startDelayUs: 2e6 }), job("b", { stonewall: true })];
  const r = scan(jobs, 0);
  assert.deepEqual(r.start, [1]);
  assert.equal(r.wakeInUs, 2e6);
});

Deno.test("scan: startdelay counts from the start of the run", () => {
  const jobs = [job("a", { startDelayUs: 1e6 })];
  assert.deepEqual(scan(jobs, 999_999).start, []);
  assert.equal(scan(jobs, 400_000).wakeInUs, 600_000);
  assert.deepEqual(scan(jobs, 1e6).start, [0]);
});

Deno.test("scan: wait_for holds a job until every job of that name is done", () => {
  const jobs = [job("a"), job("a"), job("b", { waitFor: "a" }), job("c")];
  assert.deepEqual(scan(jobs, 0).start, [0, 1, 3]);
  jobs[0].phase = "done";
  jobs[1].phase = "running";
  jobs[3].phase = "running";
  assert.deepEqual(scan(jobs, 0).start, []);
  jobs[1].phase = "done";
  assert.deepEqual(scan(jobs, 0).start, [2]);
});

Deno.test("scan: an unknown waitee does not hold the job", () => {
  assert.deepEqual(scan([job("a", { waitFor: "zz" })], 0).start, [0]);
});

Deno.test("scan: pending jobs told to stop are skipped, never started", () => {
  const jobs = [job("a", { phase: "done" }), job("b", { stopRequested: true }), job("c")];
  assert.deepEqual(scan(jobs, 0), { start: [2], skip: [1] });
});
