import assert from "node:assert/strict";
import { histBins, HistLog, mergeBins } from "../../../src/worker/logs/hist_log.ts";
import { bucketIndex, PLAT_NR } from "../../../src/stats/histogram.ts";

function capture(msec: number, coarseness = 0) {
  const chunks: string[] = [];
  const log = new HistLog((t) => chunks.push(t), msec, coarseness);
  const rows = () =>
    chunks.join("").split("\n").filter((l) => l !== "").map((l) => l.split(", ").map(Number));
  return { log, rows };
}

Deno.test("histBins: fio 3.33's column counts per coarseness", () => {
  // Measured: 1859 columns at 0 (3 + 1856 bins), 931 at 1, 467 at 2, 235 at 3, 32 at 6, 18 at 7.
  assert.deepEqual([0, 1, 2, 3, 6, 7].map((c) => histBins(c) + 3), [1859, 931, 467, 235, 32, 18]);
});

Deno.test("mergeBins: sums groups of 2^c buckets, the last group partial", () => {
  const counts = new Float64Array(PLAT_NR * 2);
  counts.fill(1, PLAT_NR, PLAT_NR * 2);
  assert.equal(mergeBins(counts, 0, 0).reduce((a, b) => a + b, 0), 0);
  const m7 = mergeBins(counts, PLAT_NR, 7);
  assert.equal(m7.length, 15);
  assert.equal(m7[0], 128);
  assert.equal(m7[14], PLAT_NR - 14 * 128);
});

Deno.test("HistLog: fio's window rule (thinktime=2.5s, thinktime_blocks=4)", () => {
  // fio 3.33 wrote entries at 5000, 5000, 7500, 7500, 7500 holding 9, 1, 3, 1, 1 samples.
  const { log, rows } = capture(1000);
  for (const t of [0, 2500, 5000, 7500]) {
    for (let k = 0; k < 4; k++) log.add(t, t, 0, 4096, 1000 + t);
  }
  log.flush();
  const r = rows();
  assert.deepEqual(r.map((x) => x[0]), [5000, 5000, 7500, 7500, 7500]);
  assert.deepEqual(r.map((x) => x.slice(3).reduce((a, b) => a + b, 0)), [9, 1, 3, 1, 1]);
  for (const x of r) {
    assert.equal(x.length, 1859);
    assert.equal(x[1], 0);
    assert.equal(x[2], 4096);
  }
  assert.equal(r[0][3 + bucketIndex(1000)], 4);
});

Deno.test("HistLog: fixed cadence from the first non-zero time (thinktime=400ms)", () => {
  // fio 3.33: I/Os every 400 ms gave entries at 1600 2400 3600 4400 ...
  const { log, rows } = capture(1000);
  for (let t = 0; t <= 6000; t += 400) log.add(t, t + 10, 1, 512, 50);
  log.flush();
  assert.deepEqual(rows().map((x) => x[0] - 10), [1600, 2400, 3600, 4400, 5600]);
  assert.ok(rows().every((x) => x[1] === 1 && x[2] === 512));
});

Deno.test("HistLog: directions keep their own windows; coarseness shrinks rows; reset", () => {
  const { log, rows } = capture(100, 6);
  log.add(1, 1, 0, 4096, 10);
  log.add(1, 1, 1, 4096, 10);
  log.add(50, 50, 1, 4096, 10);
  log.add(101, 101, 0, 4096, 10);
  log.add(101, 101, 1, 4096, 10);
  log.reset();
  log.add(250, 250, 0, 4096, 10);
  log.flush();
  const r = rows();
  assert.deepEqual(r.map((x) => [x[0], x[1], x.length]), [[101, 0, 32], [101, 1, 32]]);
  assert.equal(r[0][3], 2);
  assert.equal(r[1][3], 3);
});
