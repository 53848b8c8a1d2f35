import assert from "node:assert/strict";
import { defaultRunConfig } from "../../src/cli/config.ts";
import { buildRunResult, emptyResult, renderReports } from "../../src/run/report.ts";
import { reportOptions } from "../../src/stats/job_result.ts";
import { planOf } from "./helpers.ts";

Deno.test("report: print settings come from the job's options", () => {
  const [def, set] = planOf([
    ["a", "ioengine=null"],
    [
      "b",
      "ioengine=null",
      "percentile_list=50:99.995",
      "kb_base=1000",
      "unit_base=1",
      "unified_rw_reporting=mixed",
      "group_reporting",
      "lat_percentiles=1",
    ],
  ]).jobs;
  const d = reportOptions(def);
  assert.equal(d.percentileList.length, 17);
  assert.deepEqual(
    [
      d.kbBase,
      d.unitBase,
      d.unifiedRwReporting,
      d.groupReporting,
      d.clatPercentiles,
      d.percentilePrecision,
    ],
    [1024, 0, "none", false, true, 2],
  );
  const s = reportOptions(set);
  assert.deepEqual(s.percentileList, [50, 99.995]);
  assert.deepEqual(
    [
      s.kbBase,
      s.unitBase,
      s.unifiedRwReporting,
      s.groupReporting,
      s.latPercentiles,
      s.percentilePrecision,
    ],
    [1000, 1, "mixed", true, true, 3],
  );
});

Deno.test("report: elapsed is the run's age at report time, rounded up; groups summed", () => {
  const plan = planOf([["a", "ioengine=null"], ["b", "ioengine=null", "stonewall"]]);
  const results = plan.jobs.map((j) => emptyResult(j));
  const run = buildRunResult(plan, results, [], 10_000, 11_200);
  assert.deepEqual(run.jobs.map((j) => j.elapsedSec), [2, 2]);
  assert.deepEqual(run.groups.map((g) => g.groupId), [0, 1]);
  assert.equal(run.reportTimeMs, 11_200);
});

Deno.test("report: a job that never ran is listed with zeros; json and json+ give one document", () => {
  const plan = planOf([["a", "ioengine=null", "description=hello"]]);
  const run = buildRunResult(plan, [emptyResult(plan.jobs[0], 28, "boom")], [], 0, 500);
  const cfg = { ...defaultRunConfig(), outputFormats: ["json" as const, "json+" as const] };
  const text = renderReports(run, cfg);
  const doc = JSON.parse(text);
  assert.equal(doc.jobs.length, 1);
  assert.equal(doc.jobs[0].error, 28);
  assert.equal(doc.jobs[0].read.io_bytes, 0);
  assert.equal(doc.jobs[0].job_runtime, 0);
  assert.equal(doc.jobs[0].elapsed, 1);
});
