import assert from "node:assert/strict";
import { Zipf } from "../../../src/worker/random/zipf.ts";
import { jobSeeds, seedLow32, SeedSlot } from "../../../src/worker/random/seeds.ts";

const seed = seedLow32(jobSeeds(137, 1)[SeedSlot.offset]);

Deno.test("zipf ranks equal fio 3.33's (zipf:1.2:0.5 over 256 blocks, randseed=137)", () => {
  const z = new Zipf(256, 1.2, 0.5, seed);
  // Block numbers of fio's first reads (write_iolog offsets / 4096).
  assert.deepEqual(Array.from({ length: 8 }, () => z.next()), [
    190,
    174,
    44,
    237,
    171,
    128,
    128,
    107,
  ]);
});

Deno.test("zipf without a center offsets by its first draw; rank 0 is the hot block", () => {
  const z = new Zipf(256, 1.2, -1, seed);
  assert.deepEqual(Array.from({ length: 5 }, () => z.next()), [99, 83, 209, 146, 80]);
  const counts = new Map<number, number>();
  const hot = new Zipf(1000, 1.2, 0, 1);
  for (let i = 0; i < 20000; i++) {
    const v = hot.next();
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  // Center 0: rank 0 hashes to 0 and lands on block 0, with about 1/zeta(1000, 1.2) of the draws.
  assert.equal(top[0], 0);
  assert.ok(top[1] / 20000 > 0.15 && top[1] / 20000 < 0.25, String(top[1]));
});

Deno.test("zipf without the hash keeps ranks in order (file choice)", () => {
  const z = new Zipf(100, 1.5, 0, 3, false);
  const counts = new Array(100).fill(0);
  for (let i = 0; i < 20000; i++) counts[z.next()]++;
  assert.ok(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] > counts[10]);
});
