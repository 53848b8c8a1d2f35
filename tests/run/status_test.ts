/**
 * Status reports: the request through the thread area, waiting for the
 * running jobs' snapshots (with a time limit), final results of finished
 * jobs, nothing done for jobs not started, and the interval timer.
 */
import assert from "node:assert/strict";
import type { JobResult } from "../../src/stats/result.ts";
import { emptyResult } from "../../src/stats/job_result.ts";
import { type StatusJob, StatusReporter } from "../../src/run/status.ts";
import { Control, RunState, ThreadArea } from "../../src/run/thread_area.ts";
import { planOf } from "./helpers.ts";

const plan = planOf([["a", "size=1m"], ["b", "size=1m"], ["c", "size=1m"]]);

function withBytes(spec: (typeof plan.jobs)[number], bytes: number): JobResult {
  const r = emptyResult(spec);
  r.dirs[0].ioBytes = bytes;
  return r;
}

function reporter(area: ThreadArea, jobs: StatusJob[], waitMs = 1000, intervalMs = 0) {
  const printed: { results: JobResult[]; atMs: number }[] = [];
  const r = new StatusReporter({
    area,
    intervalMs,
    signals: false,
    jobs: () => jobs,
    print: (results, atMs) => printed.push({ results, atMs }),
    startMs: 1_000_000,
    waitMs,
  });
  return { r, printed };
}

Deno.test("status: finished jobs give their result, jobs not started give nothing done", async () => {
  const area = new ThreadArea(3);
  const done = withBytes(plan.jobs[0], 4096);
  area.setState(0, RunState.REAPED);
  area.setState(1, RunState.SETTING_UP);
  const { r, printed } = reporter(area, [
    { slot: 0, spec: plan.jobs[0], result: done },
    { slot: 1, spec: plan.jobs[1] },
    { slot: 2, spec: plan.jobs[2] },
  ]);
  await r.report(1234);
  assert.equal(printed.length, 1);
  assert.equal(printed[0].atMs, 1234);
  assert.deepEqual(printed[0].results.map((x) => [x.name, x.dirs[0].ioBytes]), [
    ["a", 4096],
    ["b", 0],
    ["c", 0],
  ]);
  assert.equal(area.control[Control.STATUS], 1, "the request went through the thread area");
});

Deno.test("status: waits for the snapshot of a running job", async () => {
  const area = new ThreadArea(1);
  area.setState(0, RunState.RUNNING);
  const { r, printed } = reporter(area, [{ slot: 0, spec: plan.jobs[0] }]);
  // What a Worker does at its next slot refresh.
  const worker = setTimeout(() => {
    const request = area.statusRequest();
    r.receive(0, request, withBytes(plan.jobs[0], 8192));
  }, 30);
  const t0 = performance.now();
  await r.report(1);
  clearTimeout(worker);
  assert.ok(performance.now() - t0 >= 25, "reported before the snapshot came");
  assert.equal(printed[0].results[0].dirs[0].ioBytes, 8192);
});

Deno.test("status: a running job that does not answer in time shows its last snapshot", async () => {
  const area = new ThreadArea(1);
  area.setState(0, RunState.RUNNING);
  const { r, printed } = reporter(area, [{ slot: 0, spec: plan.jobs[0] }], 40);
  await r.report(1);
  assert.equal(printed[0].results[0].dirs[0].ioBytes, 0);
  r.receive(0, area.statusRequest(), withBytes(plan.jobs[0], 100));
  await r.report(2);
  assert.equal(printed[1].results[0].dirs[0].ioBytes, 100, "older snapshot kept");
});

Deno.test("status: reports fall on whole intervals from the run start; none after stop", async () => {
  const area = new ThreadArea(1);
  area.setState(0, RunState.REAPED);
  const printed: number[] = [];
  const start = Date.now();
  const r = new StatusReporter({
    area,
    intervalMs: 60,
    signals: false,
    jobs: () => [{ slot: 0, spec: plan.jobs[0], result: emptyResult(plan.jobs[0]) }],
    print: (_, atMs) => printed.push(atMs - start),
    startMs: start,
  });
  r.start();
  await new Promise((res) => setTimeout(res, 200));
  r.stop();
  const n = printed.length;
  await new Promise((res) => setTimeout(res, 100));
  assert.deepEqual(printed, [60, 120, 180].slice(0, n));
  assert.ok(n >= 2, `only ${n} reports`);
  assert.equal(printed.length, n);
});
