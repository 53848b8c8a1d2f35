import assert from "node:assert/strict";
import { Pareto } from "../../../src/worker/random/pareto.ts";
import { jobSeeds, seedLow32, SeedSlot } from "../../../src/worker/random/seeds.ts";

Deno.test("pareto blocks equal fio 3.33's (pareto:0.3 over 256 blocks, randseed=137)", () => {
  const p = new Pareto(256, 0.3, -1, seedLow32(jobSeeds(137, 1)[SeedSlot.offset]));
  assert.deepEqual(Array.from({ length: 8 }, () => p.next()), [89, 36, 238, 95, 201, 37, 16, 188]);
});

Deno.test("pareto:h puts about 1-h of the draws on the hottest h of the ranks", () => {
  const n = 1000;
  const p = new Pareto(n, 0.2, 0, 11, false);
  let low = 0;
  for (let i = 0; i < 20000; i++) if (p.next() < n * 0.2) low++;
  assert.ok(Math.abs(low / 20000 - 0.8) < 0.03, String(low));
});
