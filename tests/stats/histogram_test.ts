import assert from "node:assert/strict";
import { percentileRank } from "../../src/stats/percentile_rank.ts";
import {
  bucketIndex,
  bucketValue,
  DEFAULT_PERCENTILES,
  LatencyHistogram,
  PLAT_NR,
} from "../../src/stats/histogram.ts";

Deno.test("bucketIndex: own bucket below 128, 64 per power of two above, capped", () => {
  assert.equal(bucketIndex(0), 0);
  assert.equal(bucketIndex(127), 127);
  assert.equal(bucketIndex(128), 128);
  assert.equal(bucketIndex(129), 128);
  assert.equal(bucketIndex(255), 191);
  assert.equal(bucketIndex(256), 192);
  assert.equal(bucketIndex(31360), 634);
  assert.equal(bucketIndex(2 ** 34 - 1), PLAT_NR - 1);
  assert.equal(bucketIndex(2 ** 40), PLAT_NR - 1);
  assert.equal(PLAT_NR, 1856);
});

Deno.test("bucketValue: midpoint of the bucket, rounded down (fio json+ bin keys)", () => {
  assert.equal(bucketValue(100), 100);
  assert.equal(bucketValue(128), 129);
  assert.equal(bucketValue(634), 31360);
  // Keys seen in a fio 3.33 json+ run.
  for (const key of [31360, 31872, 1056768, 40108032, 7700480, 2113536]) {
    assert.equal(bucketValue(bucketIndex(key)), key);
  }
});

Deno.test("bucketIndex/bucketValue round-trip and stay monotonic", () => {
  let prev = -1;
  for (let i = 0; i < PLAT_NR; i++) {
    const v = bucketValue(i);
    assert.ok(v > prev);
    assert.equal(bucketIndex(v), i);
    prev = v;
  }
  for (let v = 0; v < 1 << 20; v += 7) {
    const i = bucketIndex(v);
    assert.ok(i === PLAT_NR - 1 || bucketIndex(v + 1) >= i);
  }
});

Deno.test("percentiles: first bucket where the running count reaches p% of N", () => {
  const h = new LatencyHistogram();
  for (let i = 1; i <= 100; i++) h.add(i);
  const got = h.percentiles();
  assert.equal(got.length, DEFAULT_PERCENTILES.length);
  assert.deepEqual(got.slice(0, 4), [
    { p: 1, value: 1 },
    { p: 5, value: 5 },
    { p: 10, value: 10 },
    { p: 20, value: 20 },
  ]);
  assert.deepEqual(got.at(-1), { p: 99.99, value: 100 });
  assert.deepEqual(new LatencyHistogram().percentiles(), []);
});

Deno.test("merge adds counts; bins lists non-empty buckets by value", () => {
  const a = new LatencyHistogram(), b = new LatencyHistogram();
  a.add(5);
  a.add(1000);
  b.add(1000);
  b.add(1 << 30);
  a.merge(b);
  assert.equal(a.total, 4);
  assert.deepEqual(a.bins(), [[5, 1], [1004, 2], [bucketValue(bucketIndex(1 << 30)), 1]]);
  a.clear();
  assert.equal(a.total, 0);
  assert.deepEqual(a.bins(), []);
});

Deno.test("percentileRank: round64(round64(p * N) / 100), as fio 3.33 measures", () => {
  assert.equal(percentileRank(50, 10), 5);
  assert.equal(percentileRank(60, 25), 15);
  assert.equal(percentileRank(80, 25), 20);
  assert.equal(percentileRank(5, 100), 5);
  assert.equal(percentileRank(30, 50), 15);
  assert.equal(percentileRank(99.95, 2000), 2000, "99.95 as a double is just above");
  assert.equal(percentileRank(99.9, 1000), 1000);
  assert.equal(percentileRank(1, 1), 1);
  assert.equal(percentileRank(100, 7), 7);
});
