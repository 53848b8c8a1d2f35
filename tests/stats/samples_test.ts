import assert from "node:assert/strict";
import { RateSampler } from "../../src/stats/samples.ts";

Deno.test("bw sampler: one KiB/s sample per interval, truncated like fio", () => {
  const s = new RateSampler(500, "kib", 0);
  const totals = new Float64Array(3);
  totals[0] = 1_000_000;
  assert.equal(s.tick(200, totals), 300, "too early: time left");
  assert.equal(s.tick(500, totals), 500);
  // 1_000_000 B * 1000 / 500 ms = 2_000_000 B/s -> 1953 KiB/s
  assert.equal(s.stats[0].n, 1);
  assert.equal(s.stats[0].max, 1953);
  assert.equal(s.stats[1].n, 0, "an idle direction gets no sample");
  totals[0] += 512_000;
  s.tick(999, totals); // 1 ms early is within fio's slack
  assert.equal(s.stats[0].n, 2);
  assert.equal(s.stats[0].min, Math.floor(Math.floor(512_000_000 / 499) / 1024));
});

Deno.test("iops sampler counts I/Os per second", () => {
  const s = new RateSampler(1000, "count", 10);
  const totals = [0, 3000, 0];
  s.tick(1010, totals);
  totals[1] = 4500;
  s.tick(2010, totals);
  assert.equal(s.stats[1].n, 2);
  assert.equal(s.stats[1].mean, 2250);
  assert.equal(s.stats[1].min, 1500);
});
