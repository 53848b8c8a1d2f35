import assert from "node:assert/strict";
import {
  addSample,
  emptyStat,
  mergeStat,
  RunningStat,
  statMin,
  statStddev,
  sumStat,
} from "../../src/stats/running.ts";

function statOf(values: number[]) {
  const s = emptyStat();
  for (const v of values) addSample(s, v);
  return s;
}

// bw samples (KiB/s) from fio 3.33 bw logs (log_avg_msec=500) and fio's JSON for them.
const SINGLE = [2420, 2460, 1920, 1776, 7222, 5672];
const JOB1 = [3145, 6432, 4496, 1896, 2264];
const JOB2 = [2184, 4736, 4224, 2957, 2968];

Deno.test("running stat: fio's mean and sample stddev", () => {
  const s = statOf(SINGLE);
  assert.equal(s.n, 6);
  assert.equal(s.min, 1776);
  assert.equal(s.max, 7222);
  assert.equal(s.mean.toFixed(6), "3578.333333");
  assert.equal(statStddev(s).toFixed(6), "2291.315226");
});

Deno.test("running stat: empty and single-sample reports", () => {
  const s = emptyStat();
  assert.equal(statMin(s), 0);
  assert.equal(statStddev(s), 0);
  addSample(s, 42);
  assert.equal(statStddev(s), 0);
  assert.equal(s.mean, 42);
});

Deno.test("group bw stats are summed field by field (fio group_reporting)", () => {
  const dst = emptyStat();
  sumStat(dst, statOf(JOB1));
  sumStat(dst, statOf(JOB2));
  assert.equal(dst.n, 10);
  assert.equal(dst.min, 4080);
  assert.equal(dst.max, 11168);
  assert.equal(dst.mean.toFixed(6), "7060.400000");
  assert.equal(statStddev(dst).toFixed(6), "1415.476677");
});

Deno.test("group latency stats merge with the parallel variance formula", () => {
  const all = [...JOB1, ...JOB2];
  const dst = emptyStat();
  mergeStat(dst, statOf(JOB1));
  mergeStat(dst, statOf(JOB2));
  const direct = statOf(all);
  assert.equal(dst.n, 10);
  assert.equal(dst.min, Math.min(...all));
  assert.equal(dst.max, Math.max(...all));
  assert.ok(Math.abs(dst.mean - direct.mean) < 1e-9);
  assert.ok(Math.abs(statStddev(dst) - statStddev(direct)) < 1e-9);
  mergeStat(dst, emptyStat());
  assert.equal(dst.n, 10);
});

Deno.test("RunningStat class agrees with the plain functions", () => {
  const r = new RunningStat();
  for (const v of SINGLE) r.add(v);
  assert.deepEqual(r.snapshot(), statOf(SINGLE));
  assert.equal(r.stddev(), statStddev(statOf(SINGLE)));
  r.clear();
  assert.equal(r.n, 0);
});
