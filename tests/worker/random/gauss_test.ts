import assert from "node:assert/strict";
import { Gauss } from "../../../src/worker/random/gauss.ts";
import { jobSeeds, seedLow32, SeedSlot } from "../../../src/worker/random/seeds.ts";

const seed = seedLow32(jobSeeds(137, 1)[SeedSlot.offset]);

Deno.test("normal blocks equal fio 3.33's (normal:10 over 256 blocks, randseed=137)", () => {
  const g = new Gauss(256, 10, -1, seed);
  assert.deepEqual(Array.from({ length: 8 }, () => g.next()), [27, 120, 128, 157, 61, 140, 36, 82]);
});

Deno.test("normal without the hash: a bell around the middle, width n/12 at σ 0", () => {
  const n = 1 << 20;
  for (const [dev, sd] of [[0, n / 12], [50, Math.hypot(n / 12, (n / 2) / Math.sqrt(12))]]) {
    const g = new Gauss(n, dev, -1, 5, false);
    const xs = Array.from({ length: 20000 }, () => g.next());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const s = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    assert.ok(Math.abs(mean - n / 2) < n * 0.01, `mean ${mean}`);
    assert.ok(Math.abs(s / sd - 1) < 0.05, `sd ${s} vs ${sd}`);
  }
});

Deno.test("a negative value wraps modulo 2^64 before the modulo, as in fio", () => {
  // Center 0 shifts by -n/2: the bell sits across block 0, half of it wrapped
  // to the top (n a power of two divides 2^64; for other n fio's wrap lands elsewhere).
  const n = 1024;
  const g = new Gauss(n, 0, 0, 9, false);
  const xs = Array.from({ length: 5000 }, () => g.next());
  assert.ok(xs.every((x) => x >= 0 && x < n));
  assert.ok(xs.filter((x) => x < 205 || x >= 819).length > 4900);
});
