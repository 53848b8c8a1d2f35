import assert from "node:assert/strict";
import {
  batchIndex,
  type CollectOptions,
  Collector,
  depthIndex,
} from "../../src/worker/collect.ts";

const OPTS: CollectOptions = {
  slat: true,
  clat: true,
  lat: true,
  latIsClat: false,
  clatHist: true,
  latHist: true,
  slatHist: false,
  rates: true,
  bwAvgMs: 500,
  iopsAvgMs: 500,
};

Deno.test("clat/lat: min, max, mean and sample stddev as fio computes them", () => {
  const c = new Collector(OPTS);
  c.reset(0);
  const xs = [1000, 2000, 4000, 8000, 16000];
  for (const x of xs) {
    c.issued[0]++;
    c.addRw(0, 4096, -1, x, x + 100);
  }
  const r = c.dirResults(1000)[0];
  const mean = xs.reduce((a, b) => a + b) / xs.length;
  const m2 = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  assert.equal(r.clat.n, 5);
  assert.equal(r.clat.min, 1000);
  assert.equal(r.clat.max, 16000);
  assert.equal(r.clat.mean, mean);
  assert.ok(Math.abs(r.clat.m2 - m2) < 1e-6);
  assert.equal(r.lat.mean, mean + 100);
  // Sync-style calls pass slat -1: no slat sample.
  assert.equal(r.slat.n, 0);
  assert.equal(r.ioBytes, 5 * 4096);
  assert.equal(r.totalIos, 5);
  assert.equal(r.clatHist!.reduce((a, b) => a + b), 5);
});

Deno.test("latIsClat: lat is reported from clat's stat and histogram", () => {
  const c = new Collector({ ...OPTS, latIsClat: true });
  c.reset(0);
  c.addRw(1, 512, -1, 700, 700);
  c.addRw(1, 512, -1, 900, 900);
  const r = c.dirResults(1000)[1];
  assert.deepEqual(r.lat, r.clat);
  assert.deepEqual(r.latHist, r.clatHist);
});

Deno.test("latency buckets: fio's ns/us/ms ranges", () => {
  const c = new Collector(OPTS);
  c.reset(0);
  // 1 ns -> ns '2'; 999 ns -> ns '1000'; 1 us -> us '2'; 3 us -> us '4';
  // 999 us -> us '1000'; 1 ms -> ms '2'; 1500 ms -> '2000'; 3 s -> '>=2000'.
  for (const ns of [1, 999, 1000, 3000, 999999, 1e6, 1.5e9, 3e9]) c.addRw(0, 1, -1, ns, ns);
  assert.deepEqual([c.latNs[0], c.latNs[9]], [1, 1]);
  assert.deepEqual([c.latUs[0], c.latUs[1], c.latUs[9]], [1, 1, 1]);
  assert.deepEqual([c.latMs[0], c.latMs[10], c.latMs[11]], [1, 1, 1]);
});

Deno.test("latency buckets count clat, not lat, as fio's io_u_mark_latency", () => {
  const c = new Collector(OPTS);
  c.reset(0);
  // An async I/O: 40 us in submission, 30 us to complete, 70 us in all.
  c.addRw(0, 4096, 40_000, 30_000, 70_000);
  // us keys 2,4,10,20,50,100,...: 30 us is in '50' (index 4), 70 us would be '100'.
  assert.equal(c.latUs[4], 1);
  assert.equal(c.latUs[5], 0);
});

Deno.test("latency buckets stay empty without clat (disable_clat, gtod_reduce), as fio", () => {
  const c = new Collector({ ...OPTS, clat: false, clatHist: false });
  c.reset(0);
  c.addRw(0, 4096, -1, 30_000, 30_000);
  assert.equal([...c.latNs, ...c.latUs, ...c.latMs].reduce((a, b) => a + b), 0);
  // lat is still measured.
  assert.equal(c.dirResults(1000)[0].lat.n, 1);
});

Deno.test("depth and submit/complete bucket indexes follow fio's ranges", () => {
  assert.deepEqual([1, 2, 3, 4, 7, 8, 16, 31, 32, 63, 64, 1000].map(depthIndex), [
    0,
    1,
    1,
    2,
    2,
    3,
    4,
    4,
    5,
    5,
    6,
    6,
  ]);
  assert.deepEqual([0, 1, 4, 5, 8, 9, 16, 17, 32, 33, 64, 65].map(batchIndex), [
    0,
    1,
    1,
    2,
    2,
    3,
    3,
    4,
    4,
    5,
    5,
    6,
  ]);
});

Deno.test("bw/iops samples: one per interval, from the bytes and I/Os in it", () => {
  const c = new Collector(OPTS);
  c.reset(0);
  // 1000 I/Os of 4 KiB in the first 500 ms, 500 in the next.
  for (let i = 0; i < 1000; i++) c.addRw(0, 4096, -1, 10, 10);
  c.sample(500e6);
  for (let i = 0; i < 500; i++) c.addRw(0, 4096, -1, 10, 10);
  c.sample(1000e6);
  const r = c.dirResults(1e6)[0];
  assert.equal(r.iops.n, 2);
  assert.equal(r.iops.max, 2000);
  assert.equal(r.iops.min, 1000);
  assert.equal(r.bw.max, 8000); // KiB/s
  assert.equal(r.bw.min, 4000);
  assert.equal(c.nextSampleNs, 1500e6);
});

Deno.test("runtime is rounded up to whole ms, only for directions that moved data", () => {
  const c = new Collector(OPTS);
  c.reset(0);
  c.addRw(0, 4096, -1, 10, 10);
  const [r, w] = c.dirResults(4300);
  assert.equal(r.runtimeMs, 5);
  assert.equal(w.runtimeMs, 0);
});

Deno.test("reset after ramp_time forgets everything", () => {
  const c = new Collector(OPTS);
  c.reset(0);
  c.addRw(0, 4096, -1, 10, 10);
  c.addSync(5000);
  c.reset(1e9);
  const r = c.dirResults(1000)[0];
  assert.equal(r.totalIos, 0);
  assert.equal(c.syncIos, 0);
  assert.equal(c.latNs.reduce((a, b) => a + b), 0);
  assert.equal(c.startNs, 1e9);
});
