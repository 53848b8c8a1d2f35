import assert from "node:assert/strict";
import { addHist, mergeSummary } from "../../src/stats/merge.ts";
import { emptySummary } from "../../src/stats/group.ts";
import type { StatSummary } from "../../src/stats/result.ts";
import { fixed } from "../../src/output/format.ts";

function summary(xs: number[]): StatSummary {
  const n = xs.length;
  const mean = xs.reduce((s, v) => s + v, 0) / n;
  const m2 = xs.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { n, min: Math.min(...xs), max: Math.max(...xs), mean, m2 };
}

const dev = (s: StatSummary) => Math.sqrt(s.m2 / (s.n - 1));

Deno.test("latency stats merge like one series (parallel Welford)", () => {
  const a = [5, 7, 9, 100, 3], b = [11, 2, 40];
  const m = mergeSummary(summary(a), summary(b), false);
  const all = summary([...a, ...b]);
  assert.equal(m.n, 8);
  assert.equal(m.min, 2);
  assert.equal(m.max, 100);
  assert.ok(Math.abs(m.mean - all.mean) < 1e-12);
  assert.ok(Math.abs(m.m2 - all.m2) < 1e-9);
  assert.deepEqual(mergeSummary(emptySummary(), summary(b), false), summary(b));
  assert.deepEqual(mergeSummary(summary(b), emptySummary(), false), summary(b));
});

Deno.test("bandwidth samples add up across a group as in fio 3.33", () => {
  // Measured: group_reporting, job a rate=4m, job b rate=2m, null engine,
  // log_avg_msec=500 (the logs hold each job's samples). fio printed
  // bw_min 6144, bw_max 6160, bw_mean 6149.600000, bw_dev 3.771236, 10 samples.
  const a = summary([4104, 4096, 4104, 4096, 4096]);
  const b = summary([2056, 2048, 2048, 2052, 2048]);
  const g = mergeSummary(a, b, true);
  assert.equal(g.min, 6144);
  assert.equal(g.max, 6160);
  assert.equal(fixed(g.mean, 6), "6149.600000");
  assert.equal(fixed(dev(g), 6), "3.771236");
  assert.equal(g.n, 10);
  // A member without samples changes nothing, in either order (measured).
  assert.deepEqual(mergeSummary(emptySummary(), a, true), a);
  assert.deepEqual(mergeSummary(a, emptySummary(), true), a);
});

Deno.test("addHist sums buckets into a new array and keeps null when neither has one", () => {
  const a = [1, 2, 3], b = [10, 20, 30, 40];
  const sum = addHist(a, b)!;
  assert.deepEqual(sum, [11, 22, 33, 40]);
  assert.deepEqual(a, [1, 2, 3]);
  assert.equal(addHist(null, null), null);
  const copy = addHist(null, b)!;
  assert.deepEqual(copy, b);
  assert.notEqual(copy, b);
  assert.deepEqual(addHist(a, null), a);
  assert.notEqual(addHist(a, null), a);
});
