import { strict as assert } from "node:assert";
import { RateLimiter, rateOptionErrors } from "../../src/worker/rate.ts";
import { NO_RATE } from "./_rate_options.ts";

const BS = [4096, 4096, 4096];

Deno.test("rate_iops: bytes/s = iops * min block size; linear schedule from the epoch", () => {
  const r = new RateLimiter({ ...NO_RATE, iops: [1000, 0, 0] }, BS, 0x89n, 1);
  assert.deepEqual(Array.from(r.bps), [4096000, 0, 0]);
  assert.equal(r.limited, true);
  r.reset(5e9);
  const out = new Float64Array(1);
  // First I/O goes at once, then one every ms.
  assert.equal(r.pick(0, 5e9, false, out), 0);
  assert.equal(out[0], 5e9);
  for (let i = 1; i <= 10; i++) {
    r.issued(0, 4096);
    assert.equal(r.next[0], 5e9 + i * 1e6);
  }
  r.pick(0, 5e9 + 9.5e6, false, out);
  assert.equal(out[0], 5e9 + 10e6);
});

Deno.test("rate: byte limit with larger blocks spaces I/Os by their size", () => {
  const r = new RateLimiter({ ...NO_RATE, bps: [1 << 20, 0, 0] }, BS, 0x89n, 1);
  r.reset(0);
  r.issued(0, 65536);
  assert.equal(r.next[0], 65536 * 1e9 / (1 << 20));
});

Deno.test("rate: a mixed job switches to the direction behind its rate", () => {
  const r = new RateLimiter({ ...NO_RATE, iops: [500, 1000, 0] }, BS, 0x89n, 1);
  r.reset(0);
  const out = new Float64Array(1);
  r.issued(0, 4096); // read next at 2 ms
  r.issued(1, 4096); // write next at 1 ms
  assert.equal(r.pick(0, 1.5e6, true, out), 1); // write is due: switch
  assert.equal(out[0], 1.5e6);
  assert.equal(r.pick(0, 0.5e6, true, out), 1); // both ahead: the earlier one
  assert.equal(out[0], 1e6);
  assert.equal(r.pick(0, 0.5e6, false, out), 0); // not mixed: wait for reads
  assert.equal(out[0], 2e6);
});

Deno.test("rate_process=poisson: mean gap matches the rate, gaps vary", () => {
  const r = new RateLimiter({ ...NO_RATE, iops: [1000, 0, 0], poisson: true }, BS, 0x89n, 1);
  r.reset(0);
  const gaps: number[] = [];
  let last = 0;
  for (let i = 0; i < 20000; i++) {
    r.issued(0, 4096);
    gaps.push(r.next[0] - last);
    last = r.next[0];
  }
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  assert.ok(Math.abs(mean - 1e6) < 0.03e6, `mean gap ${mean}`);
  // Exponential: the standard deviation is about the mean.
  const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
  assert.ok(sd > 0.8e6 && sd < 1.2e6, `sd ${sd}`);
});

Deno.test("rate_ignore_thinktime credits the pause minus one block", () => {
  const r = new RateLimiter(
    { ...NO_RATE, iops: [1000, 0, 0], ignoreThinktime: true },
    BS,
    0x89n,
    1,
  );
  r.reset(0);
  r.issued(0, 4096);
  r.thought(0, 10e6); // 10 ms of thinking: 10 blocks missed, one kept
  r.issued(0, 4096);
  assert.equal(r.next[0], 11e6);
  const plain = new RateLimiter({ ...NO_RATE, iops: [1000, 0, 0] }, BS, 0x89n, 1);
  plain.reset(0);
  plain.thought(0, 10e6);
  plain.issued(0, 4096);
  assert.equal(plain.next[0], 1e6);
});

Deno.test("rate minimums: settle 2 s, sample each rate_cycle, fio's messages", () => {
  const r = new RateLimiter({ ...NO_RATE, iops: [1000, 0, 0], minIops: [900, 0, 0] }, BS, 0x89n, 1);
  r.reset(0);
  const bytes = new Float64Array(3), ios = new Float64Array(3);
  ios[0] = 1000;
  assert.equal(r.checkMin(1.9e9, "j", bytes, ios), true); // settling
  assert.equal(r.checkMin(2e9, "j", bytes, ios), true); // first sample
  ios[0] = 1950;
  assert.equal(r.checkMin(2.5e9, "j", bytes, ios), true); // inside the cycle
  assert.equal(r.checkMin(3e9, "j", bytes, ios), true); // 950 IOPS
  ios[0] = 2750;
  assert.equal(r.checkMin(4e9, "j", bytes, ios), false); // 800 IOPS
  assert.equal(r.failure, "j: rate_iops_min=900 not met, got 800 IOPS");
  const b = new RateLimiter(
    { ...NO_RATE, bps: [1 << 20, 0, 0], minBps: [921600, 0, 0] },
    BS,
    1n,
    1,
  );
  b.reset(0);
  bytes[0] = 1;
  b.checkMin(2e9, "rb", bytes, ios);
  bytes[0] = 1 + 800000;
  assert.equal(b.checkMin(3e9, "rb", bytes, ios), false);
  assert.equal(b.failure, "rb: rate_min=921600B/s not met, got 800000B/s");
});

Deno.test("rate option checks as fio prints them", () => {
  assert.deepEqual(rateOptionErrors({ ...NO_RATE, bps: [1, 1, 1], iops: [4, 4, 4] }), [
    "fio: rate and rate_iops are mutually exclusive",
  ]);
  assert.deepEqual(
    rateOptionErrors({ ...NO_RATE, iops: [100, 100, 100], minIops: [200, 200, 200] }),
    [
      "fio: minimum rate exceeds rate, ddir 0",
      "fio: minimum rate exceeds rate, ddir 1",
      "fio: minimum rate exceeds rate, ddir 2",
    ],
  );
  // A minimum without a limit is fine (fio 3.33 accepts it).
  assert.deepEqual(rateOptionErrors({ ...NO_RATE, minBps: [1024, 0, 0] }), []);
});
