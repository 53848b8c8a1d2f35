import assert from "node:assert/strict";
import { groupRunStats, mixedDir, sumJobs, threadStats } from "../../src/stats/group.ts";
import type { JobResult } from "../../src/stats/result.ts";
import { fixtureRun } from "../output/fixtures.ts";

/** Two real fio job results (fixture two_jobs: a 8m read, b 4m write). */
function jobs(): [JobResult, JobResult] {
  const [a, b] = fixtureRun("two_jobs").jobs;
  return [structuredClone(a), structuredClone(b)];
}

Deno.test("sumJobs follows fio's group_reporting rules", () => {
  const [a, b] = jobs();
  a.pid = 11;
  b.pid = 22;
  b.error = 5;
  b.errorText = "io error";
  b.usrCpu = 50;
  b.jobRuntimeMs = 10;
  a.usrCpu = 0;
  a.jobRuntimeMs = 30;
  b.jobOptions = [{ name: "rw", value: "write" }];
  const g = sumJobs([a, b]);
  assert.equal(g.members, 2);
  assert.equal(g.name, "a");
  assert.equal(g.pid, 11);
  assert.equal(g.error, 5);
  assert.equal(g.errorText, "io error");
  assert.deepEqual(g.jobOptions, [{ name: "rw", value: "write" }]);
  assert.equal(g.jobRuntimeMs, 40);
  assert.equal(g.usrCpu, 12.5);
  assert.equal(g.dirs[0].ioBytes, a.dirs[0].ioBytes);
  assert.equal(g.dirs[1].ioBytes, b.dirs[1].ioBytes);
  assert.equal(g.dirs[0].runtimeMs, Math.max(a.dirs[0].runtimeMs, b.dirs[0].runtimeMs));
  assert.equal(g.minf, a.minf + b.minf);
  assert.deepEqual(g.latNs, a.latNs.map((v, i) => v + b.latNs[i]));
  const hist = g.dirs[0].clatHist!;
  assert.equal(hist.reduce((s, v) => s + v, 0), a.dirs[0].clat.n);
});

Deno.test("continue_on_error's first error counts when no hard error", () => {
  const [a, b] = jobs();
  a.continueOnError = true;
  a.firstError = 28;
  a.errorText = "No space left on device";
  b.error = 5;
  assert.equal(sumJobs([a, b]).error, 28);
});

Deno.test("unified_rw_reporting=mixed folds the directions into one", () => {
  const [a, b] = jobs();
  const both = sumJobs([a, b]);
  a.report.unifiedRwReporting = "mixed";
  const m = sumJobs([a, b]);
  assert.equal(m.dirs[0].ioBytes, both.dirs[0].ioBytes + both.dirs[1].ioBytes);
  assert.equal(m.dirs[0].clat.n, both.dirs[0].clat.n + both.dirs[1].clat.n);
  assert.equal(m.dirs[1].ioBytes, 0);
  assert.equal(m.dirs[0].issuedIos, both.dirs[0].issuedIos + both.dirs[1].issuedIos);
  assert.deepEqual(mixedDir(both).clat, m.dirs[0].clat);
});

Deno.test("threadStats merges runs of group_reporting jobs per group", () => {
  const mk = (name: string, groupId: number, gr: boolean): JobResult => {
    const j = jobs()[0];
    j.name = name;
    j.groupId = groupId;
    j.report.groupReporting = gr;
    return j;
  };
  const ts = threadStats([
    mk("a", 0, true),
    mk("a", 0, true),
    mk("b", 1, true),
    mk("c", 1, false),
    mk("d", 1, true), // joins c's entry, as fio does
    mk("e", 2, false),
  ]);
  assert.deepEqual(ts.map((t) => [t.name, t.members]), [["a", 2], ["b", 1], ["c", 2], ["e", 1]]);
});

Deno.test("groupRunStats sums bytes and spans bandwidth and runtime", () => {
  const [a, b] = jobs();
  b.groupId = 0;
  b.dirs[0] = structuredClone(a.dirs[0]);
  b.dirs[0].ioBytes = 1000;
  b.dirs[0].runtimeMs = 4;
  a.dirs[0].ioBytes = 3000;
  a.dirs[0].runtimeMs = 2;
  const [g] = groupRunStats([a, b]);
  assert.deepEqual(g.dirs[0], {
    ioBytes: 4000,
    aggBw: 1000000,
    minBw: 250000,
    maxBw: 1500000,
    minRunMs: 2,
    maxRunMs: 4,
  });
  // Groups with no entries are still listed (fio prints every group).
  b.groupId = 2;
  assert.deepEqual(groupRunStats([a, b]).map((r) => r.groupId), [0, 1, 2]);
});
