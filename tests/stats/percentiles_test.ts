import assert from "node:assert/strict";
import {
  bucketValue as platIdxToVal,
  calcPercentiles,
  PLAT_NR,
  plistLen,
} from "../../src/stats/histogram.ts";

Deno.test("platIdxToVal gives bucket midpoints as in json+ bins", () => {
  assert.equal(platIdxToVal(0), 0);
  assert.equal(platIdxToVal(127), 127);
  assert.equal(platIdxToVal(128), 129);
  // Seen in fio json+ output: 6752 and 152576 are bucket values.
  const idx6752 = ((12 - 5) << 6) + ((6750 >> 6) & 63);
  assert.equal(platIdxToVal(idx6752), 6752);
  assert.equal(platIdxToVal(PLAT_NR - 1) > 2 ** 33, true);
});

Deno.test("percentile walk uses double arithmetic (fio 3.33 on x86_64)", () => {
  // 25 samples, one per bucket 100..124. Measured with real fio (json+,
  // randwrite 100k/4k, percentile_list=60): fio reports the 15th sample,
  // because 60 / 100 * 25 is exactly 15 in double arithmetic.
  const hist = new Array(PLAT_NR).fill(0);
  for (let i = 0; i < 25; i++) hist[100 + i] = 1;
  const r = calcPercentiles(hist, 25, [60, 30]);
  assert.deepEqual(r.list, [30, 60]);
  assert.deepEqual(r.values, [107, 114]);
  assert.equal(r.min, 107);
  assert.equal(r.max, 114);
});

Deno.test("plistLen stops at a zero entry and at 20 entries", () => {
  assert.equal(plistLen([1, 2, 0, 3]), 2);
  assert.equal(plistLen(new Array(30).fill(1)), 20);
});
