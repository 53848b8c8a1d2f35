/**
 * Per-priority stats: collection per (direction, index) and the report-time
 * merge fio 3.33 does (checked against fio runs: group_reporting of three
 * cmdprio jobs gave 0/0, 1/0, 3/0, 2/3 in that order; two psync jobs of
 * different prioclass gave per-priority entries without cmdprio).
 */
import assert from "node:assert/strict";
import { memberDir, mergePrios, PrioStats, shownPrios } from "../../src/stats/prio.ts";
import { emptyDir, sumJobs } from "../../src/stats/group.ts";
import type { DirResult, JobResult, PrioResult, StatSummary } from "../../src/stats/result.ts";

const stat = (n: number, mean: number, min = mean, max = mean): StatSummary => ({
  n,
  min,
  max,
  mean,
  m2: 0,
});
const prio = (ioprio: number, n: number, mean = 10): PrioResult => ({
  ioprio,
  stat: stat(n, mean),
  hist: null,
});

Deno.test("PrioStats: clat per direction and index; lat with lat_percentiles", () => {
  const p = new PrioStats([[0, 0x2000], null], false, true);
  p.add(0, 0, 100, 150);
  p.add(0, 1, 300, 350);
  p.add(0, 1, 500, 550);
  p.add(1, 0, 7, 7); // write has no cmdprio: ignored
  p.add(2, 0, 7, 7); // trim: ignored
  const r = p.result(0)!;
  assert.deepEqual(r.map((e) => [e.ioprio, e.stat.n, e.stat.min, e.stat.max, e.stat.mean]), [
    [0, 1, 100, 100, 100],
    [0x2000, 2, 300, 500, 400],
  ]);
  assert.equal(r[1].hist!.reduce((a, b) => a + b, 0), 2);
  assert.equal(p.result(1), undefined);
  assert.equal(p.result(2), undefined);
  const lat = new PrioStats([[0, 0x6000], [0, 0x6000]], true, false);
  lat.add(1, 1, 100, 150);
  assert.equal(lat.result(1)![1].stat.mean, 150);
  assert.equal(lat.result(1)![1].hist, null);
  lat.clear();
  assert.equal(lat.result(1)![1].stat.n, 0);
});

Deno.test("mergePrios: by ioprio value, new ones appended in order", () => {
  const a = [prio(0, 2, 10), prio(0x2000, 2, 20)];
  const b = [prio(0, 2, 30), prio(0x6000, 1, 5)];
  const m = mergePrios(a, b)!;
  assert.deepEqual(m.map((e) => [e.ioprio, e.stat.n, e.stat.mean]), [
    [0, 4, 20],
    [0x2000, 2, 20],
    [0x6000, 1, 5],
  ]);
  assert.equal(mergePrios(undefined, undefined), undefined);
  assert.deepEqual(mergePrios(undefined, []), []);
  // Inputs are left alone.
  assert.equal(a[0].stat.n, 2);
});

Deno.test("memberDir: without cmdprio, all I/Os at the job's ioprio (clat or lat)", () => {
  const d: DirResult = { ...emptyDir(), clat: stat(4, 100), lat: stat(4, 150) };
  assert.deepEqual(memberDir(d, 0x4003, false).prios, [
    { ioprio: 0x4003, stat: stat(4, 100), hist: null },
  ]);
  assert.equal(memberDir(d, 0, true).prios![0].stat.mean, 150);
  assert.deepEqual(memberDir(emptyDir(), 0, false).prios, []);
  const own = { ...d, prios: [prio(1, 1)] };
  assert.equal(memberDir(own, 5, false), own);
});

Deno.test("shownPrios: only with two or more priorities that have samples", () => {
  assert.equal(shownPrios({ ...emptyDir(), prios: [prio(0, 0), prio(0x2000, 5)] }), null);
  assert.equal(shownPrios(emptyDir()), null);
  assert.deepEqual(
    shownPrios({ ...emptyDir(), prios: [prio(0, 3), prio(0x6000, 0), prio(0x2000, 5)] })!
      .map((p) => p.ioprio),
    [0, 0x2000],
  );
});

function job(name: string, dirs: DirResult[], ioprio?: number): JobResult {
  return {
    name,
    jobNumber: 1,
    groupId: 0,
    members: 1,
    pid: 1,
    error: 0,
    errorText: "",
    elapsedSec: 1,
    jobRuntimeMs: 10,
    dirs: dirs as [DirResult, DirResult, DirResult],
    sync: { totalIos: 0, lat: stat(0, 0), hist: null },
    usrCpu: 0,
    sysCpu: 0,
    ctx: 0,
    majf: 0,
    minf: 0,
    ioDepth: [],
    ioSubmit: [],
    ioComplete: [],
    latNs: [],
    latUs: [],
    latMs: [],
    latencyDepth: 1,
    latencyTargetUs: 0,
    latencyPercentile: 100,
    latencyWindowUs: 0,
    jobOptions: [],
    report: {
      percentileList: [50],
      clatPercentiles: true,
      latPercentiles: false,
      slatPercentiles: false,
      kbBase: 1024,
      unitBase: 0,
      unifiedRwReporting: "none",
      groupReporting: true,
    },
    description: "",
    ...(ioprio === undefined ? {} : { ioprio }),
  };
}

Deno.test("sumJobs: a group merges cmdprio jobs and plain ones by priority", () => {
  const rd = (prios: PrioResult[] | undefined, n: number): DirResult => ({
    ...emptyDir(),
    clat: stat(n, 10),
    ...(prios === undefined ? {} : { prios }),
  });
  const a = job("a", [rd([prio(0, 495), prio(0x2000, 529)], 1024), emptyDir(), emptyDir()]);
  const b = job("b", [rd([prio(0, 520), prio(0x6000, 504)], 1024), emptyDir(), emptyDir()]);
  const c = job("c", [rd(undefined, 1024), emptyDir(), emptyDir()], 0x4003);
  const sum = sumJobs([a, b, c]);
  assert.deepEqual(sum.dirs[0].prios!.map((p) => [p.ioprio, p.stat.n]), [
    [0, 1015],
    [0x2000, 529],
    [0x6000, 504],
    [0x4003, 1024],
  ]);
  assert.deepEqual(sum.dirs[1].prios, []);
  // Mixed reporting folds the directions the same way.
  const mixed = sumJobs([{
    ...job("m", [
      rd([prio(0, 231), prio(0x2000, 265)], 496),
      rd([prio(0, 382), prio(0x6000, 146)], 528),
      emptyDir(),
    ]),
    report: { ...a.report, unifiedRwReporting: "mixed" },
  }]);
  assert.deepEqual(mixed.dirs[0].prios!.map((p) => [p.ioprio, p.stat.n]), [
    [0, 613],
    [0x2000, 265],
    [0x6000, 146],
  ]);
});
